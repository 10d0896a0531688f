/**
 * What to do about a parse error: a short hint per error kind (the server's own message says what
 * is wrong), and the escape quick fix, found by trying it: a backslash before a space or comma
 * near the error that makes the line parse is almost certainly what the writer meant. The trial
 * re-parses the line up to four times, so it runs only when the fix is asked for, never per
 * diagnostic.
 */
import type { ParseOptions } from '../api';
import type { ParseErrorKind } from '../model';
import { parseRegion } from '../parse/parseRegion';

/** Field values are numbers, strings or booleans (line-protocol.md §3): a bare word is read as a boolean. */
const BOOLEANS = ['t', 'T', 'true', 'True', 'TRUE', 'f', 'F', 'false', 'False', 'FALSE'] as const;
const BOOLEAN_HINT = `An unquoted word is read as a boolean, and only ${BOOLEANS.join(', ')} are booleans: write a string in double quotes`;

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
  InvalidBoolean: `${BOOLEAN_HINT}.`,
};

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

const ESCAPE_HINT = 'Escape with a backslash any space or comma that belongs to a name or value.';

/**
 * The hint of an error kind. For the kinds an unescaped space or comma causes it also says to
 * escape one in general: which one (if any) is found only when the quick fix is asked for.
 */
export function parseHint(kind: ParseErrorKind, errorText = ''): string | undefined {
  const word = kind === 'InvalidBoolean' ? (/^[A-Za-z_][^\s,"\\=]*$/.test(errorText) ? errorText : undefined) : firstBareWord(errorText);
  // The InfluxDB 3 parser says only "No fields were provided" or "Could not parse entire line" for `f=warm`.
  if (word !== undefined) return `'${word}' is not a value. ${BOOLEAN_HINT} ("${word}").`;
  const hint = HINTS[kind];
  if (!ESCAPABLE.has(kind) || hint?.includes('escape')) return hint;
  return hint === undefined ? ESCAPE_HINT : `${hint} ${ESCAPE_HINT}`;
}

/** A field value that is a bare word, and not a boolean: `temperature=warm`. */
const BARE_VALUE = /(?<![\\])=([A-Za-z_][^\s,"\\=]*)(?=[\s,]|$)/g;

function isBoolean(word: string): boolean {
  return (BOOLEANS as readonly string[]).includes(word);
}

/** The first bare word written as a value in `text` (none when every value is a number, string or boolean). */
function firstBareWord(text: string): string | undefined {
  for (const m of text.matchAll(BARE_VALUE)) if (!isBoolean(m[1])) return m[1];
  return undefined;
}

/**
 * The bare words written as values at or after `errorOffset` in `line` (the parse error's start),
 * when quoting all of them makes the line parse; none otherwise. Tag values before the error are
 * bare words by right and are never included.
 */
export function bareWordValues(line: string, errorOffset: number, options: ParseOptions): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  for (const m of line.matchAll(BARE_VALUE)) {
    const start = (m.index ?? 0) + 1;
    const end = start + m[1].length;
    if (end > errorOffset && !isBoolean(m[1])) words.push({ start, end });
  }
  if (words.length === 0) return [];
  let quoted = '';
  let at = 0;
  for (const w of words) {
    quoted += `${line.slice(at, w.start)}"${line.slice(w.start, w.end)}"`;
    at = w.end;
  }
  quoted += line.slice(at);
  const table = parseRegion(quoted, 0, quoted.length, options);
  return table.count === 1 && table.ok(0) ? words : [];
}

/** Whether the escape quick fix may apply to an error of this kind (it is tried only when asked for). */
export function mayEscape(kind: ParseErrorKind): boolean {
  // A bare word where a value belongs (an invalid boolean to the 1.x/2.x parser): the quote fix is tried too.
  return ESCAPABLE.has(kind) || kind === 'InvalidBoolean';
}

const SPACE = 32;
const COMMA = 44;
const BACKSLASH = 92;
const MAX_TRIES = 4;

/**
 * Tries a backslash before each of the last few unescaped spaces and commas of `line` up to the
 * error at `errorOffset`; returns the offset of the first that makes the line parse.
 */
export function escapeOffset(line: string, errorOffset: number, options: ParseOptions): number | undefined {
  let tries = 0;
  for (let p = Math.min(errorOffset, line.length - 1); p >= 0 && tries < MAX_TRIES; p--) {
    const c = line.charCodeAt(p);
    if (c !== SPACE && c !== COMMA) continue;
    if (p > 0 && line.charCodeAt(p - 1) === BACKSLASH) continue;
    tries++;
    const escaped = line.slice(0, p) + '\\' + line.slice(p);
    const table = parseRegion(escaped, 0, escaped.length, options);
    if (table.count === 1 && table.ok(0)) return p;
  }
  return undefined;
}
