/** A 1,000,000-line input: the right count, and spot-checked results anywhere in it. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineProtocol } from '../../core/src/index';

const LINES = 1_000_000;

function lineFor(i: number): string {
  if (i % 250_000 === 7) return `bad,host=h${i} value=`; // a failing line now and then
  if (i % 100_000 === 3) return '# a comment, skipped';
  return `cpu,host=h${i % 1000},dc=d${i % 7} value=${i}.5,count=${i}i,ok=${i % 2 === 0} ${1_700_000_000_000_000_000n + BigInt(i)}`;
}

void describe('a million lines', () => {
  void test('counts, numbers and decodes them', () => {
    const parts: string[] = new Array<string>(LINES);
    for (let i = 0; i < LINES; i++) parts[i] = lineFor(i);
    const text = parts.join('\n');
    const doc = parseLineProtocol(text);
    const comments = parts.filter((l) => l.startsWith('#')).length;
    assert.equal(doc.count, LINES - comments);

    // Map data lines back to the generator's line numbers.
    const physicalOf = (dataLine: number): number => doc.physicalLine(dataLine);
    for (const d of [0, 1, 2, 3, 123_456, 499_999, 777_777, doc.count - 1]) {
      const i = physicalOf(d);
      const r = doc.result(d);
      const expected = lineFor(i);
      assert.equal(text.slice(doc.table.start(d), doc.table.end(d)), expected);
      if (expected.startsWith('bad')) {
        assert.ok(!r.ok);
        continue;
      }
      assert.ok(r.ok, `line ${i}`);
      assert.equal(r.point.tags[0].value.value, `h${i % 1000}`);
      assert.deepEqual(
        r.point.fields.map((f) => f.value.value),
        [i + 0.5, BigInt(i), i % 2 === 0],
      );
      assert.equal(r.point.timestamp?.value, 1_700_000_000_000_000_000n + BigInt(i));
    }
    const failed: number[] = [];
    for (let d = 0; d < doc.count; d++) if (!doc.table.ok(d)) failed.push(physicalOf(d));
    assert.deepEqual(failed, [7, 250_007, 500_007, 750_007]);
  });
});
