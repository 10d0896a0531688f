/**
 * The InfluxDB 1.x / 2.x `models` parser (`models/points.go`: scanKey, scanFields, walkFields,
 * scanTime; line-protocol.md §11, §12), reproduced step by step so that the `v1`/`v2` targets accept
 * and reject exactly what those servers do, with their reasons.
 *
 * Its escape handling is not pairwise: a character is escaped when the *previous* character is a
 * backslash (so `\\,` escapes the comma), except in the field scanner, which skips two characters
 * at a backslash. Those inconsistencies are the server's and are kept on purpose.
 *
 * `v1` is the default 1.x build (no unsigned integers); `v2` accepts them and refuses the reserved
 * tag keys.
 */
import type { ParserTarget } from '../model';
import type { TableBuilder } from './builder';
import { BACKSLASH, COMMA, DIGIT_0, DIGIT_9, DOT, EQUALS, LF, MINUS, NUL, QUOTE, SPACE, TAB, charEnd, fitsI64, fitsModelsTime, fitsU64, utf8Length } from './chars';
import {
  E_BAD_TIMESTAMP,
  E_DUPLICATE_TAGS,
  E_INVALID_BOOLEAN,
  E_INVALID_FIELD_FORMAT,
  E_INVALID_FLOAT,
  E_INVALID_NUMBER,
  E_INVALID_TAG_FORMAT,
  E_MAX_KEY_LENGTH,
  E_MISSING_FIELDS,
  E_MISSING_FIELD_KEY,
  E_MISSING_FIELD_VALUE,
  E_MISSING_MEASUREMENT,
  E_MISSING_TAG_KEY,
  E_MISSING_TAG_VALUE,
  E_MODELS_FIELD_KEY_VALUE,
  E_MODELS_INTEGER_RANGE,
  E_MODELS_POINT_INVALID,
  E_MODELS_TIMESTAMP_PARSE,
  E_MODELS_UINTEGER_RANGE,
  E_RESERVED_TAG_KEY,
  E_TIME_OUTSIDE_RANGE,
  E_UNBALANCED_QUOTES,
  OK,
  T_BOOLEAN,
  T_FLOAT,
  T_INTEGER,
  T_STRING,
  T_UINTEGER,
} from './kinds';

const MAX_KEY_LENGTH = 65535;
const RESERVED_V2 = ['_measurement', '_field', 'time', '\u0000'];

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/** `isNumeric` in points.go: a digit or '.'. */
function isNumeric(c: number): boolean {
  return isDigit(c) || c === DOT;
}

/** `models` leading whitespace: SP, TAB and NUL. */
export function isModelsSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NUL;
}

/**
 * The `models` trim of one split line: leading SP/TAB/NUL are skipped and a line whose first other
 * character is '#' is a comment (the whole split line, even a '\n' its quote tracking swallowed).
 * Returns where the data starts, or `to` when the line is skipped.
 */
export function trimLeadingModels(s: string, from: number, to: number): number {
  let p = from;
  while (p < to && isModelsSpace(s.charCodeAt(p))) p++;
  if (p < to && s.charCodeAt(p) === 35) return to;
  return p;
}

let errKind = 0;
let errFrom = 0;
let errTo = 0;

function err(kind: number, from: number, to: number): number {
  errKind = kind;
  errFrom = from;
  errTo = to;
  return -1;
}

/** End of the value token starting at `p` (up to ',' or ' '), for underlining a bad value. */
function valueTokenEnd(s: string, p: number, le: number): number {
  let q = p;
  while (q < le) {
    const c = s.charCodeAt(q);
    if (c === COMMA || c === SPACE) break;
    q++;
  }
  return q;
}

/** Go `strconv.ParseFloat` accepts the characters scanNumber let through and the value is finite. */
function goFloatOk(text: string): boolean {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return false;
  return Number.isFinite(Number(text));
}

