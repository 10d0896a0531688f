/**
 * The IOx service limits (Cloud Serverless, Dedicated, Clustered): a request that would take a
 * table past its limit of columns, or the database past its limit of tables, is refused WHOLE,
 * naming no line (write-api.md §3; the router's `CachedServiceProtectionLimit`):
 * ``couldn't create columns in table `t`; table contains N existing columns, applying this write
 * would result in M columns, limit is 200`` and
 * `couldn't create new table; namespace contains N existing tables, applying this write would
 * result in M tables, limit is 500`. The router prefixes them with `dml handler error: service
 * limit reached: ` and answers 400 (older routers: 429, with no Retry-After: it never resets).
 *
 * InfluxDB 3 Core/Enterprise answer their limits per line instead (`Update to schema would exceed
 * number of columns per table limit of …` in `data[]`, status 422): numbered entries, handled like
 * any other rejected line (v3.ts).
 */
import { lineCount, type Batch } from '../batch';
import type { ParsedBatch } from './lines';
import type { Verdict } from './judging';

export interface ServiceLimitRefusal {
  readonly kind: 'columns' | 'tables';
  /** The table named (column limit only). */
  readonly table?: string;
  /** Columns the table has (the time column counts), or tables the database has. */
  readonly existing: number;
  /** How many there would be after this request. */
  readonly merged: number;
  readonly limit: number;
}

const COLUMN_LIMIT =
  /couldn't create columns in table `(.*?)`;\s*table contains\s+(\d+)\s+existing columns,\s*applying this write would result\s+in\s+(\d+)\s+columns,\s*limit is\s+(\d+)/;
const TABLE_LIMIT = /couldn't create new table;\s*namespace contains\s+(\d+)\s+existing\s+tables,\s*applying this write would result\s+in\s+(\d+)\s+(?:tables|columns),\s*limit is\s+(\d+)/;

export function parseIoxServiceLimit(message: string): ServiceLimitRefusal | undefined {
  const columns = COLUMN_LIMIT.exec(message);
  if (columns) return { kind: 'columns', table: columns[1], existing: Number(columns[2]), merged: Number(columns[3]), limit: Number(columns[4]) };
  const tables = TABLE_LIMIT.exec(message);
  if (tables) return { kind: 'tables', existing: Number(tables[1]), merged: Number(tables[2]), limit: Number(tables[3]) };
  return undefined;
}

function reason(refusal: ServiceLimitRefusal, message: string): string {
  const what =
    refusal.kind === 'columns'
      ? `this line adds columns that would take table '${refusal.table}' past the server's limit of ${refusal.limit} columns, counting its tags, fields and time, given the columns already stored and those of the earlier lines written`
      : `this line's measurement would be a new table past the server's limit of ${refusal.limit} tables in the database, given the tables already stored and those the earlier lines written created`;
  const fix = refusal.kind === 'columns' ? 'Write its new tags or fields to another measurement, or ask for a higher limit' : 'Write it to an existing measurement, or ask for a higher limit';
  return `${message.trim()} (${what}; the server refuses a whole request for it, so this line was left out and the other lines were sent again without it. ${fix})`;
}

function halves(indices: readonly number[]): number[][] {
  const half = Math.ceil(indices.length / 2);
  return [indices.slice(0, half), indices.slice(half)];
}

/**
 * The verdict on a request refused for a service limit. Nothing of it was stored, so sending
 * parts of it again stores nothing twice, even for lines without a timestamp.
 *
 * Which lines does the server refuse when they are sent in file order? A line is refused when what
 * it adds (columns of its table, or its table) on top of what is stored and what the earlier lines
 * that were stored added, passes the limit. N and M alone cannot say which lines those are (they do
 * not say which of the request's columns or tables exist already), so the lines are found by
 * bisection: sent again as two halves in file order. A half that is accepted fits as a whole, so
 * each of its lines fits in turn (every prefix adds a subset of what it adds); a half refused again
 * is split again, the next half judged against what the first one stored; a single line refused is
 * a line that crosses the limit given everything stored before it. That is exactly the file-order
 * outcome. For the column limit only the named table's lines are bisected, and the request's other
 * lines are sent after them in one request (columns are counted per table, so those do not take
 * part); when the request holds one line of that table, that line alone is the crossing (the
 * request's columns of the table are its columns): rejected without asking again.
 */
export function serviceLimitVerdict(refusal: ServiceLimitRefusal, message: string, batch: Batch, parsed: ParsedBatch): Verdict {
  const all = Array.from({ length: lineCount(batch) }, (_, i) => i);
  // A name our parse finds on no line (the server reads it differently): every line takes part.
  let involved = refusal.table === undefined ? all : parsed.linesOfMeasurement(refusal.table);
  if (involved.length === 0) involved = all;
  const rejected = new Map<number, string>();
  if (involved.length === 1) {
    rejected.set(involved[0], reason(refusal, message));
    return { rejected, othersWritten: false, warnings: [], message, perLine: true, resend: [all.filter((i) => i !== involved[0])] };
  }
  const inTable = new Set(involved);
  return { rejected, othersWritten: false, warnings: [], message, perLine: true, resend: [...halves(involved), all.filter((i) => !inTable.has(i))] };
}
