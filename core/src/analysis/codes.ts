/**
 * Every code a diagnostic of the analysis can carry, in one union: the checks set them, the quick
 * fixes and the server's code actions match on them, and the compiler sees each spelling.
 */
import type { ParseErrorKind } from '../model';
import { KIND_NAMES } from '../parse/kinds';

export type Severity = 'error' | 'warning' | 'information';

/** The bytes of the file rather than its line protocol (see encoding.ts). */
export const INVALID_UTF8_CODE = 'invalid-utf8';
export const REPLACEMENT_CHARACTER_CODE = 'replacement-character';
export const BYTE_ORDER_MARK_CODE = 'byte-order-mark';

export type EncodingCode = typeof INVALID_UTF8_CODE | typeof REPLACEMENT_CHARACTER_CODE | typeof BYTE_ORDER_MARK_CODE;

const RULE_CODES = [
  'crlf',
  'trailing-whitespace',
  'tag-field-conflict',
  'field-type-conflict',
  'duplicate-tag',
  'duplicate-field',
  'reserved-tag',
  'reserved-field',
  'column-limit',
  'timestamp-range',
  'timestamp-precision',
  'retention',
  // precision=auto (autoTimestamp.ts): a timestamp near a unit threshold, a file of mixed units.
  'timestamp-auto-threshold',
  'timestamp-auto-mixed',
  // The stored schema of the bucket written to (storedFacts.ts): a field stored with another type,
  // a stored tag used as a field or the reverse, a table the file's new columns take past the
  // limit; on 1.x/2.x a type stored in some shard group (only a note: it holds per group).
  'stored-field-type',
  'stored-tag-field',
  'stored-column-limit',
  'stored-type-other-shard',
] as const;

/** What a target rejects (or silently changes) in a line, beyond its parse error. */
export type RuleCode = (typeof RULE_CODES)[number];

/** A parse error's code is its kind (the server's wording is the message). */
export type DiagnosticCode = ParseErrorKind | RuleCode | EncodingCode;

const ALL_CODES: ReadonlySet<string> = new Set<string>([
  ...RULE_CODES,
  INVALID_UTF8_CODE,
  REPLACEMENT_CHARACTER_CODE,
  BYTE_ORDER_MARK_CODE,
  ...KIND_NAMES.filter((k) => k !== ''),
]);

/** Whether a code that came back from elsewhere (a client's diagnostic) is one of ours. */
export function isDiagnosticCode(code: unknown): code is DiagnosticCode {
  return typeof code === 'string' && ALL_CODES.has(code);
}