/** `scanNumber`: returns the end of the number or -1 (err* set). */
function scanNumber(s: string, i: number, le: number, uintSupport: boolean): number {
  const start = i;
  let isInt = false;
  let isUnsigned = false;
  if (i < le && s.charCodeAt(i) === MINUS) {
    i++;
    if (i === le) return err(E_INVALID_NUMBER, start, i);
  }
  let decimal = false;
  let scientific = false;
  for (;;) {
    if (i >= le) break;
    const c = s.charCodeAt(i);
    if (c === COMMA || c === SPACE) break;
    if (c === 105 && i > start && !(isInt || isUnsigned)) {
      isInt = true;
      i++;
      continue;
    } else if (c === 117 && i > start && !(isInt || isUnsigned)) {
      isUnsigned = true;
      i++;
      continue;
    }
    if (c === DOT) {
      if (decimal) return err(E_INVALID_NUMBER, start, valueTokenEnd(s, start, le));
      decimal = true;
    }
    if (i > start && (c === 101 || c === 69)) {
      scientific = true;
      i++;
      continue;
    }
    if (c === 43 || c === MINUS) {
      const prev = s.charCodeAt(i - 1);
      if (prev === 101 || prev === 69) {
        i++;
        continue;
      }
    }
    if (i + 2 < le && (c === 78 || c === 110)) return err(E_INVALID_NUMBER, start, valueTokenEnd(s, start, le));
    if (!isNumeric(c)) return err(E_INVALID_NUMBER, start, valueTokenEnd(s, start, le));
    i++;
  }
  if ((isInt || isUnsigned) && (decimal || scientific)) return err(E_INVALID_NUMBER, start, i);
  let numericDigits = i - start;
  if (isInt) numericDigits--;
  if (decimal) numericDigits--;
  if (s.charCodeAt(start) === MINUS) numericDigits--;
  if (numericDigits === 0) return err(E_INVALID_NUMBER, start, i);
  if (isInt) {
    if (s.charCodeAt(i - 1) !== 105) return err(E_INVALID_NUMBER, start, i);
    if (i - 1 - start >= 19 && !fitsI64(s, start, i - 1)) return err(E_MODELS_INTEGER_RANGE, start, i - 1);
  } else if (isUnsigned) {
    if (!uintSupport) return err(E_INVALID_NUMBER, start, i);
    if (s.charCodeAt(i - 1) !== 117) return err(E_INVALID_NUMBER, start, i);
    if (s.charCodeAt(start) === MINUS) return err(E_INVALID_NUMBER, start, i);
    if (i - 1 - start >= 20 && !fitsU64(s, start, i - 1)) return err(E_MODELS_UINTEGER_RANGE, start, i - 1);
  } else if (scientific || i - start >= 25) {
    if (!goFloatOk(s.slice(start, i))) return err(E_INVALID_FLOAT, start, i);
  }
  return i;
}

/** `scanBoolean`: returns the end of the boolean or -1. */
function scanBoolean(s: string, i: number, le: number): number {
  const start = i;
  const c0 = s.charCodeAt(i);
  if (i < le && c0 !== 116 && c0 !== 102 && c0 !== 84 && c0 !== 70) return err(E_INVALID_BOOLEAN, start, valueTokenEnd(s, start, le));
  i++;
  while (i < le) {
    const c = s.charCodeAt(i);
    if (c === COMMA || c === SPACE) break;
    i++;
  }
  const n = i - start;
  if (n === 1) return i;
  let valid = false;
  if ((c0 === 116 || c0 === 84) && n === 4) {
    const w = s.slice(start, i);
    valid = c0 === 116 ? w === 'true' : w === 'TRUE' || w === 'True';
  } else if ((c0 === 102 || c0 === 70) && n === 5) {
    const w = s.slice(start, i);
    valid = c0 === 102 ? w === 'false' : w === 'FALSE' || w === 'False';
  }
  if (!valid) return err(E_INVALID_BOOLEAN, start, i);
  return i;
}

