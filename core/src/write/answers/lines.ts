/**
 * Finding the lines a server named only by schema: "field f of measurement m has type T", or
 * "the oldest points". The batch is parsed with the core parser, exactly as the server did.
 */
import type { ParseOptions } from '../../api';
import { flatKey, KEY_SEPARATOR } from '../../keys';
import type { ColumnKind, FieldType, Point } from '../../model';
import { parseLineProtocol } from '../../index';
import { bodyText, type Batch } from '../batch';

/** How 1.x and 2.x name field types in their messages. */
const MODELS_TYPE_NAME: Readonly<Record<FieldType, string>> = { float: 'float', integer: 'integer', uinteger: 'unsigned', string: 'string', boolean: 'boolean' };

/** Column types as the servers name them, normalised to a ColumnKind. */
const TYPE_NAMES: Readonly<Record<string, ColumnKind>> = {
  // IOx / InfluxDB 3
  i64: 'integer',
  u64: 'uinteger',
  f64: 'float',
  bool: 'boolean',
  string: 'string',
  tag: 'tag',
  // InfluxDB 3 `iox::column_type::field::*` and the models parser
  integer: 'integer',
  uinteger: 'uinteger',
  unsigned: 'uinteger',
  float: 'float',
  boolean: 'boolean',
};

export function columnKind(name: string): ColumnKind | undefined {
  return Object.hasOwn(TYPE_NAMES, name) ? TYPE_NAMES[name] : undefined;
}

/** The parse of a batch, done once per answer that needs it. */
export class ParsedBatch {
  private readonly points: (Point | undefined)[] = [];
  private readonly errors: (string | undefined)[] = [];

  constructor(batch: Batch, options: ParseOptions) {
    const doc = parseLineProtocol(bodyText(batch), options);
    for (let i = 0; i < doc.count; i++) {
      const result = doc.result(i);
      this.points.push(result.ok ? result.point : undefined);
      this.errors.push(result.ok ? undefined : result.error.message);
    }
  }

  get count(): number {
    return this.points.length;
  }

  /** The parser's message for a line it rejects, or undefined for a good line. */
  parseError(index: number): string | undefined {
    return this.errors[index];
  }

