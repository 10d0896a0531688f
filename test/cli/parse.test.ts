/** `lp parse --json`: the exact JSON Lines of the real built CLI, per target, from files and stdin. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateLines } from '../../bench/generate';
import { formatParseRecord } from '../../cli/src/jsonLines';
import { LineIndex, parseLineProtocol } from '../../core/src/index';
import { FIXTURES, ensureBuilt, jsonLines, runLp } from './builtCli';

/** The expected output for fixtures/sample.lp under v3, one record per data line. */
const SAMPLE_V3 = [
  '{"line":3,"dataLine":1,"ok":true,"measurement":"weather","tags":[["station","north pole"],["kind","a,b"]],"fields":[["temp",{"type":"float","value":"-1.5"}],["count",{"type":"integer","value":"42"}],["total",{"type":"uinteger","value":"7"}],["note",{"type":"string","value":"say \\"hi\\" \\\\ ok"}],["ok",{"type":"boolean","value":true}]],"timestamp":"1700000000000000000"}',
  '{"line":5,"dataLine":2,"ok":true,"measurement":"cpu","tags":[],"fields":[["usage",{"type":"float","value":"Infinity"}],["neg",{"type":"float","value":"-0"}],["big",{"type":"integer","value":"9223372036854775807"}],["t",{"type":"boolean","value":true}],["small",{"type":"float","value":"1.5e-7"}]],"timestamp":null}',
  '{"line":6,"dataLine":3,"ok":true,"measurement":"log","tags":[],"fields":[["msg",{"type":"string","value":"first line\\nsecond line"}],["level",{"type":"string","value":"warn"}]],"timestamp":"1700000000000000001"}',
  '{"line":9,"dataLine":4,"ok":false,"error":{"kind":"FieldSetMissing","message":"No fields were provided","column":5}}',
  '{"line":10,"dataLine":5,"ok":false,"error":{"kind":"CannotParseEntireLine","message":"Could not parse entire line. Found trailing content: `x`","column":13}}',
  '{"line":11,"dataLine":6,"ok":false,"error":{"kind":"FieldSetMissing","message":"No fields were provided","column":12}}',
  // The error lies on the string's second physical line (13): "line" stays 12, "column" counts in line 13.
  '{"line":12,"dataLine":7,"ok":false,"error":{"kind":"CannotParseEntireLine","message":"Could not parse entire line. Found trailing content: ` x`","column":3}}',
  // Columns count UTF-16 code units: é is one, 😀 is two.
  '{"line":14,"dataLine":8,"ok":false,"error":{"kind":"CannotParseEntireLine","message":"Could not parse entire line. Found trailing content: ` x`","column":12}}',
];

interface Record {
  readonly line: number;
  readonly dataLine: number;
  readonly ok: boolean;
  readonly error?: { readonly kind: string };
}

before(() => ensureBuilt());

void describe('lp parse --json', () => {
  void test('prints exact JSON Lines: comments and blank lines skipped, multi-line strings, every value type, errors with columns', async () => {
    const run = await runLp(['parse', '--json', 'sample.lp']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    assert.equal(run.stdout, SAMPLE_V3.map((l) => l + '\n').join(''));
  });

  void test("'-' reads standard input, with the same output as the file", async () => {
    const run = await runLp(['parse', '--json', '-'], { stdin: readFileSync(join(FIXTURES, 'sample.lp'), 'utf8') });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, SAMPLE_V3.map((l) => l + '\n').join(''));
  });

  void test('an empty input prints nothing and succeeds', async () => {
    const run = await runLp(['parse', '--json', '-'], { stdin: '# only a comment\n\n' });
    assert.deepEqual([run.status, run.stdout, run.stderr], [0, '', '']);
  });

  for (const [target, expected] of [
    // weather (7u), cpu (1e400), log, bad, 12x, .5 / a=b, multi-line + x, é😀 + x
    ['v3', [true, true, true, false, false, false, false, false]],
    ['cloud-dedicated', [true, true, true, false, false, false, false, false]],
    ['v2', [true, false, true, false, false, false, false, false]],
    ['oss-v2', [true, false, true, false, false, false, false, false]],
    ['v1', [false, false, true, false, false, false, false, false]],
  ] as const) {
    void test(`--target ${target} applies that parser's rules`, async () => {
      const run = await runLp(['parse', '--json', '--target', target, 'sample.lp']);
      assert.equal(run.status, 0, run.stderr);
      const records = jsonLines(run.stdout) as Record[];
      assert.deepEqual(records.map((r) => r.ok), expected);
      assert.deepEqual(records.map((r) => [r.line, r.dataLine]), [[3, 1], [5, 2], [6, 3], [9, 4], [10, 5], [11, 6], [12, 7], [14, 8]]);
    });
  }

  void test('LP_TARGET sets the default target', async () => {
    const run = await runLp(['parse', '--json', 'sample.lp'], { env: { LP_TARGET: 'v1' } });
    assert.equal((jsonLines(run.stdout)[0] as Record).ok, false);
  });

  void describe('string limits follow the product', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lp-cli-'));
      writeFileSync(join(dir, 'long.lp'), `m s="${'x'.repeat(65537)}"\nm s="${'x'.repeat(65536)}"\n`);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    void test('cloud-serverless rejects a string over 64KB; core accepts up to 1MB', async () => {
      const cloud = jsonLines((await runLp(['parse', '--json', '--target', 'cloud-serverless', join(dir, 'long.lp')])).stdout) as Record[];
      assert.deepEqual(cloud.map((r) => [r.ok, r.error?.kind]), [[false, 'FieldStringValueTooLarge'], [true, undefined]]);
      const core = jsonLines((await runLp(['parse', '--json', '--target', 'core', join(dir, 'long.lp')])).stdout) as Record[];
      assert.deepEqual(core.map((r) => r.ok), [true, true]);
    });
  });

  void describe('a file larger than one read region', () => {
    let dir = '';
    let text = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lp-cli-'));
      // ~3 MB: several 1 MiB regions, with multi-line strings and errors sprinkled in so that
      // region boundaries fall everywhere.
      const lines = generateLines(15_000, 7).split('\n');
      for (let i = 50; i < lines.length; i += 997) lines[i] = `multi s="line one\nline two ${i}",f=1i ${i}`;
      for (let i = 70; i < lines.length; i += 1409) lines[i] = `broken f=1 x${i}`;
      text = lines.join('\n');
      writeFileSync(join(dir, 'big.lp'), text);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    void test('prints the same records as parsing the whole text at once', async () => {
      const run = await runLp(['parse', '--json', join(dir, 'big.lp')]);
      assert.equal(run.status, 0, run.stderr);
      const doc = parseLineProtocol(text);
      const index = new LineIndex(text);
      const expected: string[] = [];
      for (let i = 0; i < doc.count; i++) {
        const result = doc.result(i);
        const column = result.ok ? 0 : index.positionAt(result.error.offset).character + 1;
        expected.push(formatParseRecord(doc.physicalLine(i) + 1, i + 1, result, column) + '\n');
      }
      assert.ok(doc.count > 14_000);
      assert.ok(expected.some((l) => l.includes('"ok":false')));
      assert.equal(run.stdout, expected.join(''));
    });
  });
});
