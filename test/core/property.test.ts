/**
 * Property: any valid point, written with formatPoint and parsed again, comes back equal —
 * names with escapes, unicode, quotes and backslashes, every value type, with and without a
 * timestamp. For InfluxDB 3 over the whole character range; for the models targets over the
 * characters their (non-pairwise) escaping can carry.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatPoint, parseLineProtocol, pointToInput, type FieldValue, type ParserTarget, type PointInput } from '../../core/src/index';

const SPECIALS = [' ', ',', '=', '"', '\\', '#', '\r', '\0', '\u00a0', 'é', '😀', '\u3000', '\x01', "'", '\t', '\n'];

/** Characters for names: specials often, any code point otherwise. */
const nameChar = (exclude: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('a', 'b', 'z', '0', '9')).filter((c) => !exclude.includes(c));

/** A v3 name: not empty, no TAB or LF, not ending with a backslash. */
function v3Name(exclude: readonly string[] = []): fc.Arbitrary<string> {
  return fc
    .array(nameChar(['\t', '\n', ...exclude]), { minLength: 1, maxLength: 12 })
    .map((cs) => cs.join(''))
    .filter((s) => !s.endsWith('\\'));
}

const v3Measurement = v3Name(['\0']).filter((s) => !s.startsWith('#'));

const I64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function valueArb(target: ParserTarget, text: fc.Arbitrary<string>): fc.Arbitrary<FieldValue> {
  const float = target === 'v3' ? fc.double({ noNaN: true }) : fc.double({ noNaN: true, noDefaultInfinity: true });
  const values: fc.Arbitrary<FieldValue>[] = [
    float.map((value) => ({ type: 'float', value }) as const),
    fc.bigInt(I64).map((value) => ({ type: 'integer', value }) as const),
    text.map((value) => ({ type: 'string', value }) as const),
    fc.boolean().map((value) => ({ type: 'boolean', value }) as const),
  ];
  if (target !== 'v1') values.push(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((value) => ({ type: 'uinteger', value }) as const));
  return fc.oneof(...values);
}

function pointArb(target: ParserTarget, measurement: fc.Arbitrary<string>, key: fc.Arbitrary<string>, text: fc.Arbitrary<string>, ts: fc.Arbitrary<bigint>): fc.Arbitrary<PointInput> {
  return fc.record({
    measurement,
    tags: fc.array(fc.record({ key, value: key }), { maxLength: 4 }),
    fields: fc.array(fc.record({ key, value: valueArb(target, text) }), { minLength: 1, maxLength: 5 }),
    timestamp: fc.option(ts, { nil: undefined }),
  });
}

/** Compares decoded points; floats by identity so -0 and infinities count. */
function assertSame(actual: PointInput, expected: PointInput): void {
  assert.equal(actual.measurement, expected.measurement);
  const pairs = (tags: PointInput['tags']): [string, string][] => (tags ?? []).map((t) => [t.key, t.value]);
  assert.deepEqual(pairs(actual.tags), pairs(expected.tags));
  assert.equal(actual.fields.length, expected.fields.length);
  actual.fields.forEach((f, i) => {
    const e = expected.fields[i];
    assert.equal(f.key, e.key);
    assert.equal(f.value.type, e.value.type);
    if (f.value.type === 'float' && e.value.type === 'float') assert.ok(Object.is(f.value.value, e.value.value), `${f.value.value} vs ${e.value.value}`);
    else assert.equal(f.value.value, e.value.value);
  });
  assert.equal(actual.timestamp, expected.timestamp);
}

function roundTrip(p: PointInput, target: ParserTarget): void {
  const line = formatPoint(p, target);
  const doc = parseLineProtocol(line, { target });
  assert.equal(doc.count, 1, `one data line for ${JSON.stringify(line)}`);
  const r = doc.result(0);
  if (!r.ok) assert.fail(`${JSON.stringify(line)}: ${r.error.kind} ${r.error.message}`);
  assertSame(pointToInput(r.point), p);
}

void describe('formatPoint ∘ parse is the identity', () => {
  void test('InfluxDB 3: any names, any strings, every type', () => {
    const anyText = fc.array(fc.oneof(fc.constantFrom(...SPECIALS), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pointArb('v3', v3Measurement, v3Name(), anyText, fc.bigInt(I64)), (p) => roundTrip(p, 'v3')),
      { numRuns: 3000 },
    );
  });

  for (const target of ['v2', 'v1'] as const) {
    void test(`${target}: names and strings the models escaping can carry`, () => {
      // No backslashes (models escapes by the previous character), no TAB/NUL at the start, no quotes in keys.
      const chars = ['a', 'b', 'Z', '0', ' ', ',', '=', 'é', '😀', '#', '-', '.'];
      const name = fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 10 }).map((a) => a.join('')).filter((s) => !s.startsWith('#') && !s.startsWith(' ') && !/^\d|^-|^\./.test(s));
      const reserved = new Set(['time', '_measurement', '_field']);
      const key = name.filter((s) => !reserved.has(s));
      const text = fc.array(fc.constantFrom('a', ' ', ',', '=', '"', '\\', '\n', 'é'), { maxLength: 10 }).map((a) => a.join(''));
      const ts = fc.bigInt({ min: I64.min + 2n, max: I64.max - 1n });
      const unique = pointArb(target, name, key, text, ts).filter((p) => new Set((p.tags ?? []).map((t) => t.key)).size === (p.tags ?? []).length);
      fc.assert(
        fc.property(unique, (p) => roundTrip(p, target)),
        { numRuns: 1500 },
      );
    });
  }
});
