/** The pure analysis pieces on their own: time, settings, value conversion, completion context, chunks. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { ChunkedText } from '../../core/src/analysis/chunkedText';
import { cutChunks } from '../../core/src/analysis/cutChunks';
import { completionContext } from '../../core/src/analysis/completion';
import { convertValue } from '../../core/src/analysis/fixes';
import { parseDuration, resolveSettings } from '../../core/src/analysis/settings';
import { formatDuration, formatInstant, guessPrecision } from '../../core/src/analysis/time';

const NOW = 1700000000000000000n;

void test('formatInstant keeps every nanosecond digit, before and after the epoch', () => {
  assert.equal(formatInstant(1700000000123456789n), '2023-11-14T22:13:20.123456789Z');
  assert.equal(formatInstant(0n), '1970-01-01T00:00:00.000000000Z');
  assert.equal(formatInstant(-1n), '1969-12-31T23:59:59.999999999Z');
});

void test('guessPrecision names the precision a raw timestamp looks like', () => {
  assert.equal(guessPrecision(1700000000n, 'ns', NOW), 's');
  assert.equal(guessPrecision(1700000000000n, 'ns', NOW), 'ms');
  assert.equal(guessPrecision(1700000000000000n, 'ns', NOW), 'us');
  assert.equal(guessPrecision(1700000000000000000n, 'ns', NOW), undefined);
  assert.equal(guessPrecision(1700000000000000000n, 's', NOW), 'ns');
  assert.equal(guessPrecision(5n, 'ns', NOW), undefined);
});

void test('durations: parse and format', () => {
  assert.equal(parseDuration('30d'), 30n * 86_400_000_000_000n);
  assert.equal(parseDuration('1h30m'), 5_400_000_000_000n);
  assert.equal(parseDuration(''), undefined);
  assert.equal(parseDuration('inf'), undefined);
  assert.equal(parseDuration('30 days'), null);
  assert.equal(formatDuration(30n * 86_400_000_000_000n), '30d');
  assert.equal(formatDuration(14n * 86_400_000_000_000n), '2w');
  assert.equal(formatDuration(5_400_000_000_000n), '1h30m');
});

void test('resolveSettings falls back to defaults and says why', () => {
  const problems: string[] = [];
  const s = resolveSettings({ target: 'nope', precision: 'h', retentionPeriod: 'soon', maxDiagnostics: 0, inlayHints: { timestamps: false } }, problems);
  assert.equal(s.product, 'cloud-serverless');
  assert.equal(s.precision, 'ns');
  assert.equal(s.retentionNs, undefined);
  assert.equal(s.maxDiagnostics, 1000);
  assert.equal(s.inlayTimestamps, false);
  assert.equal(problems.length, 3);
});

void test('convertValue rewrites a literal only when the value stays exact', () => {
  assert.equal(convertValue('2i', 'integer', 'float'), '2.0');
  assert.equal(convertValue('2.0', 'float', 'integer'), '2i');
  assert.equal(convertValue('-2', 'float', 'integer'), '-2i');
  assert.equal(convertValue('2.5', 'float', 'integer'), undefined);
  assert.equal(convertValue('-2i', 'integer', 'uinteger'), undefined);
  assert.equal(convertValue('18446744073709551615u', 'uinteger', 'integer'), undefined);
  assert.equal(convertValue('7u', 'uinteger', 'integer'), '7i');
  assert.equal(convertValue('-9223372036854775808.0', 'float', 'integer'), '-9223372036854775808i');
  assert.equal(convertValue('-9223372036854775809.0', 'float', 'integer'), undefined);
  assert.equal(convertValue('-99999999999999999999.0', 'float', 'integer'), undefined);
  assert.equal(convertValue('true', 'boolean', 'string'), '"true"');
  assert.equal(convertValue('"x"', 'string', 'float'), undefined);
});

void test('completionContext reads where the cursor is in a line', () => {
  const slot = (s: string) => {
    const c = completionContext(s);
    return [c.slot, c.measurement, c.key, c.tokenStart];
  };
  assert.deepEqual(slot(''), ['measurement', '', '', 0]);
  assert.deepEqual(slot('cp'), ['measurement', '', '', 0]);
  assert.deepEqual(slot('cpu,ho'), ['tagKey', 'cpu', '', 4]);
  assert.deepEqual(slot('cpu,host=a'), ['tagValue', 'cpu', 'host', 9]);
  assert.deepEqual(slot('cpu,host=a\\ b,r'), ['tagKey', 'cpu', 'host', 14]);
  assert.deepEqual(slot('weather\\ station t'), ['fieldKey', 'weather\\ station', '', 17]);
  assert.deepEqual(slot('cpu f=1,g'), ['fieldKey', 'cpu', 'f', 8]);
  assert.deepEqual(slot('cpu s="a b, c=d",g='), ['fieldValue', 'cpu', 'g', 19]);
  assert.deepEqual(slot('cpu s="open'), ['none', 'cpu', 's', 6]);
  assert.deepEqual(slot('cpu f=1 17'), ['timestamp', 'cpu', 'f', 8]);
  assert.deepEqual(slot('# comment'), ['none', '', '', 0]);
});

void test('chunks end only where a line was split: a quoted newline keeps its line whole', () => {
  const text = 'a f=1\nb s="x\ny" 1\nc f=1\nd f=1\n';
  const chunks = cutChunks(text, { target: 'v3' }, 8);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  for (const c of chunks.slice(0, -1)) assert.ok(c.table.endsAtBoundary, JSON.stringify(c.text));
  // The quoted string's line is one data line of one chunk.
  const holder = chunks.find((c) => c.text.includes('"x\ny"'));
  assert.ok(holder);
  assert.equal(chunks.reduce((n, c) => n + c.table.count, 0), 4);
});

void test('ChunkedText: an edit that opens a quote pulls the following lines into one line', () => {
  const t = new ChunkedText('a f=1\nb s="x" 1\nc f=1\nd f=1\n', { target: 'v3' }, 8);
  assert.equal(t.chunks.reduce((n, c) => n + c.table.count, 0), 4);
  // Deleting the closing quote joins the rest of the text into line b (an unterminated string).
  t.replace(12, 13, '');
  assert.equal(t.getText(), 'a f=1\nb s="x 1\nc f=1\nd f=1\n');
  assert.equal(t.chunks.reduce((n, c) => n + c.table.count, 0), 2);
  assert.deepEqual(t.positionAt(t.length), { line: 4, character: 0 });
  assert.equal(t.offsetAt({ line: 1, character: 99 }), 14);
});

void test('timestamps at the edges of the quiet range: a usual one passes on its digits, any other is read exactly', () => {
  // Retention 1d before NOW: points at or after R pass, R - 1 is too old.
  const R = NOW - 86_400_000_000_000n;
  const settings = resolveSettings({ retentionPeriod: '1d' }, []);
  const lines = [
    `m f=1 ${R}`, //                         0 quiet: exactly the bound
    `m f=1 ${R - 1n}`, //                    1 too old
    `m f=1 ${R + 1n}`, //                    2 quiet
    `m f=1 0${R - 1n}`, //                   3 zero-padded: still too old
    `m f=1 00${NOW}`, //                     4 zero-padded, quiet
    `m f=1 ${R - 10n ** 17n}`, //            5 same digit count, smaller: too old
    `m f=1 9223372036854775807`, //          6 the largest: quiet (the upper bound)
    `m f=1 -5`, //                           7 negative: too old
    `m f=1 ${String(R).slice(0, -1)}`, //    8 one digit fewer: too old
    `m f="a 1700000000000000001"`, //        9 no timestamp: digits inside a string
    `m f="x" ${R - 1n}`, //                  10 too old after a string field
  ];
  const a = new DocumentAnalysis(lines.join('\n') + '\n', settings, { now: () => NOW });
  const flagged = a
    .diagnostics()
    .filter((d) => d.code === 'retention')
    .map((d) => d.range.start.line);
  assert.deepEqual(flagged, [1, 3, 5, 7, 8, 10]);
});

void test('schema checks find a conflict wherever the keys sit in the line, in one chunk or many, fresh or after an edit', () => {
  const text = ['m,a=1 x=1,y=2i', 'm,a=1 y=2i,x=1', 'm,a=1 x=1,y="s"', 'm,x=1 y=1', 'm,a=1 x=1i', 'n,a=1 x=1i', 'm,a=1 y=2i,x=1', ''].join('\n');
  const settings = resolveSettings({}, []);
  const found = (a: DocumentAnalysis): [number, string][] => a.diagnostics().map((d) => [d.range.start.line, d.code]);
  const expected: [number, string][] = [
    [2, 'field-type-conflict'],
    [3, 'tag-field-conflict'],
    [3, 'field-type-conflict'],
    [4, 'field-type-conflict'],
  ];
  assert.deepEqual(found(new DocumentAnalysis(text, settings, { now: () => NOW })), expected);
  assert.deepEqual(found(new DocumentAnalysis(text, settings, { now: () => NOW, chunkSize: 16 })), expected);
  // Line 0 now writes x as an integer: x's type flips, and every float x after it is in conflict.
  const after: [number, string][] = [
    [1, 'field-type-conflict'],
    [2, 'field-type-conflict'],
    [2, 'field-type-conflict'],
    [3, 'tag-field-conflict'],
    [3, 'field-type-conflict'],
    [6, 'field-type-conflict'],
  ];
  for (const chunkSize of [16, 1024]) {
    const a = new DocumentAnalysis(text, settings, { now: () => NOW, chunkSize });
    a.applyChange({ start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, 'i');
    assert.deepEqual(found(a), after);
    assert.deepEqual(found(new DocumentAnalysis(a.getText(), settings, { now: () => NOW, chunkSize })), after);
  }
});
