/**
 * Region-by-region parsing (what lets `lp` stream files of any size) must give exactly what one
 * parse of the whole text gives, wherever the pieces and regions are cut.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateLines } from '../../bench/generate';
import type { ParseOptions } from '../../core/src/api';
import { formatParseRecord } from '../../cli/src/jsonLines';
import { lineOf, parseRegions, positionOf } from '../../cli/src/streamRegions';
import { FIXTURES } from './builtCli';

async function* pieces(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Every data line as its JSON record plus where its error starts and ends. */
async function records(text: string, pieceSize: number, minRegionChars: number, options: ParseOptions = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const region of parseRegions(pieces(text, pieceSize), options, minRegionChars)) {
    for (let i = 0; i < region.count; i++) {
      const result = region.table.result(i, region.text, 0);
      const from = result.ok ? undefined : positionOf(region, i, result.error.offset);
      const to = result.ok ? undefined : positionOf(region, i, result.error.end);
      out.push(`${formatParseRecord(lineOf(region, i), region.dataLineBase + i + 1, result, from?.column ?? 0)} ${JSON.stringify([from, to])}`);
    }
  }
  return out;
}

const EDGES = [
  'a f=1\n',
  '   indented f=1 5\n',
  '\t\tm f=1\n',
  '# comment\r\n',
  'cr f=1\r\n',
  'cont\\\ninued f=1\n',
  'q s="spans\n\nthree lines",g=2i 7\n',
  'q s="spans\nbad" 1x\n',
  '\n\n   \n',
  'bad,=x f=1\n',
  'esc f=1\\\nnext f=2\n',
  '# a comment b=1 "opens a quote\nm f=1\n"closes it\n',
  'q2 s="ends with a newline\n"\n',
  'u v=1u,w="é😀 text" x\n',
  '# a comment with no newline at the end',
].join('');

void describe('parseRegions', () => {
  const sample = readFileSync(join(FIXTURES, 'sample.lp'), 'utf8');
  const generated = generateLines(300, 3);

  for (const [name, text] of [
    ['sample.lp', sample],
    ['edge cases', EDGES],
    ['edge cases without the final comment', EDGES.slice(0, EDGES.lastIndexOf('#'))],
    ['an unterminated string at the end', 'a f=1\nb s="never closed\nstill open'],
    ['generated text', generated],
  ] as const) {
    void test(`${name}: any cut gives the same lines as one region`, async () => {
      const whole = await records(text, text.length || 1, Number.MAX_SAFE_INTEGER);
      assert.ok(whole.length > 0);
      for (const [pieceSize, minRegion] of [[1, 1], [3, 1], [7, 16], [50, 64], [1000, 200]]) {
        assert.deepEqual(await records(text, pieceSize, minRegion), whole, `pieces of ${pieceSize}, regions of at least ${minRegion}`);
      }
    });
  }

  for (const target of ['v2', 'v1'] as const) {
    void test(`--target ${target}: any cut gives the same lines as one region`, async () => {
      for (const text of [sample, EDGES]) {
        const whole = await records(text, text.length, Number.MAX_SAFE_INTEGER, { target });
        for (const [pieceSize, minRegion] of [[1, 1], [2, 5], [7, 16], [50, 64]]) {
          assert.deepEqual(await records(text, pieceSize, minRegion, { target }), whole, `pieces of ${pieceSize}, regions of at least ${minRegion}`);
        }
      }
    });
  }

  void test('numbers lines across regions: data lines, physical lines, columns after indentation', async () => {
    const lines = await records('# c\n\n   m f=1 x\nok f=1\n', 1, 1);
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^\{"line":3,"dataLine":1,"ok":false,.*"column":9\}\} \[\{"line":3,"column":9\}/);
    assert.match(lines[1], /^\{"line":4,"dataLine":2,"ok":true/);
  });

  void test('an empty input yields no region', async () => {
    assert.deepEqual(await records('', 1, 1), []);
    assert.deepEqual(await records('\n# only\n  \n', 1, 1), []);
  });
});
