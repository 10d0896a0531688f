/** The columnar LineTable from parseRegion: relative offsets, accessors, region boundaries, size. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseRegion, tableByteSize, type LineTable, type ParserTarget } from '../../core/src/index';

const TEXT = [
  '# c',
  'cpu,host=a\\ b,region=west usage=1.5,count=3i,ok=true,msg="hi\\"x" 1700000000000000000',
  'cpu bad=',
  '',
  'mem,host=b free=10u,s="two',
  'lines" -5',
].join('\n');

function accessorsOf(table: LineTable, i: number, text: string, base: number): unknown {
  return {
    measurement: table.measurement(i, text, base),
    tags: Array.from({ length: table.tagCount(i) }, (_, j) => [table.tagKey(i, j, text, base), table.tagValue(i, j, text, base)]),
    fields: Array.from({ length: table.fieldCount(i) }, (_, j) => [table.fieldKey(i, j, text, base), table.fieldType(i, j)]),
    timestamp: table.timestamp(i, text, base),
  };
}

function fromResult(table: LineTable, i: number, text: string, base: number): unknown {
  const r = table.result(i, text, base);
  assert.ok(r.ok);
  const p = r.point;
  return {
    measurement: p.measurement.value,
    tags: p.tags.map((t) => [t.key.value, t.value.value]),
    fields: p.fields.map((f) => [f.key.value, f.value.type]),
    timestamp: p.timestamp?.value,
  };
}

void describe('parseRegion', () => {
  for (const target of ['v3', 'v2', 'v1'] as ParserTarget[]) {
    void test(`cheap accessors agree with result() (${target})`, () => {
      const table = parseRegion(TEXT, 0, TEXT.length, { target });
      assert.equal(table.target, target);
      for (let i = 0; i < table.count; i++) {
        if (table.ok(i)) assert.deepEqual(accessorsOf(table, i, TEXT, 0), fromResult(table, i, TEXT, 0));
      }
    });
  }

  void test('offsets are relative to the region; results take the text and base', () => {
    const from = TEXT.indexOf('cpu bad=');
    const table = parseRegion(TEXT, from, TEXT.length);
    assert.equal(table.count, 2);
    assert.equal(table.start(0), 0);
    assert.equal(table.end(0), 'cpu bad='.length);
    assert.equal(table.physicalLine(1), 2);
    const r = table.result(0, TEXT, from);
    assert.ok(!r.ok);
    assert.equal(r.error.offset, from + 4);
  });

  void test('keeps no text: the same table reads the region wherever it moved', () => {
    const from = TEXT.indexOf('mem,');
    const region = TEXT.slice(from);
    const table = parseRegion(TEXT, from, TEXT.length);
    const moved = 'some\nother\nprefix\n' + region + '\nmore';
    const base = moved.indexOf('mem,');
    const r = table.result(0, moved, base);
    assert.ok(r.ok);
    assert.equal(r.point.measurement.start, base);
    assert.deepEqual(
      r.point.fields.map((f) => f.value.value),
      [10n, 'two\nlines'],
    );
    assert.equal(r.point.timestamp?.value, -5n);
  });

  void test('counts newlines and tells whether it ends at a data-line boundary', () => {
    const full = parseRegion(TEXT, 0, TEXT.length);
    assert.equal(full.newlines, 5);
    assert.equal(full.length, TEXT.length);
    assert.equal(full.endsAtBoundary, false);
    assert.equal(parseRegion('a f=1\n', 0, 6).endsAtBoundary, true);
    assert.equal(parseRegion('', 0, 0).endsAtBoundary, true);
    // A final newline inside a quoted string or after a backslash does not end the line.
    assert.equal(parseRegion('a f="x\n', 0, 7).endsAtBoundary, false);
    assert.equal(parseRegion('a\\\n', 0, 3).endsAtBoundary, false);
    const split = TEXT.indexOf('cpu bad=');
    const first = parseRegion(TEXT, 0, split);
    assert.equal(first.endsAtBoundary, true);
    assert.equal(first.count + parseRegion(TEXT, split, TEXT.length).count, full.count);
  });

  void test('refuses a region outside the text', () => {
    assert.throws(() => parseRegion('abc', 2, 5), RangeError);
    assert.throws(() => parseRegion('abc', -1, 2), RangeError);
  });

  void test('retains less than the text it describes for typical lines', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      lines.push(`cpu,host=server${i % 50},region=us-west-${i % 3},dc=dc${i % 7} usage_user=${(i * 0.37).toFixed(2)},usage_system=${i % 100}i,idle=${i % 2 === 0},msg="ok ${i}" ${1700000000000000000n + BigInt(i)}`);
    }
    const text = lines.join('\n');
    const size = tableByteSize(parseRegion(text, 0, text.length));
    assert.ok(size < text.length, `${size} bytes retained for ${text.length} characters`);
  });
});
