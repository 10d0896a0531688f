/**
 * Error texts, built only when an error is looked at. v3 texts are the Rust parser's current
 * `Display` strings (line-protocol.md §9.1); v1/v2 texts are the `models` parser's reasons (§11),
 * without the `unable to parse '<line>': ` prefix the server adds.
 */
import { utf8Length } from './chars';
import * as K from './kinds';

/** Rust `maybe_truncate_context`: more than 10 UTF-8 bytes ⇒ the first 10 chars and `...`. */
export function truncateContext(s: string): string {
  if (s.length <= 10 && utf8Length(s) <= 10) return s;
  let out = '';
  let chars = 0;
  for (const ch of s) {
    if (chars === 10) break;
    out += ch;
    chars++;
  }
  // Rust appends the ellipsis whenever the byte length is over 10, even if every char was kept.
  return out + '...';
}

function got(what: string, rest: string, truncate: boolean): string {
  if (rest.length === 0) return `Expected ${what}, got end of input`;
  return `Expected ${what}, got \`${truncate ? truncateContext(rest) : rest}\``;
}

/** `String is greater than 64KB` / `…1MB`: the wording follows the configured limit. */
export function stringLimitMessage(limit: number): string {
  if (limit >= 1048576 && limit % 1048576 === 0) return `String is greater than ${limit / 1048576}MB`;
  if (limit % 1024 === 0) return `String is greater than ${limit / 1024}KB`;
  return `String is greater than ${limit} bytes`;
}

/**
 * The message of error `kind` on the line ending at `lineEnd`, whose offending token is
 * `text[from, to)`; `extra` is the tag-set start (TagSetMalformedWithContext) or a number.
 */
export function errorMessage(
  kind: number,
  text: string,
  from: number,
  to: number,
  extra: number,
  lineEnd: number,
  stringLimit: number,
): string {
  switch (kind) {
    case K.E_MEASUREMENT_INVALID:
      return 'Invalid measurement was provided';
    case K.E_EXPECTED_SPACE:
      return got('at least one space character', text.slice(from, lineEnd), false);
    case K.E_EXPECTED_TAG_KEY:
      return got('tag key', text.slice(from, lineEnd), true);
    case K.E_EXPECTED_TAG_VALUE:
      return got('tag value', text.slice(from, lineEnd), true);
    case K.E_TAG_SET_MALFORMED:
      return `Tag set malformed: could not find equals sign in \`${truncateContext(text.slice(extra, lineEnd))}\``;
    case K.E_FIELD_SET_MISSING:
      return 'No fields were provided';
    case K.E_INTEGER_INVALID:
      return `Unable to parse integer value \`${text.slice(from, to)}\``;
    case K.E_UINTEGER_INVALID:
      return `Unable to parse unsigned integer value \`${text.slice(from, to)}\``;
    case K.E_FLOAT_INVALID:
      return `Unable to parse floating-point value \`${text.slice(from, to)}\``;
    case K.E_TIMESTAMP_INVALID:
      return `Unable to parse timestamp value \`${text.slice(from, to)}\``;
    case K.E_ENDS_WITH_BACKSLASH:
      return 'Measurements, tag keys and values, and field keys may not end with a backslash';
    case K.E_TRAILING:
      return `Could not parse entire line. Found trailing content: \`${truncateContext(text.slice(from, lineEnd))}\``;
    case K.E_STRING_TOO_LARGE:
      return stringLimitMessage(stringLimit);
    default:
      return modelsMessage(kind, text, from, to, extra);
  }
}

/** Go's `%q` for the short ASCII strings that reach a message (NUL as `\x00`). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

/** Reasons of the 1.x/2.x `models` parser. */
function modelsMessage(kind: number, text: string, from: number, to: number, extra: number): string {
  switch (kind) {
    case K.E_MISSING_MEASUREMENT:
      return 'missing measurement';
    case K.E_MISSING_TAG_KEY:
      return 'missing tag key';
    case K.E_MISSING_TAG_VALUE:
      return 'missing tag value';
    case K.E_INVALID_TAG_FORMAT:
      return 'invalid tag format';
    case K.E_DUPLICATE_TAGS:
      return 'duplicate tags';
    case K.E_MISSING_FIELDS:
      return 'missing fields';
    case K.E_MISSING_FIELD_KEY:
      return 'missing field key';
    case K.E_MISSING_FIELD_VALUE:
      return 'missing field value';
    case K.E_INVALID_FIELD_FORMAT:
      return 'invalid field format';
    case K.E_UNBALANCED_QUOTES:
      return 'unbalanced quotes';
    case K.E_INVALID_NUMBER:
      return 'invalid number';
    case K.E_INVALID_BOOLEAN:
      return 'invalid boolean';
    case K.E_INVALID_FLOAT:
      return 'invalid float';
    case K.E_BAD_TIMESTAMP:
      return 'bad timestamp';
    case K.E_TIME_OUTSIDE_RANGE:
      return 'time outside range -9223372036854775806 - 9223372036854775806';
    case K.E_MAX_KEY_LENGTH:
      return `max key length exceeded: ${extra} > 65535`;
    case K.E_RESERVED_TAG_KEY:
      return `cannot use reserved tag key ${goQuote(text.slice(from, to))}`;
    case K.E_MODELS_FIELD_KEY_VALUE:
      return `invalid value: field-key=${text.slice(from, to)}`;
    case K.E_MODELS_INTEGER_RANGE: {
      const digits = text.slice(from, to);
      return `unable to parse integer ${digits}: strconv.ParseInt: parsing ${goQuote(digits)}: value out of range`;
    }
    case K.E_MODELS_UINTEGER_RANGE: {
      const digits = text.slice(from, to);
      return `unable to parse unsigned ${digits}: strconv.ParseUint: parsing ${goQuote(digits)}: value out of range`;
    }
    case K.E_MODELS_POINT_INVALID:
      return 'point is invalid';
    case K.E_MODELS_TIMESTAMP_PARSE: {
      const digits = text.slice(from, to);
      const syntax = digits === '-' || digits === '';
      return `strconv.ParseInt: parsing ${goQuote(digits)}: ${syntax ? 'invalid syntax' : 'value out of range'}`;
    }
    default:
      return `unknown error ${kind}`;
  }
}
