/**
 * The regions `lp check` analyses a large input in (cli/src/textRegions.ts) must hold exactly the
 * data lines of the whole input, as the server's splitter (core/src/split.ts) finds them: each
 * region begins at a data-line boundary, wherever the pieces arrive cut.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom, generateLines } from '../../bench/generate';
import { textRegions } from '../../cli/src/textRegions';
import { splitDataLines } from '../../core/src/index';
import { countNewlines } from '../../core/src/parse/chars';
import { loadCorpus } from '../core/corpus';

/** Each data line as text, physical line and data-line number, of the whole text. */
function lines(text: string): string[] {
  return splitDataLines(text).map((l) => JSON.stringify([l.text, l.physicalLine, l.dataLine]));
}

/** The same, found region by region, each region's numbers shifted by the regions before it. */
async function linesByRegion(text: string, cuts: readonly number[], minRegion: number): Promise<{ lines: string[]; regions: string[] }> {
  async function* pieces(): AsyncIterable<string> {
    let at = 0;
    for (const cut of [...cuts, text.length]) {
      yield text.slice(at, cut);
      at = cut;
    }
  }
  const out: string[] = [];
  const regions: string[] = [];
  let physical = 0;
  let data = 0;
  for await (const region of textRegions(pieces(), minRegion)) {
    regions.push(region);
    const found = splitDataLines(region);
    for (const l of found) out.push(JSON.stringify([l.text, l.physicalLine + physical, l.dataLine + data]));
    physical += countNewlines(region);
    data += found.length;
  }
  return { lines: out, regions };
}

const ALPHABET = ['m', 'f', 't', '1', ' ', ' ', ',', '=', '=', '"', '"', '\\', '\\\\', '\\\n', '\n', '\n', '\r\n', '\r', '#', '\t', 'é', '😀', 'x=1', ' f="a\nb"', 'm,t=a f=1 1\n', '# c "q\n'];

function generated(rnd: () => number): string {
  const length = Math.floor(rnd() * 80);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return text;
}

function cutsOf(size: number, rnd: () => number, most: number): number[] {
  const cuts: number[] = [];
  for (let at = 0; at < size; ) {
    at += 1 + Math.floor(rnd() * most);
    if (at < size) cuts.push(at);
  }
  return cuts;
}

async function agrees(text: string, cuts: readonly number[], minRegion: number, what: string): Promise<void> {
  const { lines: found, regions } = await linesByRegion(text, cuts, minRegion);
  assert.equal(regions.join(''), text, `${what}: the regions are the input`);
  regions.slice(0, -1).forEach((r) => assert.ok(r.length >= minRegion && r.endsWith('\n'), `${what}: a region but the last ends after a line's '\\n' and is not short`));
  assert.deepEqual(found, lines(text), what);
}

void describe('textRegions', () => {
  void it('finds the data lines of the whole text on every corpus input, cut anywhere', async () => {
    const rnd = createRandom(7);
    let inputs = 0;
    for (const entry of loadCorpus()) {
      const text = entry.input;
      for (const minRegion of [1, 5, 64]) await agrees(text, cutsOf(text.length, rnd, 9), minRegion, `${entry.id}, regions of ${minRegion}`);
      inputs++;
    }
    assert.ok(inputs > 20);
  });

  void it('agrees with the splitter on generated inputs: multi-line strings, escaped line breaks, CRLF and lone CR, comments with quotes', async () => {
    const rnd = createRandom(11);
    for (let i = 0; i < 3000; i++) {
      const text = generated(rnd);
      await agrees(text, cutsOf(text.length, rnd, 6), 1 + Math.floor(rnd() * 20), `input ${JSON.stringify(text)}`);
    }
  });

  void it('cuts the bench generator text into regions of the asked size, a string over many pieces scanned once', async () => {
    const text = generateLines(2000, 9) + 'm s="' + 'x\n'.repeat(5000) + '" 1\nafter f=1\n';
    const rnd = createRandom(3);
    const { regions } = await linesByRegion(text, cutsOf(text.length, rnd, 4000), 64 * 1024);
    assert.ok(regions.length >= 4, `${regions.length} regions`);
    await agrees(text, cutsOf(text.length, rnd, 4000), 64 * 1024, 'generated text');
  });

  void it('an empty input yields no region; a region is cut only after a piece ends a line', async () => {
    assert.deepEqual((await linesByRegion('', [], 1)).regions, []);
    assert.deepEqual((await linesByRegion('\n# only\n  \n', [1, 3], 1)).regions, ['\n', '# only\n  \n']);
  });
});
