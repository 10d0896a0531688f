/**
 * InfluxDB 3 Core / Enterprise `/api/v3/write_lp` answers: `data` is an array of
 * `{error_message, line_number, original_line}` (or a single object without partial writes).
 * `original_line` may name the wrong line after blank/comment lines: only `line_number` is used.
 */
import { isRecord } from './body';
import type { NumberedError } from './iox';

export function parseV3Errors(json: unknown): NumberedError[] {
  if (!isRecord(json)) return [];
  const data = json.data;
  const entries: unknown[] = Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
  const errors: NumberedError[] = [];
  for (const entry of entries) {
    if (!isRecord(entry)) continue;
    const line = typeof entry.line_number === 'number' ? entry.line_number : Number(entry.line_number);
    if (!Number.isInteger(line) || line < 1) continue;
    const message = typeof entry.error_message === 'string' ? entry.error_message : 'rejected';
    errors.push({ line, message });
  }
  return errors;
}

export interface ColumnTypeConflict {
  readonly column: string;
  /** Core type names: `iox::column_type::field::float` → `float`, `iox::column_type::tag` → `tag`. */
  readonly expected: string;
  readonly got: string;
}

const COLUMN_TYPE = /invalid column type for column '(.+?)', expected (?:iox::column_type::)?(?:field::)?(\w+), got (?:iox::column_type::)?(?:field::)?(\w+)/;

export function parseColumnTypeConflict(message: string): ColumnTypeConflict | undefined {
  const match = COLUMN_TYPE.exec(message);
  return match ? { column: match[1], expected: match[2], got: match[3] } : undefined;
}
