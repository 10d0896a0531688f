/**
 * Judging a write of a shipped example (examples/*.lp) by what InfluxDB 1.x stored: shared by
 * test/e2e/examples.test.ts (the core pipeline) and the extension-host suite
 * (test/e2e/suite/examples.ts, the real "Write to Bucket" command). No editor or node:test
 * dependency: both sides bundle it.
 */
import { NANOS_PER, parseLineProtocol, splitDataLines, type Point, type Precision } from '../../../core/src/index';
import type { WriteReport } from '../../../core/src/write/index';
import { summarize } from '../../../client/src/summary';

/** What writing each example to InfluxDB 1.x must end in: the lines rejected (1-based); every other data line written. */
export const WRITE_OUTCOME: Readonly<Record<string, readonly number[]>> = {
  'clean.lp': [],
  'crlf.lp': [3, 4],
  'parse-errors.lp': [3, 5, 7, 9, 11, 13],
  'reserved-names.lp': [3],
  'schema-conflicts.lp': [4, 8],
  'timestamps.lp': [7],
};

/** A database name for an example (each is written to a fresh database of its own). */
export function exampleDatabase(file: string): string {
  return `example_${file.replace(/\W/g, '_')}`;
}

/** InfluxQL's RFC 3339 form of a time in nanoseconds (fraction without trailing zeros). */
function rfc3339(ns: bigint): string {
  const seconds = ns / 1_000_000_000n - (ns < 0n && ns % 1_000_000_000n !== 0n ? 1n : 0n);
  const fraction = ns - seconds * 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().replace('.000Z', '');
  const digits = fraction === 0n ? '' : `.${fraction.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${digits}Z`;
}

export interface StoredRow {
  readonly measurement: string;
  readonly values: Record<string, unknown>;
}

/** The 1.x `/query` JSON of `SELECT * FROM /.*\/`. */
export interface QueryJson {
  readonly results: readonly { readonly series?: readonly { name: string; columns: string[]; values: unknown[][] }[]; readonly error?: string }[];
}

/** Every stored row of the answer, each with its measurement. */
export function storedRows(result: QueryJson): StoredRow[] {
  const out: StoredRow[] = [];
  for (const series of result.results[0]?.series ?? []) {
    for (const values of series.values) out.push({ measurement: series.name, values: Object.fromEntries(series.columns.map((c, i) => [c, values[i]])) });
  }
  return out;
}

/** Whether a stored row is this point: its series and time, and (when `fields`) every field value it writes. */
function isPoint(row: StoredRow, point: Point, unitNs: bigint, fields: boolean): boolean {
  if (row.measurement !== point.measurement.value || point.timestamp === undefined) return false;
  if (row.values.time !== rfc3339(point.timestamp.value * unitNs)) return false;
  if (!point.tags.every((tag) => row.values[tag.key.value] === tag.value.value)) return false;
  if (!fields) return true;
  // The last value of a repeated field is kept; 1.x strips fields named time.
  const written = new Map(point.fields.filter((f) => f.key.value !== 'time').map((f) => [f.key.value, f.value]));
  for (const [key, value] of written) {
    const stored = row.values[key];
    const expected = value.type === 'integer' || value.type === 'uinteger' ? Number(value.value) : value.value;
    if (stored !== expected) return false;
  }
  return true;
}

/**
 * Every disagreement between the report of writing `text` (and the summary a person reads for it)
 * and what the server stored, line by line: each written line is a stored point of its own, no
 * rejected line is stored, the summary's count is the number of points stored, and nothing is
 * stored that no written line accounts for. Empty when they agree.
 */
export function disagreements(file: string, text: string, report: WriteReport, rows: readonly StoredRow[], precision: Precision, where: string): string[] {
  const problems: string[] = [];
  const summary = summarize(report, where).text;
  // The summary counts lines; a write that reached no server says "Nothing was written".
  const count = /Nothing was written/.test(summary) ? 0 : Number(/Wrote ([\d,]+) lines?/.exec(summary)?.[1].replace(/,/g, ''));
  if (count !== rows.length) problems.push(`${file}: the summary says "${summary}" but the query finds ${rows.length} points`);
  if (report.rejected.length > 0 && !new RegExp(`${report.rejected.length} lines? rejected`).test(summary)) problems.push(`${file}: "${summary}" does not count the ${report.rejected.length} rejected lines`);
  const parsed = parseLineProtocol(text, { target: 'v1' });
  const lines = splitDataLines(text);
  const rejected = new Set(report.rejected.map((r) => r.dataLine));
  const unitNs = NANOS_PER[precision];
  const matched = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const result = parsed.result(i);
    const at = `${file} line ${lines[i].physicalLine}`;
    if (rejected.has(lines[i].dataLine)) {
      if (result.ok && rows.some((row) => isPoint(row, result.point, unitNs, false))) problems.push(`${at} is reported rejected, but the server stored it`);
      continue;
    }
    if (!result.ok) {
      problems.push(`${at} is counted as written but does not parse`);
      continue;
    }
    const found = rows.findIndex((row, k) => !matched.has(k) && isPoint(row, result.point, unitNs, true));
    if (found < 0) problems.push(`${at} is counted as written, but no stored point matches it`);
    else matched.add(found);
  }
  if (matched.size !== rows.length) problems.push(`${file}: the server holds ${rows.length - matched.size} point(s) that no written line accounts for`);
  return problems;
}
