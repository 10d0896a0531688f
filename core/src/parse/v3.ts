/**
 * The InfluxDB 3 / IOx parser (Rust `influxdb_line_protocol::parse_line`, line-protocol.md §1.3-§9)
 * as a hand-written state machine over `charCodeAt`. It validates everything (escapes, integer
 * ranges, string limits, timestamp range) but decodes nothing: it records token boundaries and
 * field types into the builder; values are decoded lazily by the table's accessors.
 *
 * The nom combinators' behaviour is reproduced exactly, including its quirks: the first ',' after
 * the first field is consumed even when the next field fails (§5.3), the optional timestamp
 * backtracks as a unit (§1.3), and soft vs hard failures decide whether a bad field ends the list
 * or the line.
 */
import type { TableBuilder } from './builder';
import * as chars from './chars';
import * as decode from './decode';
import * as K from './kinds';

/*
 * Hot-path constants are module-local and imported functions are captured once: under the
 * test/bench loader every use of an imported binding is a getter call, which costs more than the
 * character test it guards.
 */
const NUL = 0;
const TAB = 9;
const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
const EQUALS = 61;
const BACKSLASH = 92;
const OK = 0;
const T_FLOAT = 1;
const T_INTEGER = 2;
const T_UINTEGER = 3;
const T_STRING = 4;
const T_BOOLEAN = 5;
const { charEnd, fitsI64, fitsU64, utf8Length } = chars;
const { decodeName, decodeStringField } = decode;
const NAME_MEASUREMENT = decode.NameKind.Measurement;
const NAME_KEY = decode.NameKind.Key;
const {
  E_ENDS_WITH_BACKSLASH,
  E_EXPECTED_SPACE,
  E_EXPECTED_TAG_KEY,
  E_EXPECTED_TAG_VALUE,
  E_FIELD_SET_MISSING,
  E_INTEGER_INVALID,
  E_MEASUREMENT_INVALID,
  E_STRING_TOO_LARGE,
  E_TAG_SET_MALFORMED,
  E_TIMESTAMP_INVALID,
  E_TRAILING,
  E_UINTEGER_INVALID,
} = K;

/** Set by `scanName`: the unescaped name ends with a backslash. */
let nameEndsWithBackslash = false;

/**
 * Scans a name from `p` up to an unescaped SP/TAB/LF or `t1`/`t2`. A backslash always takes the
 * next character with it (known escapes are unescaped, unknown ones keep both characters, and in
 * both cases the escaped character is never a terminator). Returns the end.
 */
function scanName(s: string, p: number, le: number, t1: number, t2: number): number {
  // Where the last escape that leaves a backslash ends (`\\`, or a lone `\` at the end).
  let backslashEnd = -1;
  while (p < le) {
    const c = s.charCodeAt(p);
    // Letters, '_' and everything non-ASCII: never special in a name.
    if (c > BACKSLASH) {
      p++;
      continue;
    }
    if (c === BACKSLASH) {
      if (p + 1 >= le) {
        p++;
        backslashEnd = p;
        break;
      }
      const next = s.charCodeAt(p + 1);
      if (next === BACKSLASH) {
        p += 2;
        backslashEnd = p;
      } else if (next >= 0xd800 && next <= 0xdbff) p = charEnd(s, p + 1, le);
      else p += 2;
      continue;
    }
    if (c <= SPACE) {
      if (c === SPACE || c === TAB || c === LF || c === t1 || c === t2) break;
    } else if (c === t1 || c === t2) break;
    p++;
  }
  nameEndsWithBackslash = backslashEnd === p;
  return p;
}

/** The unescaped name `s[from, to)` is longer than `limit` UTF-8 bytes. */
function nameTooLarge(s: string, from: number, to: number, kind: decode.NameKind, limit: number): boolean {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes: most names are decided here.
  if ((to - from) * 3 <= limit) return false;
  return utf8Length(decodeName(s, from, to, kind, 'v3')) > limit;
}

function stringTooLarge(s: string, from: number, to: number, limit: number): boolean {
  if ((to - from) * 3 <= limit) return false;
  return utf8Length(decodeStringField(s, from, to)) > limit;
}

// Outcome of `scanField` besides its return value.
const SOFT = -1;
const HARD = -2;
let fieldEq = 0;
let fieldType = 0;
let hardKind = 0;
let hardFrom = 0;
let hardTo = 0;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** `[eE][+-]?[0-9]+` at `q`: returns its end, or `q` when there is no complete exponent. */
function scanExponent(s: string, q: number, le: number): number {
  if (q >= le) return q;
  const c = s.charCodeAt(q);
  if (c !== 101 && c !== 69) return q;
  let e = q + 1;
  if (e < le) {
    const sign = s.charCodeAt(e);
    if (sign === MINUS || sign === 43) e++;
  }
  const digits = e;
  while (e < le && isDigit(s.charCodeAt(e))) e++;
  return e > digits ? e : q;
}

/** Prefix `word` of the line at `p` (never reading past `le`). */
function startsWithAt(s: string, p: number, le: number, word: string): boolean {
  return p + word.length <= le && s.startsWith(word, p);
}

