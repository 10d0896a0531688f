/**
 * What the editor features show of a document's measurements: per chunk, each measurement's points,
 * times, tags and fields (made on demand), merged across chunks for hovers, completion and the
 * outline.
 */
import type { FieldType } from '../model';
import type { Chunk } from './chunks';
import type { Occurrence } from './schema';

export interface KeyStats {
  count: number;
  readonly first: Occurrence;
}

export interface MeasurementStats {
  points: number;
  minTime: bigint | undefined;
  maxTime: bigint | undefined;
  readonly first: Occurrence;
  /** The last point of the measurement (for outline ranges). */
  last: Occurrence;
  readonly tags: Map<string, KeyStats>;
  /** Per field key, per type. */
  readonly fields: Map<string, Map<FieldType, KeyStats>>;
  /** Tag values seen per tag key (for completion), capped. */
  readonly tagValues: Map<string, Set<string>>;
}

/** Tag values kept per key and chunk (completion offers a sample, not every value of a big file). */
const MAX_TAG_VALUES = 32;
/** Tag values offered per key for the whole document. */
const MAX_MERGED_TAG_VALUES = 200;

/** Statistics of every measurement of a chunk, for hovers, completion and the outline. */
export function chunkStats(chunk: Chunk): Map<string, MeasurementStats> {
  const { table, text } = chunk;
  const measurements = new Map<string, MeasurementStats>();
  // Kept apart so that the loop allocates no occurrence per line.
  const lastLine = new Map<MeasurementStats, number>();
  for (let i = 0; i < table.count; i++) {
    if (!table.ok(i)) continue;
    const m = table.measurement(i, text, 0);
    const ts = table.timestamp(i, text, 0);
    let stats = measurements.get(m);
    if (stats === undefined) {
      stats = {
        points: 0,
        minTime: undefined,
        maxTime: undefined,
        first: { chunk, line: i, kind: 'tag' },
        last: { chunk, line: i, kind: 'tag' },
        tags: new Map(),
        fields: new Map(),
        tagValues: new Map(),
      };
      measurements.set(m, stats);
    }
    lastLine.set(stats, i);
    stats.points++;
    if (ts !== undefined) {
      if (stats.minTime === undefined || ts < stats.minTime) stats.minTime = ts;
      if (stats.maxTime === undefined || ts > stats.maxTime) stats.maxTime = ts;
    }
    const nTags = table.tagCount(i);
    for (let j = 0; j < nTags; j++) {
      const k = table.tagKey(i, j, text, 0);
      const tag = stats.tags.get(k);
      if (tag === undefined) stats.tags.set(k, { count: 1, first: { chunk, line: i, kind: 'tag' } });
      else tag.count++;
      let values = stats.tagValues.get(k);
      if (values === undefined) stats.tagValues.set(k, (values = new Set()));
      if (values.size < MAX_TAG_VALUES) values.add(table.tagValue(i, j, text, 0));
    }
    const nFields = table.fieldCount(i);
    for (let j = 0; j < nFields; j++) {
      const k = table.fieldKey(i, j, text, 0);
      const type = table.fieldType(i, j);
      let byType = stats.fields.get(k);
      if (byType === undefined) stats.fields.set(k, (byType = new Map<FieldType, KeyStats>()));
      const f = byType.get(type);
      if (f === undefined) byType.set(type, { count: 1, first: { chunk, line: i, kind: type } });
      else f.count++;
    }
  }
  for (const [stats, i] of lastLine) stats.last = { chunk, line: i, kind: 'tag' };
  return measurements;
}

/** Merges the per-chunk statistics of one measurement (for hovers and completion). */
export function mergeMeasurement(summaries: Iterable<Map<string, MeasurementStats>>, name: string): MeasurementStats | undefined {
  let out: MeasurementStats | undefined;
  for (const s of summaries) {
    const m = s.get(name);
    if (m === undefined) continue;
    if (out === undefined) {
      out = { points: 0, minTime: undefined, maxTime: undefined, first: m.first, last: m.last, tags: new Map(), fields: new Map(), tagValues: new Map() };
    }
    out.last = m.last;
    out.points += m.points;
    if (m.minTime !== undefined && (out.minTime === undefined || m.minTime < out.minTime)) out.minTime = m.minTime;
    if (m.maxTime !== undefined && (out.maxTime === undefined || m.maxTime > out.maxTime)) out.maxTime = m.maxTime;
    for (const [k, t] of m.tags) {
      const o = out.tags.get(k);
      if (o === undefined) out.tags.set(k, { count: t.count, first: t.first });
      else o.count += t.count;
    }
    for (const [k, byType] of m.fields) {
      let o = out.fields.get(k);
      if (o === undefined) out.fields.set(k, (o = new Map<FieldType, KeyStats>()));
      for (const [type, f] of byType) {
        const ot = o.get(type);
        if (ot === undefined) o.set(type, { count: f.count, first: f.first });
        else ot.count += f.count;
      }
    }
    for (const [k, values] of m.tagValues) {
      let o = out.tagValues.get(k);
      if (o === undefined) out.tagValues.set(k, (o = new Set()));
      for (const v of values) if (o.size < MAX_MERGED_TAG_VALUES) o.add(v);
    }
  }
  return out;
}
