/**
 * Cloud Serverless / Dedicated / Clustered answers (write-api.md §3, line-protocol.md §9.3):
 * `error parsing line N (1-based): …`, `error writing line N (1-based): …`,
 * `timestamp overflows i64 on line N (1-based)`, where N counts the request's data lines.
 */

export interface NumberedError {
  /** 1-based data line within the request. */
  readonly line: number;
  readonly message: string;
}

/** The IOx cap on listed errors per request (`MAXIMUM_RETURNED_ERRORS`). */
export const IOX_MAX_LISTED_ERRORS = 100;

// One entry start; the entry's own text runs to the end of its line (or to the next entry).
const ENTRY = /error\s+(parsing|writing)\s+line\s+(\d+)\s*\(1-based\)\s*:|timestamp\s+overflows\s+i64\s+on\s+line\s+(\d+)\s*\(1-based\)/g;

/** Every numbered entry in the message, in order; whitespace and indentation are tolerated. */
export function parseIoxErrors(message: string): NumberedError[] {
  const matches = [...message.matchAll(ENTRY)];
  const errors: NumberedError[] = [];
  for (let k = 0; k < matches.length; k++) {
    const match = matches[k];
    const start = match.index + match[0].length;
    const next = k + 1 < matches.length ? matches[k + 1].index : message.length;
    if (match[3] !== undefined) {
      errors.push({ line: Number(match[3]), message: 'timestamp overflows i64' });
      continue;
    }
    let text = message.slice(start, next);
    const newline = text.indexOf('\n');
    if (newline >= 0) text = text.slice(0, newline);
    const what = match[1] === 'parsing' ? 'error parsing line' : 'error writing line';
    const reason = text.trim();
    errors.push({ line: Number(match[2]), message: reason === '' ? what : reason });
  }
  return errors;
}

export interface SchemaConflict {
  readonly table: string;
  readonly column: string;
  /** IOx type names: i64, u64, f64, bool, string, tag, time. */
  readonly existing: string;
  readonly attempted: string;
}

const SCHEMA_CONFLICT = /schema conflict: table (.+?), already exists: column (.+?) is type (\w+) but schema update has type (\w+)/;

/** A conflict with data already stored: the message names the table and column but no line. */
export function parseIoxSchemaConflict(message: string): SchemaConflict | undefined {
  const match = SCHEMA_CONFLICT.exec(message);
  if (!match) return undefined;
  return { table: match[1], column: match[2], existing: match[3], attempted: match[4] };
}

/** A write refused for its age: `minimumNs` is the oldest timestamp accepted, `table` when named. */
export interface RetentionRefusal {
  readonly table: string | undefined;
  readonly minimumNs: bigint;
  /** The minimum as the server wrote it, for messages. */
  readonly minimum: string;
}

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/i;

/** Nanoseconds since the epoch of an RFC 3339 time, fraction kept to the nanosecond. */
export function rfc3339Nanos(text: string): bigint | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}${match[3].toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/**
 * The IOx retention refusal (the whole request, no line named):
 * `data in table T is outside of the retention period: minimum acceptable timestamp is <RFC3339>, but observed timestamp <RFC3339> is older.`
 * (Cloud words it `observed timestamp … is outside the retention period; minimum acceptable timestamp is …`.)
 */
export function parseIoxRetention(message: string): RetentionRefusal | undefined {
  if (!/outside (?:of )?the retention period/.test(message)) return undefined;
  const minimum = /minimum acceptable timestamp is (\S+?)[,;.]?(?:\s|$)/.exec(message)?.[1];
  if (minimum === undefined) return undefined;
  const minimumNs = rfc3339Nanos(minimum);
  if (minimumNs === undefined) return undefined;
  return { table: /data in table (.+?) is outside/.exec(message)?.[1], minimumNs, minimum };
}