/** Records the error (replacing the line's tokens) and returns its code. */
function fail(b: TableBuilder, tn0: number, fn0: number, kind: number, from: number, to: number, extra: number, rb: number): number {
  const tok = b.tok;
  tok[tn0] = from - rb;
  tok[tn0 + 1] = to - rb;
  tok[tn0 + 2] = extra;
  b.tn = tn0 + 3;
  b.fn = fn0;
  return kind;
}

/** Whether `s[a, a + n)` equals `s[b, b + n)`. */
function sameText(s: string, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
  return true;
}

function bytesOf(s: string, from: number, to: number): number {
  return utf8Length(s.slice(from, to));
}

/**
 * Parses the data line `s[ls, le)` (already trimmed) like the `models` parser. Offsets are
 * stored relative to `rb`. Returns OK or an error code.
 */
export function parseLineModels(s: string, ls: number, le: number, rb: number, b: TableBuilder, target: ParserTarget): number {
  const tok = b.tok;
  const types = b.types;
  const tn0 = b.tn;
  const fn0 = b.fn;
  let tn = tn0;
  let fn = fn0;

  // scanMeasurement.
  let i = ls;
  if (i >= le || s.charCodeAt(i) === COMMA) return fail(b, tn0, fn0, E_MISSING_MEASUREMENT, i, charEnd(s, i, le), 0, rb);
  let hasTags = false;
  for (;;) {
    i++;
    if (i >= le) return fail(b, tn0, fn0, E_MISSING_FIELDS, ls, le, 0, rb);
    if (s.charCodeAt(i - 1) === BACKSLASH) continue;
    const c = s.charCodeAt(i);
    if (c === COMMA) {
      hasTags = true;
      break;
    }
    if (c === SPACE) break;
  }
  tok[tn++] = i - rb;

  // scanTags.
  const firstTagToken = tn;
  if (hasTags) {
    i++;
    for (;;) {
      // scanTagsKey
      const k = i;
      let c = i < le ? s.charCodeAt(i) : -1;
      if (i >= le || c === SPACE || c === COMMA || c === EQUALS) return fail(b, tn0, fn0, E_MISSING_TAG_KEY, i, charEnd(s, i, le), 0, rb);
      for (;;) {
        i++;
        if (i >= le) return fail(b, tn0, fn0, E_MISSING_TAG_VALUE, k, i, 0, rb);
        c = s.charCodeAt(i);
        const escaped = s.charCodeAt(i - 1) === BACKSLASH;
        if ((c === SPACE || c === COMMA) && !escaped) return fail(b, tn0, fn0, E_MISSING_TAG_VALUE, k, i, 0, rb);
        if (c === EQUALS && !escaped) break;
      }
      const eq = i;
      i++;
      // scanTagsValue
      const v = i;
      c = i < le ? s.charCodeAt(i) : -1;
      if (i >= le || c === COMMA || c === SPACE) return fail(b, tn0, fn0, E_MISSING_TAG_VALUE, i, charEnd(s, i, le), 0, rb);
      let next = 0; // 1: another tag, 2: fields
      while (next === 0) {
        i++;
        if (i >= le) return fail(b, tn0, fn0, E_MISSING_FIELDS, ls, le, 0, rb);
        c = s.charCodeAt(i);
        if (s.charCodeAt(i - 1) === BACKSLASH) continue;
        if (c === EQUALS) return fail(b, tn0, fn0, E_INVALID_TAG_FORMAT, v, i + 1, 0, rb);
        if (c === COMMA) next = 1;
        else if (c === SPACE) next = 2;
      }
      tok[tn++] = eq - rb;
      tok[tn++] = i - rb;
      if (next === 2) break;
      i++;
    }
  }
  const keyEnd = i;
  const nTags = (tn - firstTagToken) >> 1;

  // Reserved tag keys (2.x), then duplicate tag keys; keys compared as written (escaped).
  if (nTags > 0) {
    const keyStartOf = (j: number): number => (j === 0 ? tok[tn0] : tok[firstTagToken + 2 * j - 1]) + 1 + rb;
    const keyEndOf = (j: number): number => tok[firstTagToken + 2 * j] + rb;
    if (target === 'v2') {
      for (let j = 0; j < nTags; j++) {
        const a = keyStartOf(j);
        const e = keyEndOf(j);
        const n = e - a;
        if (n <= 12 && RESERVED_V2.includes(s.slice(a, e))) return fail(b, tn0, fn0, E_RESERVED_TAG_KEY, a, e, 0, rb);
      }
    }
    if (nTags > 1) {
      if (nTags <= 16) {
        for (let j = 1; j < nTags; j++) {
          const a = keyStartOf(j);
          const n = keyEndOf(j) - a;
          for (let m = 0; m < j; m++) {
            const c = keyStartOf(m);
            if (keyEndOf(m) - c === n && sameText(s, a, c, n)) return fail(b, tn0, fn0, E_DUPLICATE_TAGS, a, a + n, 0, rb);
          }
        }
      } else {
        const seen = new Set<string>();
        for (let j = 0; j < nTags; j++) {
          const a = keyStartOf(j);
          const e = keyEndOf(j);
          const key = s.slice(a, e);
          if (seen.has(key)) return fail(b, tn0, fn0, E_DUPLICATE_TAGS, a, e, 0, rb);
          seen.add(key);
        }
      }
    }
  }

  // Series key length (bytes of the key as written).
  // A UTF-16 unit takes 1 to 3 UTF-8 bytes: count bytes only when the bound says it could matter.
  const keyUnits = keyEnd - ls;
  if (keyUnits * 3 > MAX_KEY_LENGTH) {
    const keyBytes = bytesOf(s, ls, keyEnd);
    if (keyBytes > MAX_KEY_LENGTH) return fail(b, tn0, fn0, E_MAX_KEY_LENGTH, ls, keyEnd, keyBytes, rb);
  }

  // scanFields.
  let start = keyEnd;
  while (start < le && isModelsSpace(s.charCodeAt(start))) start++;
  i = start;
  let quoted = false;
  let equals = 0;
  let commas = 0;
  const uintSupport = target === 'v2';
  while (i < le) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < le) {
      i += 2;
      continue;
    }
    if (c === QUOTE && equals > commas) {
      quoted = !quoted;
      i++;
      continue;
    }
    if (c === EQUALS && !quoted) {
      equals++;
      const prev = s.charCodeAt(i - 1);
      if ((prev === SPACE || prev === COMMA) && s.charCodeAt(i - 2) !== BACKSLASH) {
        return fail(b, tn0, fn0, E_MISSING_FIELD_KEY, i, i + 1, 0, rb);
      }
      if (i + 1 >= le) return fail(b, tn0, fn0, E_MISSING_FIELD_VALUE, i, i + 1, 0, rb);
      const n = s.charCodeAt(i + 1);
      if (n === COMMA || n === SPACE) return fail(b, tn0, fn0, E_MISSING_FIELD_VALUE, i, i + 1, 0, rb);
      if (isNumeric(n) || n === MINUS || n === 78 || n === 110) {
        const r = scanNumber(s, i + 1, le, uintSupport);
        if (r < 0) return fail(b, tn0, fn0, errKind, errFrom, errTo, 0, rb);
        i = r;
        continue;
      }
      if (n !== QUOTE) {
        const r = scanBoolean(s, i + 1, le);
        if (r < 0) return fail(b, tn0, fn0, errKind, errFrom, errTo, 0, rb);
        i = r;
        continue;
      }
    }
    if (c === COMMA && !quoted) commas++;
    if (c === SPACE && !quoted) break;
    i++;
  }
  if (quoted) return fail(b, tn0, fn0, E_UNBALANCED_QUOTES, start, i, 0, rb);
  if (equals === 0 || commas !== equals - 1) return fail(b, tn0, fn0, E_INVALID_FIELD_FORMAT, start, i, 0, rb);
  const fieldsEnd = i;
  tok[tn++] = start - rb;

  // walkFields: keys end at the first '=' not preceded by a backslash; values at an unquoted ','.
  let q = start;
  while (q < fieldsEnd) {
    let e = q;
    while (e < fieldsEnd && !(s.charCodeAt(e) === EQUALS && (e === q || s.charCodeAt(e - 1) !== BACKSLASH))) e++;
    if (e - q > fieldsEnd - q - 2) return fail(b, tn0, fn0, E_MODELS_FIELD_KEY_VALUE, q, fieldsEnd, 0, rb);
    if ((keyUnits + e - q) * 3 + 4 > MAX_KEY_LENGTH) {
      const size = bytesOf(s, ls, keyEnd) + 4 + bytesOf(s, q, e);
      if (size > MAX_KEY_LENGTH) return fail(b, tn0, fn0, E_MAX_KEY_LENGTH, q, e, size, rb);
    }
    const v = e + 1;
    let w = v;
    let inQuotes = false;
    while (w < fieldsEnd) {
      const c = s.charCodeAt(w);
      if (c === BACKSLASH && w + 1 < fieldsEnd) {
        const n = s.charCodeAt(w + 1);
        if (n === QUOTE || n === BACKSLASH) {
          w += 2;
          continue;
        }
      }
      if (c === QUOTE) {
        inQuotes = !inQuotes;
        w++;
        continue;
      }
      if (c === COMMA && !inQuotes) break;
      w++;
    }
    tok[tn++] = e - rb;
    tok[tn++] = w - rb;
    types[fn++] = modelsFieldType(s, v, w);
    q = w < fieldsEnd ? w + 1 : w;
  }

  // scanTime.
  let t = fieldsEnd;
  while (t < le && isModelsSpace(s.charCodeAt(t))) t++;
  const tsStart = t;
  while (t < le) {
    const c = s.charCodeAt(t);
    if (c === LF || c === SPACE) break;
    if (t === tsStart && c === MINUS) {
      t++;
      continue;
    }
    if (!isDigit(c)) return fail(b, tn0, fn0, E_BAD_TIMESTAMP, tsStart, valueTokenEnd(s, tsStart, le), 0, rb);
    t++;
  }
  if (t > tsStart) {
    const digits = s.charCodeAt(tsStart) === MINUS ? tsStart + 1 : tsStart;
    if (t === digits || !fitsI64(s, tsStart, t)) return fail(b, tn0, fn0, E_MODELS_TIMESTAMP_PARSE, tsStart, t, 0, rb);
    if (!fitsModelsTime(s, tsStart, t)) return fail(b, tn0, fn0, E_TIME_OUTSIDE_RANGE, tsStart, t, 0, rb);
    // Only spaces may follow a timestamp.
    for (let p = t; p < le; p++) {
      if (s.charCodeAt(p) !== SPACE) return fail(b, tn0, fn0, E_MODELS_POINT_INVALID, p, le, 0, rb);
    }
    tok[tn++] = tsStart - rb;
    tok[tn++] = t - rb;
  } else {
    tok[tn++] = -1;
    tok[tn++] = -1;
  }
  b.tn = tn;
  b.fn = fn;
  return OK;
}

/** The type the `models` field iterator gives a raw value. */
function modelsFieldType(s: string, v: number, w: number): number {
  if (w <= v) return T_FLOAT;
  const c = s.charCodeAt(v);
  if (c === QUOTE) return T_STRING;
  // `0123456789-.nNiIu`
  if (isNumeric(c) || c === MINUS || c === 110 || c === 78 || c === 105 || c === 73 || c === 117) {
    const last = s.charCodeAt(w - 1);
    if (last === 105) return T_INTEGER;
    if (last === 117) return T_UINTEGER;
    return T_FLOAT;
  }
  return T_BOOLEAN;
}
