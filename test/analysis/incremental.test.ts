/**
 * The incremental analysis must always equal a fresh analysis of the same text: random edits
 * (quotes that join lines, escaped newlines, CRLF, type changes) on a document cut into tiny
 * chunks, compared after every edit with a from-scratch analysis, for each parser family.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { LineIndex } from '../../core/src/index';
import { createRandom } from '../../bench/generate';

const NOW = 1700000000000000000n;


const START = [
  '# comment',
  'cpu,host=a usage=1.5,n=1i 1700000000000000000',
  'cpu,host=b usage=2i 1700000000000000001',
  '',
  'mem,host=a free=3u,note="multi',
  'line string" 1700000000000000002',
  'weat\\',
  'her f=1',
  'cpu,usage=x host=1',
  'disk used=1,used=2 1700000000',
  'm f=1\r',
  'cpu usage="s" 1700000000000000003',
].join('\n');

const PIECES = ['"', '\n', '\\', ' ', ',', '=', 'i', 'u', '1', '.5', 'cpu', 'usage=', 'host=', '\r\n', '#', 'x', 'true', ' 1700000000000000009\n', '\n\n'];

// Chunks cut at open may be larger than the ones an edit re-cuts to (fewer tables to build at open).
const CUTS = [
  { chunkSize: 48, openChunkSize: 48 },
  { chunkSize: 48, openChunkSize: 200 },
];

// Under seconds precision START's nanosecond timestamps are beyond the range: points that reach no
// table, and claim no column, until an edit shortens their timestamp.
const VARIANTS = [
  ...['cloud-serverless', 'core', 'oss-v2', 'v1'].map((target) => ({ target, precision: 'ns', name: target })),
  ...['cloud-serverless', 'v1'].map((target) => ({ target, precision: 's', name: `${target}, precision s` })),
];

for (const { target, precision, name } of VARIANTS) for (const cut of CUTS) {
  void test(`random edits keep the incremental analysis equal to a fresh one (${name}, chunks of ${cut.openChunkSize} at open, ${cut.chunkSize} after edits)`, () => {
    const settings = resolveSettings({ target, precision });
    const options = { now: () => NOW, ...cut };
    const rand = createRandom(target.length * 7919);
    let text = START;
    const a = new DocumentAnalysis(text, settings, options);
    for (let step = 0; step < 400; step++) {
      const index = new LineIndex(text);
      // Never split a CRLF pair: an editor never places a position between '\r' and '\n'.
      const whole = (o: number) => (o > 0 && text[o - 1] === '\r' && text[o] === '\n' ? o - 1 : o);
      const from = whole(Math.floor(rand() * (text.length + 1)));
      const to = whole(Math.min(text.length, from + (rand() < 0.5 ? 0 : Math.floor(rand() * 12))));
      let insert = '';
      const n = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) insert += PIECES[Math.floor(rand() * PIECES.length)];
      const range = { start: index.positionAt(from), end: index.positionAt(to) };
      const fromOffset = index.offsetAt(range.start);
      const toOffset = index.offsetAt(range.end);
      a.applyChange(range, insert);
      text = text.slice(0, fromOffset) + insert + text.slice(toOffset);
      assert.equal(a.getText(), text, `text after step ${step}`);
      const fresh = new DocumentAnalysis(text, settings, options);
      assert.deepEqual(a.diagnostics(), fresh.diagnostics(), `diagnostics after step ${step}: ${JSON.stringify(text)}`);
    }
    // Positions agree with the core's LineIndex (the editor's line breaks) everywhere.
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue;
      assert.deepEqual(a.positionAt(o), index.positionAt(o), `positionAt(${o})`);
      assert.equal(a.offsetAt(index.positionAt(o)), index.offsetAt(index.positionAt(o)), `offsetAt at ${o}`);
    }
  });
}

void test('a point beyond the timestamp range claims no column until an edit brings it in range', () => {
  // Seconds precision: the first line's nanosecond timestamp is beyond the range.
  const settings = resolveSettings({ target: 'cloud-serverless', precision: 's' });
  const filler = Array.from({ length: 20 }, (_, i) => `other v=${i}i 1700000000`).join('\n');
  const text = `cpu f=1i 1700000000000000000\n${filler}\ncpu f=1.5 1700000000\n`;
  const a = new DocumentAnalysis(text, settings, { now: () => NOW, chunkSize: 64 });
  const codes = (x: DocumentAnalysis) => x.diagnostics().map((d) => [d.code, d.range.start.line]);
  assert.deepEqual(codes(a), [['timestamp-range', 0]]);
  // Nine digits fewer: line 1 reaches the table, sets the integer type, and line 22 conflicts.
  a.applyChange({ start: { line: 0, character: 19 }, end: { line: 0, character: 28 } }, '');
  assert.deepEqual(codes(a), [['field-type-conflict', 21]]);
  assert.deepEqual(a.diagnostics(), new DocumentAnalysis(a.getText(), settings, { now: () => NOW, chunkSize: 64 }).diagnostics());
  // And back: the float on line 22 sets the type again.
  a.applyChange({ start: { line: 0, character: 19 }, end: { line: 0, character: 19 } }, '000000000');
  assert.deepEqual(codes(a), [['timestamp-range', 0]]);
  assert.deepEqual(a.diagnostics(), new DocumentAnalysis(a.getText(), settings, { now: () => NOW, chunkSize: 64 }).diagnostics());
});

void test('a full-text change replaces the document', () => {
  const a = new DocumentAnalysis('m f=1\n', resolveSettings({}), { now: () => NOW });
  a.applyChange(undefined, 'm f=1\nm f=2i\n');
  assert.deepEqual(
    a.diagnostics().map((d) => d.code),
    ['field-type-conflict'],
  );
});

void test('an edit far from the first occurrence leaves other chunks checked once', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `cpu,host=h${i % 7} usage=${i}.5 ${NOW + BigInt(i)}`);
  const a = new DocumentAnalysis(lines.join('\n') + '\n', resolveSettings({}), { now: () => NOW, chunkSize: 1024 });
  assert.deepEqual(a.diagnostics(), []);
  // An integer in the middle conflicts with the float set on line 1.
  const line = 1000;
  const col = lines[line].indexOf('.5');
  a.applyChange({ start: { line, character: col }, end: { line, character: col + 2 } }, 'i');
  const d = a.diagnostics();
  assert.deepEqual(
    d.map((x) => [x.code, x.range.start.line]),
    [['field-type-conflict', 1000]],
  );
  // Making line 1 an integer flips the fact: now every other line conflicts (and line 1000 does not).
  const c0 = lines[0].indexOf('.5');
  a.applyChange({ start: { line: 0, character: c0 }, end: { line: 0, character: c0 + 2 } }, 'i');
  const after = a.diagnostics();
  assert.equal(after.length, 1000);
  assert.equal(after.some((x) => x.range.start.line === 1000 || x.range.start.line === 0), false);
});

void test('a new earlier first occurrence takes over the fact from a later chunk', () => {
  const filler = Array.from({ length: 50 }, (_, i) => `other v=${i}i`).join('\n');
  const a = new DocumentAnalysis(`${filler}\ncpu f=1i\n`, resolveSettings({}), { now: () => NOW, chunkSize: 64 });
  assert.deepEqual(a.diagnostics(), []);
  a.applyChange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'cpu f=1.5\n');
  assert.deepEqual(
    a.diagnostics().map((d) => [d.code, d.range.start.line, d.message.includes('(line 1,')]),
    [['field-type-conflict', 51, true]],
  );
  // Removing it again gives the fact back to the later line.
  a.applyChange({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, '');
  assert.deepEqual(a.diagnostics(), []);
});

void test('an edit re-parses only the chunk it touches; a newly opened quote re-parses up to where the line ends', () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `cpu,host=h${i % 5} usage=${i}.5,note="n" ${NOW + BigInt(i)}`);
  const a = new DocumentAnalysis(lines.join('\n') + '\n', resolveSettings({}), { now: () => NOW, chunkSize: 4096 });
  const before = [...a.chunks];
  assert.ok(before.length > 20);
  a.applyChange({ start: { line: 1500, character: 5 }, end: { line: 1500, character: 5 } }, 'x');
  const kept = a.chunks.filter((c) => before.includes(c)).length;
  assert.equal(kept, before.length - 1, 'every other chunk is the same object, not re-parsed');
  // A backslash at the end of a chunk's last line escapes its newline: the line now runs into the
  // next chunk, which is re-parsed with it; every other chunk is kept.
  const boundary = a.chunks[10].line;
  const beforeEscape = [...a.chunks];
  a.applyChange({ start: { line: boundary - 1, character: lines[boundary - 1].length }, end: { line: boundary - 1, character: lines[boundary - 1].length } }, '\\');
  const replaced = beforeEscape.filter((c) => !a.chunks.includes(c));
  assert.deepEqual(replaced, [beforeEscape[9], beforeEscape[10]]);
  assert.deepEqual(a.diagnostics(), new DocumentAnalysis(a.getText(), resolveSettings({}), { now: () => NOW }).diagnostics());
});

void test('random edits near the column limit keep the incremental analysis equal to a fresh one (cloud-serverless)', () => {
  const settings = resolveSettings({ target: 'cloud-serverless' });
  const options = { now: () => NOW, chunkSize: 48, openChunkSize: 48 };
  // 196 fields + time: four columns short of the limit; short lines add, break and repeat columns.
  const wide = `wide ${Array.from({ length: 196 }, (_, i) => `f${i}=1i`).join(',')}`;
  const short = ['wide g1=1i', 'wide g2=1i,g3=1i', 'wide f0="s",h1=1i', 'wide,t1=a g4=1i', 'wide g1=1.5', 'wide h1=1i,h2=1i', 'cpu v=1'];
  const pieces = ['\n', 'wide ', 'g5=1i', ',g6=1i', 'f1="x"', 'h3=1i', '\nwide g2=1i', ' ', '1'];
  const rand = createRandom(424242);
  let text = [wide, ...Array.from({ length: 24 }, () => short[Math.floor(rand() * short.length)])].join('\n') + '\n';
  const a = new DocumentAnalysis(text, settings, options);
  let limits = 0;
  for (let step = 0; step < 300; step++) {
    const index = new LineIndex(text);
    // Edits after the wide line, which stays whole.
    const from = wide.length + 1 + Math.floor(rand() * (text.length - wide.length));
    const to = Math.min(text.length, from + (rand() < 0.5 ? 0 : Math.floor(rand() * 10)));
    const insert = rand() < 0.3 ? '' : pieces[Math.floor(rand() * pieces.length)];
    a.applyChange({ start: index.positionAt(from), end: index.positionAt(to) }, insert);
    text = text.slice(0, from) + insert + text.slice(to);
    const expected = new DocumentAnalysis(text, settings, options).diagnostics();
    assert.deepEqual(a.diagnostics(), expected, `diagnostics after step ${step}: ${JSON.stringify(text.slice(wide.length))}`);
    limits += expected.filter((d) => d.code === 'column-limit').length;
  }
  assert.ok(limits > 50, `${limits} column-limit diagnostics over the steps`);
});

void test('deleting the line that set a type: the next chunk writing that type sets it, and a later other type still conflicts', () => {
  // Chunks of one line: the float on line 4 sets the type once line 1 is gone, so line 6's string
  // is rejected; line 4 neither conflicts nor claims anything before the edit.
  const text = ['m f=1 1700000000000000000', 'x a=1 1700000000000000000', 'x b=1 1700000000000000000', 'm f=2 1700000000000000000', 'x c=1 1700000000000000000', 'm f="s" 1700000000000000000', ''].join('\n');
  for (const target of ['cloud-serverless', 'v1']) {
    const settings = resolveSettings({ target });
    const options = { now: () => NOW, chunkSize: 30, openChunkSize: 30 };
    const a = new DocumentAnalysis(text, settings, options);
    a.applyChange({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, '');
    const fresh = new DocumentAnalysis(a.getText(), settings, options);
    assert.equal(fresh.diagnostics().length, 1, target);
    assert.deepEqual(a.diagnostics(), fresh.diagnostics(), target);
  }
});
