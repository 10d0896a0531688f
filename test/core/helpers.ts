/** Small helpers for the core tests: parse one data line and look at its point or error. */
import assert from 'node:assert/strict';
import { parseLineProtocol, type LineError, type ParseOptions, type Point } from '../../core/src/index';

/** Parses `input`, which must hold exactly one data line, and returns its point. */
export function point(input: string, options?: ParseOptions): Point {
  const doc = parseLineProtocol(input, options);
  assert.equal(doc.count, 1, `expected one data line in ${JSON.stringify(input)}`);
  const r = doc.result(0);
  if (!r.ok) assert.fail(`expected ${JSON.stringify(input)} to parse, got ${r.error.kind}: ${r.error.message}`);
  return r.point;
}

/** Parses `input`, which must hold exactly one data line, and returns its error. */
export function error(input: string, options?: ParseOptions): LineError {
  const doc = parseLineProtocol(input, options);
  assert.equal(doc.count, 1, `expected one data line in ${JSON.stringify(input)}`);
  const r = doc.result(0);
  if (r.ok) assert.fail(`expected ${JSON.stringify(input)} to fail`);
  return r.error;
}

/** The error as [kind, message] for compact assertions. */
export function failure(input: string, options?: ParseOptions): [string, string] {
  const e = error(input, options);
  return [e.kind, e.message];
}

/** The point in plain terms: measurement, [key, value] tags, [key, type, value] fields, timestamp. */
export interface PlainPoint {
  readonly m: string;
  readonly tags: readonly (readonly [string, string])[];
  readonly fields: readonly (readonly [string, string, unknown])[];
  readonly ts: bigint | undefined;
}

export function plain(p: Point): PlainPoint {
  return {
    m: p.measurement.value,
    tags: p.tags.map((t) => [t.key.value, t.value.value] as const),
    fields: p.fields.map((f) => [f.key.value, f.value.type, f.value.value] as const),
    ts: p.timestamp?.value,
  };
}

/** Field values of the single data line in `input`. */
export function values(input: string, options?: ParseOptions): unknown[] {
  return point(input, options).fields.map((f) => f.value.value);
}
