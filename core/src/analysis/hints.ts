/**
 * What to do about a parse error: a short hint per error kind (the server's own message says what
 * is wrong), and the escape quick fix, found by trying it: a backslash before a space or comma
 * near the error that makes the line parse is almost certainly what the writer meant.
 */
import type { ParseOptions } from '../api';
import type { ParseErrorKind } from '../model';
import { parseRegion } from '../parse/region';
import type { FixData } from './check';

const HINTS: Partial<Record<ParseErrorKind, string>> = {
  MeasurementValueInvalid: 'Start the line with a measurement name.',
  ExpectedSpace: 'Separate the measurement and tags from the fields with a space.',
  ExpectedTagKey: 'Write a tag as key=value after each comma, or remove the comma.',
  ExpectedTagValue: 'Give the tag a value after the equals sign.',
  TagSetMalformedWithContext: 'Write each tag as key=value.',
  FieldSetMissing: 'Write at least one field as key=value, with a valid value (1.0, 1i, 1u, "text", true).',
  IntegerValueInvalid: 'Integers must fit in 64 bits (-9223372036854775808 to 9223372036854775807).',
  UIntegerValueInvalid: 'Unsigned integers must fit in 64 bits (0 to 18446744073709551615).',
  TimestampValueInvalid: 'A timestamp is a 64-bit integer.',
  EndsWithBackslash: 'Remove the trailing backslash.',
  CannotParseEntireLine: 'Remove what follows, or escape it if it belongs to a name or value.',
  FieldStringValueTooLarge: 'Shorten the name or string value.',
  MaxKeyLengthExceeded: 'Shorten the measurement and tags (the series key).',
  ReservedTagKey: 'Rename the tag.',
  DuplicateTags: 'Keep one of the repeated tags.',
  BadTimestamp: 'A timestamp is an integer, after a single space.',
  TimeOutsideRange: 'Use a timestamp within ±9223372036854775806 ns.',
};

export function parseHint(kind: ParseErrorKind): string | undefined {
  return HINTS[kind];
}

/** Errors an unescaped space or comma inside a name or value typically causes. */
const ESCAPABLE: ReadonlySet<ParseErrorKind> = new Set<ParseErrorKind>([
  'FieldSetMissing',
  'CannotParseEntireLine',
  'TagSetMalformedWithContext',
  'InvalidFieldFormat',
  'InvalidTagFormat',
  'MissingFields',
  'BadTimestamp',
]);

const SPACE = 32;
const COMMA = 44;
const MAX_TRIES = 4;

/**
 * Tries a backslash before each of the last few unescaped spaces and commas up to the error;
 * returns the first that makes the line parse.
 */
export function escapeFix(
  kind: ParseErrorKind,
  text: string,
  lineStart: number,
  lineEnd: number,
  errorOffset: number,
  options: ParseOptions,
): { data: FixData; what: string } | undefined {
  if (!ESCAPABLE.has(kind)) return undefined;
  let tries = 0;
  for (let p = Math.min(errorOffset, lineEnd - 1); p >= lineStart && tries < MAX_TRIES; p--) {
    const c = text.charCodeAt(p);
    if (c !== SPACE && c !== COMMA) continue;
    if (p > lineStart && text.charCodeAt(p - 1) === 92) continue;
    tries++;
    const line = text.slice(lineStart, p) + '\\' + text.slice(p, lineEnd);
    const table = parseRegion(line, 0, line.length, options);
    if (table.count === 1 && table.ok(0)) return { data: { fix: 'escape', offset: p, insert: '\\' }, what: c === SPACE ? 'space' : 'comma' };
  }
  return undefined;
}
