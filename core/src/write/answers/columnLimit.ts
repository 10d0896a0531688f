/**
 * The IOx column limit (Cloud Serverless, Dedicated, Clustered): a request that would take a
 * table past its limit of columns is refused WHOLE, naming the table but no line (write-api.md §3):
 * ``couldn't create columns in table `t`; table contains N existing columns, applying this write
 * would result in M columns, limit is 200``. The router prefixes it with `dml handler error:
 * service limit reached: ` and answers 400 (older routers: 429, with no Retry-After).
 *
 * InfluxDB 3 Core/Enterprise answer their limit per line instead (`Update to schema would exceed
 * number of columns per table limit of …` in `data[]`, status 422): those are numbered entries,
 * handled like any other rejected line (v3.ts).
 */
import type { Batch } from '../batch';
import type { ParsedBatch } from './lines';
import type { Verdict } from './verdict';

export interface ColumnLimitRefusal {
  readonly table: string;
  /** Columns the table has (the time column counts). */
  readonly existing: number;
  /** Columns it would have after this request. */
  readonly merged: number;
  readonly limit: number;
}

const COLUMN_LIMIT =
  /couldn't create columns in table `(.*?)`;\s*table contains\s+(\d+)\s+existing columns,\s*applying this write would result\s+in\s+(\d+)\s+columns,\s*limit is\s+(\d+)/;

export function parseIoxColumnLimit(message: string): ColumnLimitRefusal | undefined {
  const match = COLUMN_LIMIT.exec(message);
  if (!match) return undefined;
  return { table: match[1], existing: Number(match[2]), merged: Number(match[3]), limit: Number(match[4]) };
}

function reason(refusal: ColumnLimitRefusal, message: string): string {
  return (
    `${message.trim()} (this line adds columns that would take table '${refusal.table}' past the server's limit of ${refusal.limit} columns, ` +
    'counting its tags, fields and time, given the columns already stored and those of the earlier lines written; ' +
    'the server refuses a whole request for it, so this line was left out and the other lines were sent again without it. ' +
    'Write its new tags or fields to another measurement, or ask for a higher limit)'
  );
}

function halves(indices: readonly number[]): number[][] {
  const half = Math.ceil(indices.length / 2);
  return [indices.slice(0, half), indices.slice(half)];
}

/**
 * The verdict on a request refused for the column limit. Nothing of it was stored, so sending
 * parts of it again stores nothing twice, even for lines without a timestamp.
 *
 * Which lines does the server refuse when they are sent in file order? A line is refused when the
 * columns it adds, on top of the stored ones and those of the earlier lines that were stored, pass
 * the limit. N and M alone cannot say which lines those are (they do not say which of the
 * request's columns were stored already), so the table's lines are found by bisection: its lines
 * are sent again as two halves in file order, then the request's other lines (columns are per
 * table, so those are independent of it). A half that is accepted fits as a whole, so each of its
 * lines fits in turn (every prefix adds a subset of its columns); a half refused again is split
 * again, the next half being judged against what the first one stored; a single line refused is
 * a line that crosses the limit given everything stored before it. That is exactly the file-order
 * outcome. When the request holds only one line of the table, that line alone is the crossing
 * (the request's columns for the table are its columns): rejected without asking again.
 */
export function columnLimitVerdict(refusal: ColumnLimitRefusal, message: string, batch: Batch, parsed: ParsedBatch): Verdict {
  const all = batch.texts.map((_, i) => i);
  let table = parsed.linesOfMeasurement(refusal.table);
  // Our parse found no line of that table (a name the server reads differently): bisect everything.
  if (table.length === 0) table = all;
  const rejected = new Map<number, string>();
  if (table.length === 1) {
    rejected.set(table[0], reason(refusal, message));
    return { rejected, othersWritten: false, warnings: [], message, resend: [all.filter((i) => i !== table[0])] };
  }
  const inTable = new Set(table);
  return { rejected, othersWritten: false, warnings: [], message, resend: [...halves(table), all.filter((i) => !inTable.has(i))] };
}