/**
 * One `field_key "=" field_value` at `p`. Returns the value's end, SOFT when the field does not
 * parse (nom `Error`), HARD when the line must fail (nom `Failure`: hardKind/hardFrom/hardTo).
 */
function scanField(s: string, p: number, le: number, limit: number): number {
  const keyEnd = scanName(s, p, le, EQUALS, EQUALS);
  if (keyEnd === p) return SOFT;
  if (nameEndsWithBackslash) return hard(E_ENDS_WITH_BACKSLASH, p, keyEnd);
  if (nameTooLarge(s, p, keyEnd, NAME_KEY, limit)) return hard(E_STRING_TOO_LARGE, p, keyEnd);
  if (keyEnd >= le || s.charCodeAt(keyEnd) !== EQUALS) return SOFT;
  fieldEq = keyEnd;
  const v = keyEnd + 1;
  if (v >= le) return SOFT;
  const c = s.charCodeAt(v);
  if (c === MINUS || isDigit(c)) {
    let q = c === MINUS ? v + 1 : v;
    const digits = q;
    while (q < le && isDigit(s.charCodeAt(q))) q++;
    if (q === digits) return SOFT;
    const after = q < le ? s.charCodeAt(q) : -1;
    if (after === 105) {
      // `-?[0-9]+i`: i64.
      if (!fitsI64(s, v, q)) return hard(E_INTEGER_INVALID, v, q);
      fieldType = T_INTEGER;
      return q + 1;
    }
    if (after === 117 && c !== MINUS) {
      // `[0-9]+u`: u64.
      if (!fitsU64(s, v, q)) return hard(E_UINTEGER_INVALID, v, q);
      fieldType = T_UINTEGER;
      return q + 1;
    }
    // Float: `-?D+.D+` needs a digit after the dot; then an exponent only if it is complete.
    if (after === DOT && q + 1 < le && isDigit(s.charCodeAt(q + 1))) {
      q += 2;
      while (q < le && isDigit(s.charCodeAt(q))) q++;
    }
    fieldType = T_FLOAT;
    return scanExponent(s, q, le);
  }
  if (c === QUOTE) {
    let q = v + 1;
    while (q < le) {
      const d = s.charCodeAt(q);
      if (d > BACKSLASH) {
        q++;
        continue;
      }
      if (d === QUOTE) break;
      if (d === BACKSLASH && q + 1 < le) {
        const next = s.charCodeAt(q + 1);
        q += next === QUOTE || next === BACKSLASH ? 2 : 1;
        continue;
      }
      q++;
    }
    if (q >= le) return SOFT; // unterminated
    if (stringTooLarge(s, v, q + 1, limit)) return hard(E_STRING_TOO_LARGE, v, q + 1);
    fieldType = T_STRING;
    return q + 1;
  }
  fieldType = T_BOOLEAN;
  switch (c) {
    case 116: // t
      return startsWithAt(s, v, le, 'true') ? v + 4 : v + 1;
    case 84: // T
      return startsWithAt(s, v, le, 'True') || startsWithAt(s, v, le, 'TRUE') ? v + 4 : v + 1;
    case 102: // f
      return startsWithAt(s, v, le, 'false') ? v + 5 : v + 1;
    case 70: // F
      return startsWithAt(s, v, le, 'False') || startsWithAt(s, v, le, 'FALSE') ? v + 5 : v + 1;
    default:
      return SOFT;
  }
}

function hard(kind: number, from: number, to: number): number {
  hardKind = kind;
  hardFrom = from;
  hardTo = to;
  return HARD;
}

/** Records the error of the line being parsed (replacing any tokens it wrote) and returns its code. */
function fail(b: TableBuilder, tn0: number, fn0: number, kind: number, from: number, to: number, extra: number, rb: number): number {
  const tok = b.tok;
  tok[tn0] = from - rb;
  tok[tn0 + 1] = to - rb;
  tok[tn0 + 2] = extra;
  b.tn = tn0 + 3;
  b.fn = fn0;
  return kind;
}

/** Where a FieldSetMissing error is underlined: the first word of the field set. */
function wordEnd(s: string, p: number, le: number): number {
  let q = p;
  while (q < le && s.charCodeAt(q) !== SPACE) q++;
  return q;
}

/**
 * Parses the data line `s[ls, le)` (already trimmed, not empty). Offsets are stored relative to
 * `rb`. Returns OK or an error code; `b.reserve(le - ls)` must have been called.
 */
