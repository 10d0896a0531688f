/**
 * Writing line protocol: the inverse of parsing, used by quick fixes and the property tests.
 * The default escapes are those the InfluxDB 3 parser unescapes (backslashes are doubled, so any
 * name reads back exactly); with target `v1`/`v2` the `models` escapes are used (`\\` is not an
 * escape there, so backslashes are written as they are).
 *
 * Some names cannot be written at all, whatever the escaping: an empty name, one containing a
 * TAB or '\n' (or NUL in a measurement), one ending with a backslash (v3), a measurement starting
 * with '#'. `formatPoint` writes them anyway; the parser then reports the problem.
 */
import type { FieldValue, ParserTarget, Point } from './model';

export interface PointInput {
  readonly measurement: string;
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  readonly fields: readonly { readonly key: string; readonly value: FieldValue }[];
  readonly timestamp?: bigint;
}

function escapeWith(s: string, special: RegExp): string {
  return s.replace(special, '\\$&');
}

const MEASUREMENT_V3 = /[\\, ]/g;
const KEY_V3 = /[\\,= ]/g;
const MEASUREMENT_MODELS = /[, ]/g;
const KEY_MODELS = /[,= ]/g;

export function escapeMeasurement(s: string, target: ParserTarget = 'v3'): string {
  return escapeWith(s, target === 'v3' ? MEASUREMENT_V3 : MEASUREMENT_MODELS);
}

export function escapeTagKey(s: string, target: ParserTarget = 'v3'): string {
  return escapeWith(s, target === 'v3' ? KEY_V3 : KEY_MODELS);
}

export function escapeTagValue(s: string, target: ParserTarget = 'v3'): string {
  return escapeWith(s, target === 'v3' ? KEY_V3 : KEY_MODELS);
}

export function escapeFieldKey(s: string, target: ParserTarget = 'v3'): string {
  return escapeWith(s, target === 'v3' ? KEY_V3 : KEY_MODELS);
}

/** A string field value with its quotes: `"` and `\` are escaped. */
export function formatStringValue(s: string): string {
  return `"${s.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * A float the parser reads back as the same double: shortest round-trip digits, `-0` kept,
 * infinities as `1e999` (InfluxDB 3 saturates overflow to infinity; 1.x/2.x reject it).
 */
export function formatFloat(v: number): string {
  if (Number.isNaN(v)) throw new RangeError('formatFloat: NaN cannot be written in line protocol.');
  if (v === Infinity) return '1e999';
  if (v === -Infinity) return '-1e999';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

export function formatFieldValue(v: FieldValue): string {
  switch (v.type) {
    case 'float':
      return formatFloat(v.value);
    case 'integer':
      return `${v.value}i`;
    case 'uinteger':
      return `${v.value}u`;
    case 'string':
      return formatStringValue(v.value);
    case 'boolean':
      return v.value ? 'true' : 'false';
  }
}

/** One line of line protocol (no trailing newline). */
export function formatPoint(p: PointInput, target: ParserTarget = 'v3'): string {
  let out = escapeMeasurement(p.measurement, target);
  for (const tag of p.tags ?? []) out += `,${escapeTagKey(tag.key, target)}=${escapeTagValue(tag.value, target)}`;
  out += ' ';
  out += p.fields.map((f) => `${escapeFieldKey(f.key, target)}=${formatFieldValue(f.value)}`).join(',');
  if (p.timestamp !== undefined) out += ` ${p.timestamp}`;
  return out;
}

/** The decoded content of a parsed point, ready to be formatted again. */
export function pointToInput(p: Point): PointInput {
  return {
    measurement: p.measurement.value,
    tags: p.tags.map((t) => ({ key: t.key.value, value: t.value.value })),
    fields: p.fields.map((f) => ({ key: f.key.value, value: f.value })),
    timestamp: p.timestamp?.value,
  };
}
