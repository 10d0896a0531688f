/**
 * A text analysed in two parts and joined (what the language server does with a large document,
 * the tail in a worker thread) gives exactly the analysis of one pass: the same diagnostics, the
 * same positions, and edits afterwards behave the same. The tail crosses a structured clone with
 * its buffers transferred, as it does between threads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { analyzePart, partBuffers, partCut } from '../../core/src/analysis/parts';
import { resolveSettings } from '../../core/src/analysis/settings';
import { clockStartingAt } from '../../core/src/analysis/time';
import { createRandom } from '../../bench/generate';

const NOW = 1700000000000000000n;
const CUT = { chunkSize: 48, openChunkSize: 120 };

/** Lines that set, break and repeat facts, with errors, CRLF, comments and a string over two lines. */
const LINES = [
  '# comment',
  'cpu,host=a usage=1.5,n=1i 1700000000000000000',
  'cpu,host=b usage=2i 1700000000000000001',
  '',
  'mem,host=a free=3u,note="multi\nline string" 1700000000000000002',
  'cpu,usage=x host=1',
  'disk used=1,used=2 1700000000',
  'm f=1\r',
  'cpu usage="s" 1700000000000000003',
  'cpu,n=tag v=1 1700000000000000004',
  'weather\\ station,site=a t=1.5,t2=1i 1700000000000000005',
  'weather\\ station t=1i 1700000000000000006',
  'bad line',
  'time f=1',
  'cpu time=1,v=2 1700000000000000007',
  'weat\\\nher f=1 1700000000000000008',
];

function randomText(seed: number, lines: number): string {
  const rand = createRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(LINES[Math.floor(rand() * LINES.length)]);
  return out.join('\n') + (rand() < 0.5 ? '\n' : '');
}

/** The text analysed as a head and a tail cut at `at`, the tail through a structured clone; undefined when they cannot be joined. */
function joined(text: string, at: number, target: string, retentionPeriod?: string): DocumentAnalysis | undefined {
  const settings = resolveSettings({ target, maxDiagnostics: 100000, retentionPeriod });
  const tail = text.slice(at);
  const sent = analyzePart(tail, settings, NOW, CUT);
  const region = structuredClone(sent, { transfer: partBuffers(sent) });
  const head = new DocumentAnalysis(text.slice(0, at), settings, { ...CUT, now: () => NOW });
  return head.appendPart(tail, region) ? head : undefined;
}

const VARIANTS = [
  ...['cloud-serverless', 'core', 'oss-v2', 'v1'].map((target) => ({ target, retentionPeriod: undefined })),
  // Retention makes the checks depend on the time: both parts must use the same.
  { target: 'cloud-serverless', retentionPeriod: '30d' },
];

for (const { target, retentionPeriod } of VARIANTS) {
  void test(`a text checked in two parts and joined equals one pass, wherever it is cut (${target}${retentionPeriod ? `, retention ${retentionPeriod}` : ''})`, () => {
    let joins = 0;
    let refused = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const text = randomText(seed * 7919 + target.length, 40);
      const settings = resolveSettings({ target, maxDiagnostics: 100000, retentionPeriod });
      const whole = new DocumentAnalysis(text, settings, { ...CUT, now: () => NOW });
      const expected = whole.diagnostics();
      for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
        const a = joined(text, at, target, retentionPeriod);
        if (a === undefined) {
          // Only a cut inside the quoted string or after the escaped line break cannot be joined.
          const head = text.slice(0, at);
          assert.ok(head.endsWith('note="multi\n') || head.endsWith('weat\\\n'), `refused at ${at}`);
          refused++;
          continue;
        }
        joins++;
        assert.equal(a.getText(), text);
        assert.deepEqual(a.diagnostics(), expected, `cut at ${at} of ${JSON.stringify(text)}`);
        for (let o = 0; o <= text.length; o += 7) assert.deepEqual(a.positionAt(o), whole.positionAt(o));
        // The joined chunks' texts become strings of their own: the same characters.
        a.detachTexts();
        assert.equal(a.getText(), text);
        assert.deepEqual(a.diagnostics(), expected);
      }
    }
    assert.ok(joins > 200 && refused > 0, `${joins} joins, ${refused} refused`);
  });
}