export function parseLineV3(s: string, ls: number, le: number, rb: number, b: TableBuilder, limit: number): number {
  const tok = b.tok;
  const tn0 = b.tn;
  const fn0 = b.fn;
  let tn = tn0;
  let fn = fn0;

  // Measurement.
  const c0 = s.charCodeAt(ls);
  if (c0 === COMMA || c0 === NUL || c0 === SPACE || c0 === TAB || c0 === LF) {
    return fail(b, tn0, fn0, E_MEASUREMENT_INVALID, ls, charEnd(s, ls, le), 0, rb);
  }
  let p = scanName(s, ls, le, COMMA, NUL);
  if (nameEndsWithBackslash) return fail(b, tn0, fn0, E_ENDS_WITH_BACKSLASH, ls, p, 0, rb);
  if (nameTooLarge(s, ls, p, NAME_MEASUREMENT, limit)) return fail(b, tn0, fn0, E_STRING_TOO_LARGE, ls, p, 0, rb);
  tok[tn++] = p - rb;

  // Tags: after a ',' every tag must be complete (nom `cut`).
  if (p < le && s.charCodeAt(p) === COMMA) {
    const tagSet = p + 1;
    for (;;) {
      const k = p + 1;
      const keyEnd = scanName(s, k, le, EQUALS, EQUALS);
      if (keyEnd === k) return fail(b, tn0, fn0, E_EXPECTED_TAG_KEY, k, charEnd(s, k, le), 0, rb);
      if (nameEndsWithBackslash) return fail(b, tn0, fn0, E_ENDS_WITH_BACKSLASH, k, keyEnd, 0, rb);
      if (nameTooLarge(s, k, keyEnd, NAME_KEY, limit)) return fail(b, tn0, fn0, E_STRING_TOO_LARGE, k, keyEnd, 0, rb);
      if (keyEnd >= le || s.charCodeAt(keyEnd) !== EQUALS) {
        return fail(b, tn0, fn0, E_TAG_SET_MALFORMED, k, keyEnd, tagSet - rb, rb);
      }
      const v = keyEnd + 1;
      const valueEnd = scanName(s, v, le, COMMA, COMMA);
      if (valueEnd === v) return fail(b, tn0, fn0, E_EXPECTED_TAG_VALUE, v, charEnd(s, v, le), 0, rb);
      if (nameEndsWithBackslash) return fail(b, tn0, fn0, E_ENDS_WITH_BACKSLASH, v, valueEnd, 0, rb);
      if (nameTooLarge(s, v, valueEnd, NAME_KEY, limit)) return fail(b, tn0, fn0, E_STRING_TOO_LARGE, v, valueEnd, 0, rb);
      tok[tn++] = keyEnd - rb;
      tok[tn++] = valueEnd - rb;
      p = valueEnd;
      if (p >= le || s.charCodeAt(p) !== COMMA) break;
    }
  }

  // At least one space.
  if (p >= le || s.charCodeAt(p) !== SPACE) return fail(b, tn0, fn0, E_EXPECTED_SPACE, p, charEnd(s, p, le), 0, rb);
  do p++;
  while (p < le && s.charCodeAt(p) === SPACE);
  tok[tn++] = p - rb;

  // Fields.
  const types = b.types;
  let r = scanField(s, p, le, limit);
  if (r === HARD) return fail(b, tn0, fn0, hardKind, hardFrom, hardTo, 0, rb);
  if (r === SOFT) return fail(b, tn0, fn0, E_FIELD_SET_MISSING, p, wordEnd(s, p, le), 0, rb);
  tok[tn++] = fieldEq - rb;
  tok[tn++] = r - rb;
  types[fn++] = fieldType;
  p = r;
  if (p < le && s.charCodeAt(p) === COMMA) {
    r = scanField(s, p + 1, le, limit);
    if (r === HARD) return fail(b, tn0, fn0, hardKind, hardFrom, hardTo, 0, rb);
    if (r === SOFT) {
      // The first separator stays consumed even though no field follows it (§5.3).
      p++;
    } else {
      tok[tn++] = fieldEq - rb;
      tok[tn++] = r - rb;
      types[fn++] = fieldType;
      p = r;
      while (p < le && s.charCodeAt(p) === COMMA) {
        r = scanField(s, p + 1, le, limit);
        if (r === HARD) return fail(b, tn0, fn0, hardKind, hardFrom, hardTo, 0, rb);
        if (r === SOFT) break;
        tok[tn++] = fieldEq - rb;
        tok[tn++] = r - rb;
        types[fn++] = fieldType;
        p = r;
      }
    }
  }

  // Optional timestamp: spaces, `-?[0-9]+`, optional spaces; backtracks as a unit.
  let tsStart = -1;
  let tsEnd = -1;
  if (p < le && s.charCodeAt(p) === SPACE) {
    let q = p + 1;
    while (q < le && s.charCodeAt(q) === SPACE) q++;
    let d = q < le && s.charCodeAt(q) === MINUS ? q + 1 : q;
    const digits = d;
    while (d < le && isDigit(s.charCodeAt(d))) d++;
    if (d > digits) {
      if (!fitsI64(s, q, d)) return fail(b, tn0, fn0, E_TIMESTAMP_INVALID, q, d, 0, rb);
      tsStart = q - rb;
      tsEnd = d - rb;
      p = d;
      while (p < le && s.charCodeAt(p) === SPACE) p++;
    }
  }
  if (p < le) return fail(b, tn0, fn0, E_TRAILING, p, le, 0, rb);
  tok[tn++] = tsStart;
  tok[tn++] = tsEnd;
  b.tn = tn;
  b.fn = fn;
  return OK;
}
