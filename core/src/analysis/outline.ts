/** Document symbols (an outline by measurement) and timestamp inlay hints. */
import type { Position } from '../model';
import { autoUnit, toNanos } from '../autoPrecision';
import { NANOS_PER } from '../products';
import type { DocumentAnalysis } from './analysis';
import { typeName } from './messages';
import { atOrBefore, rangeOf, relativePosition, type Range } from './positions';
import { mergeMeasurement } from './stats';
import { familyOf } from './families';
import { formatInstant } from './time';

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'measurement' | 'tag' | 'field';
  readonly range: Range;
  readonly selectionRange: Range;
  readonly children: readonly OutlineSymbol[];
}

/** One symbol per measurement, spanning its first to last point, with its tag keys and fields. */
export function outline(analysis: DocumentAnalysis): OutlineSymbol[] {
  const summaries = analysis.allStats();
  const names = new Set<string>();
  for (const s of summaries) for (const m of s.keys()) names.add(m);
  const out: OutlineSymbol[] = [];
  for (const name of names) {
    const st = mergeMeasurement(summaries, name);
    if (st === undefined) continue;
    const first = st.first.chunk;
    const last = st.last.chunk;
    const start = first.table.start(st.first.line);
    const selectionRange = rangeOf(first, start, start + lengthOfMeasurement(first.text, start));
    const range = { start: selectionRange.start, end: rangeOf(last, last.table.end(st.last.line), last.table.end(st.last.line)).end };
    const children: OutlineSymbol[] = [];
    for (const [k, t] of st.tags) {
      const r = analysis.keyRange(t.first, k);
      children.push({ name: k, detail: `tag, ${t.count} point${t.count === 1 ? '' : 's'}`, kind: 'tag', range: r, selectionRange: r, children: [] });
    }
    for (const [k, byType] of st.fields) {
      const firstOcc = [...byType.values()][0].first;
      const r = analysis.keyRange(firstOcc, k);
      const types = [...byType.keys()].map((t) => typeName(t)).join(' / ');
      // Where the server stores fields by column family (families.ts), which one this field goes to.
      const detail = analysis.settings.columnFamilies === true ? `${types}, family ${familyOf(k) ?? 'automatic'}` : types;
      children.push({ name: k, detail, kind: 'field', range: r, selectionRange: r, children: [] });
    }
    out.push({ name, detail: `${st.points} point${st.points === 1 ? '' : 's'}`, kind: 'measurement', range, selectionRange, children: children.filter((c) => inside(c.range, range)) });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

function inside(inner: Range, outer: Range): boolean {
  return atOrBefore(outer.start, inner.start) && atOrBefore(inner.end, outer.end);
}

/** Length of the raw measurement at `start` (up to an unescaped space or comma). */
function lengthOfMeasurement(text: string, start: number): number {
  let p = start;
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (c === 92) {
      p += 2;
      continue;
    }
    if (c === 32 || c === 44 || c === 10) break;
    p++;
  }
  return Math.min(p, text.length) - start;
}

export interface TimestampHint {
  readonly position: Position;
  readonly label: string;
}

/** The instant of every timestamp in a range of lines, placed after the timestamp. */
export function timestampHints(analysis: DocumentAnalysis, range: Range): TimestampHint[] {
  if (!analysis.settings.inlayTimestamps) return [];
  const mult = NANOS_PER[analysis.settings.precision];
  // Under precision=auto each timestamp has its own unit: the hint names the one the server reads.
  const auto = analysis.settings.autoPrecision === true;
  const out: TimestampHint[] = [];
  const chunks = analysis.chunks;
  const first = analysis.offsetAt({ line: range.start.line, character: 0 });
  const last = analysis.offsetAt(range.end);
  for (const chunk of chunks) {
    if (chunk.offset + chunk.text.length < first) continue;
    if (chunk.offset > last) break;
    const t = chunk.table;
    for (let i = 0; i < t.count; i++) {
      const end = chunk.offset + t.end(i);
      if (end < first || !t.ok(i)) continue;
      if (chunk.offset + t.start(i) > last) break;
      const r = t.result(i, chunk.text, 0);
      if (!r.ok || r.point.timestamp === undefined) continue;
      const ts = r.point.timestamp;
      out.push({ position: relativePosition(chunk, ts.end), label: auto ? `${formatInstant(toNanos(ts.value, 'auto'))} (${autoUnit(ts.value)})` : formatInstant(ts.value * mult) });
    }
  }
  return out;
}