void test('a joined analysis takes edits like one made in one pass', () => {
  const text = randomText(42, 60);
  const settings = resolveSettings({ maxDiagnostics: 100000 });
  const at = partCut(text);
  assert.ok(at !== undefined);
  let a = joined(text, at, 'cloud-serverless');
  // Move the cut until it is a data-line boundary.
  let cut = at;
  while (a === undefined) {
    cut = text.indexOf('\n', cut) + 1;
    a = joined(text, cut, 'cloud-serverless');
  }
  const whole = new DocumentAnalysis(text, settings, { ...CUT, now: () => NOW });
  // Flip the first 'usage' value of the head to a string: facts change on both sides of the cut.
  const line = text.split('\n').findIndex((l) => l.startsWith('cpu,host=a usage=1.5'));
  assert.ok(line >= 0);
  const edit = { start: { line, character: 17 }, end: { line, character: 20 } };
  a.applyChange(edit, '"x"');
  whole.applyChange(edit, '"x"');
  assert.deepEqual(a.diagnostics(), whole.diagnostics());
  assert.ok(a.diagnostics().some((d) => d.code === 'field-type-conflict'));
});

void test('a tail whose key has another kind before the cut is checked again against the joined facts', () => {
  const head = 'cpu v=1i 1700000000000000000\n';
  const tail = 'cpu v=1.5 1700000000000000001\ncpu v=2.5 1700000000000000002\n';
  const a = joined(head + tail, head.length, 'cloud-serverless');
  assert.ok(a !== undefined);
  assert.deepEqual(
    a.diagnostics().map((d) => [d.code, d.range.start.line, d.related?.[0]?.range.start.line]),
    [
      ['field-type-conflict', 1, 0],
      ['field-type-conflict', 2, 0],
    ],
  );
});

void test('partCut cuts after a line break past the middle, or nowhere', () => {
  assert.equal(partCut('a\nb\nc\nd\n'), 6);
  assert.equal(partCut('abc'), undefined);
  assert.equal(partCut('abcdef\n'), undefined);
});

void test('near the column limit, a text checked in two parts and joined equals one pass, wherever it is cut', () => {
  const wide = `wide ${Array.from({ length: 197 }, (_, i) => `f${i}=1i`).join(',')} 1700000000000000000`;
  const short = ['wide g1=1i', 'wide g2=1i,g3=1i', 'wide f0="s",h1=1i', 'wide,t1=a g4=1i', 'wide g1=1.5', 'wide h1=1i,h2=1i', 'cpu v=1', 'wide g5=1i,f1=2i'];
  const rand = createRandom(77);
  let checked = 0;
  let limits = 0;
  for (let seed = 0; seed < 6; seed++) {
    const lines = Array.from({ length: 16 }, () => short[Math.floor(rand() * short.length)]);
    const text = [lines[0], wide, ...lines.slice(1)].join('\n') + '\n';
    const settings = resolveSettings({ target: 'cloud-serverless', maxDiagnostics: 100000 });
    const expected = new DocumentAnalysis(text, settings, { ...CUT, now: () => NOW }).diagnostics();
    limits += expected.filter((d) => d.code === 'column-limit').length;
    for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
      const a = joined(text, at, 'cloud-serverless');
      assert.ok(a !== undefined);
      assert.deepEqual(a.diagnostics(), expected, `cut at ${at}`);
      checked++;
    }
  }
  assert.ok(checked > 60 && limits > 6, `${checked} cuts, ${limits} column-limit diagnostics`);
});

void test('a clock starting at a time gives it once, then reads its own', () => {
  let ticks = 0n;
  const clock = clockStartingAt(5n, () => ++ticks);
  assert.deepEqual([clock(), clock(), clock()], [5n, 1n, 2n]);
});