  /**
   * Lines that write `column` with the given kind, in `measurement` when given. With duplicate
   * fields in a line, the last one is what the server keeps, but any occurrence of the type counts.
   */
  linesWithColumn(column: string, kind: ColumnKind, measurement?: string): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.points.length; i++) {
      const point = this.points[i];
      if (!point) continue;
      if (measurement !== undefined && point.measurement.value !== measurement) continue;
      const hit =
        kind === 'tag'
          ? point.tags.some((tag) => tag.key.value === column)
          : point.fields.some((field) => field.key.value === column && field.value.type === kind);
      if (hit) found.push(i);
    }
    return found;
  }

  /**
   * Lines that write a field with another type than an earlier line of the same request wrote it
   * (the first type seen wins, as on the server), each with the reason: the server's bare words,
   * then what the local checks found, marked as theirs (1.x names neither field nor line).
   */
  conflictsWithinBatch(): { index: number; reason: string }[] {
    const first = new Map<string, FieldType>();
    const found: { index: number; reason: string }[] = [];
    for (let i = 0; i < this.points.length; i++) {
      const point = this.points[i];
      if (!point) continue;
      const measurement = point.measurement.value;
      let reason: string | undefined;
      for (const field of point.fields) {
        const key = flatKey(measurement, field.key.value);
        const seen = first.get(key);
        if (seen === undefined) first.set(key, field.value.type);
        else if (seen !== field.value.type && reason === undefined) {
          reason = `field type conflict (found by the local checks: field '${field.key.value}' of measurement '${measurement}' is ${MODELS_TYPE_NAME[seen]} in an earlier line of this request, and this line writes it as ${MODELS_TYPE_NAME[field.value.type]})`;
        }
      }
      if (reason !== undefined) found.push({ index: i, reason });
    }
    return found;
  }

  /**
   * Lines with a timestamp older than `minimumNs` (timestamps are in units of `nanosPerUnit`), in
   * `measurement` when given. Lines without a timestamp are stamped "now": never old.
   */
  olderThan(minimumNs: bigint, nanosPerUnit: bigint, measurement?: string): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.points.length; i++) {
      const point = this.points[i];
      const time = point?.timestamp?.value;
      if (time === undefined || (measurement !== undefined && point?.measurement.value !== measurement)) continue;
      if (time * nanosPerUnit < minimumNs) found.push(i);
    }
    return found;
  }

  /** Lines that parsed and belong to `measurement` (a table), in order. */
  linesOfMeasurement(measurement: string): number[] {
    const found: number[] = [];
    for (let i = 0; i < this.points.length; i++) if (this.points[i]?.measurement.value === measurement) found.push(i);
    return found;
  }

  /** The line's timestamp as written (in the request's precision), when it parsed and has one. */
  time(index: number): bigint | undefined {
    return this.points[index]?.timestamp?.value;
  }

  /** Whether the line parsed and carries its own timestamp (re-sending it rewrites the same point). */
  timestamped(index: number): boolean {
    return this.points[index]?.timestamp !== undefined;
  }

  /**
   * The point's series and time (measurement, tags sorted as the server sorts them, timestamp):
   * lines with equal keys write the same point, so they must be re-sent together and in order.
   * Undefined for a line that did not parse or has no timestamp.
   */
  pointKey(index: number): string | undefined {
    const point = this.points[index];
    if (point?.timestamp === undefined) return undefined;
    const tags = point.tags.map((t) => `${t.key.value}=${t.value.value}`).sort();
    return [point.measurement.value, ...tags, String(point.timestamp.value)].join(KEY_SEPARATOR);
  }

  /**
   * What the 1.x/2.x storage engine (`tsdb`) drops from a parsed point, as far as the request
   * itself shows it, in the server's own words: a `time` tag (series creation refuses the key),
   * a point whose only fields are `time` (fields named `time` are stripped), and the lines that
   * write the field of the named type conflict with the type the server says it rejects.
   * Conflicts with other stored types are not visible in the request and are not predicted.
   */
  predictStorageDrops(conflict: { field: string; measurement: string; attempted: string; existing: string } | undefined): Map<number, string> {
    const found = new Map<number, string>();
    const conflictKind = conflict ? columnKind(conflict.attempted) : undefined;
    for (let i = 0; i < this.points.length; i++) {
      const point = this.points[i];
      if (!point) continue;
      const m = point.measurement.value;
      const timeTag = point.tags.find((t) => t.key.value === 'time');
      if (timeTag) {
        found.set(i, `invalid tag key: input tag "time" on measurement "${m}" is invalid`);
        continue;
      }
      if (point.fields.every((f) => f.key.value === 'time')) {
        found.set(i, `invalid field name: input field "time" on measurement "${m}" is invalid`);
        continue;
      }
      if (conflict && conflictKind !== undefined && conflictKind !== 'tag' && m === conflict.measurement) {
        if (point.fields.some((f) => f.key.value === conflict.field && f.value.type === conflictKind)) {
          found.set(i, `field type conflict: input field "${conflict.field}" on measurement "${m}" is type ${conflict.attempted}, already exists as type ${conflict.existing}`);
        }
      }
    }
    return found;
  }

  /** The `count` lines with the smallest timestamps (lines without one are stamped "now": never old). */
  oldest(count: number): number[] {
    const stamped: { index: number; time: bigint }[] = [];
    for (let i = 0; i < this.points.length; i++) {
      const time = this.points[i]?.timestamp?.value;
      if (time !== undefined) stamped.push({ index: i, time });
    }
    stamped.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.index - b.index));
    return stamped
      .slice(0, count)
      .map((s) => s.index)
      .sort((a, b) => a - b);
  }
}
