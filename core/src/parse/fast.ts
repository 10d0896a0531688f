/**
 * The InfluxDB 3 parser's fast path for ordinary lines.
 *
 * A per-character loop that classifies every character costs more than twice a raw scan, mostly
 * in mispredicted branches at each separator. Here separators are found with `indexOf` (memchr
 * speed), keeping for each special character the position of its next occurrence and refreshing
 * it only once the parse has moved past it: every character of the text is searched at most once
 * per special character, so the work stays linear.
 *
 * The fast path is conservative: it handles well-formed lines made of names, escapes, numbers,
 * strings, booleans and a timestamp, ending at the first '\n', and gives up (returns -1) on
 * anything else: an error, a TAB or NUL, a ',' or '"' inside a key, a backslash before a newline
 * or at the end, a string that spans lines, a name or string that could hit the size limit. The
 * caller then parses the line with the exact two-pass path (splitter, then v3.ts), which also
 * produces the exact error. On success it writes the same tokens v3.ts would.
 */
import type { TableBuilder } from './builder';
import * as chars from './chars';

const LF = 10;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const EQUALS = 61;
const BACKSLASH = 92;
const T_FLOAT = 1;
const T_INTEGER = 2;
const T_UINTEGER = 3;
const T_STRING = 4;
const T_BOOLEAN = 5;
const FAIL = -1;
/**
 * Longest line the fast path takes: its tokens must fit the room the caller reserved, and no name
 * or string in it can reach a size limit (the caller only uses the fast path when the limit is at
 * least FAST_MIN_LIMIT), so the fast path never measures sizes.
 */
export const FAST_MAX_LINE = 4000;
export const FAST_MIN_LIMIT = 3 * FAST_MAX_LINE;

const { fitsI64, fitsU64 } = chars;

/** "No further occurrence before the region end." */
const NONE = 0x7fffffff;

// Next occurrence of each special character at or after the position it was last searched from.
let limitEnd = 0;
let nextLf = -1;
let nextSpace = -1;
let nextComma = -1;
let nextBackslash = -1;
let nextQuote = -1;
let nextTab = -1;
let nextNul = -1;

/** Starts a region: forgets every cached position. */
export function startFastRegion(to: number): void {
  limitEnd = to;
  nextLf = nextSpace = nextComma = nextBackslash = nextQuote = nextTab = nextNul = -1;
}

function find(s: string, ch: string, p: number): number {
  const q = s.indexOf(ch, p);
  return q < 0 || q >= limitEnd ? NONE : q;
}

/** End of a name of the tag-value/measurement kind (ends at ',' or ' ') or FAIL. */
function scanValueName(s: string, p: number, lf: number): number {
  const start = p;
  let backslashEnd = -1;
  for (;;) {
    if (nextSpace < p) nextSpace = find(s, ' ', p);
    if (nextComma < p) nextComma = find(s, ',', p);
    let end = nextComma < nextSpace ? nextComma : nextSpace;
    if (end > lf) end = lf;
    if (nextBackslash < p) nextBackslash = find(s, '\\', p);
    if (nextBackslash >= end) {
      if (end === start || backslashEnd === end) return FAIL;
      return end;
    }
    const q = nextBackslash;
    if (q + 1 >= lf) return FAIL;
    const n = s.charCodeAt(q + 1);
    if (n === LF || (n >= 0xd800 && n <= 0xdfff)) return FAIL;
    p = q + 2;
    if (n === BACKSLASH) backslashEnd = p;
  }
}

/** End of the string field whose opening quote is at `v`, or FAIL (unterminated, or spans a line). */
function scanString(s: string, v: number, lf: number): number {
  let q = v + 1;
  for (;;) {
    if (nextQuote < q) nextQuote = find(s, '"', q);
    if (nextBackslash < q) nextBackslash = find(s, '\\', q);
    if (nextBackslash >= nextQuote) break;
    // `\"` and `\\` are escapes; any other backslash stands alone.
    const n = nextBackslash + 1 < lf ? s.charCodeAt(nextBackslash + 1) : -1;
    q = n === QUOTE || n === BACKSLASH ? nextBackslash + 2 : nextBackslash + 1;
  }
  return nextQuote < lf ? nextQuote + 1 : FAIL;
}

/** End of the boolean at `v` (first character `c`): the longest spelling that matches, by prefix. */
function scanBoolean(s: string, v: number, lf: number, c: number): number {
  if (c === 116) return lf - v >= 4 && s.startsWith('true', v) ? v + 4 : v + 1;
  if (c === 102) return lf - v >= 5 && s.startsWith('false', v) ? v + 5 : v + 1;
  if (c === 84) return lf - v >= 4 && (s.startsWith('True', v) || s.startsWith('TRUE', v)) ? v + 4 : v + 1;
  if (c === 70) return lf - v >= 5 && (s.startsWith('False', v) || s.startsWith('FALSE', v)) ? v + 5 : v + 1;
  return FAIL;
}

/** End of the digits starting at `q`. */
function digitsEnd(s: string, q: number, lf: number): number {
  while (q < lf && (s.charCodeAt(q) - DIGIT_0) >>> 0 <= 9) q++;
  return q;
}

/** End of a complete exponent `[eE][+-]?[0-9]+` at `q` (an 'e' or 'E'), or FAIL. */
function exponentEnd(s: string, q: number, lf: number): number {
  let x = q + 1;
  if (x < lf) {
    const sign = s.charCodeAt(x);
    if (sign === MINUS || sign === 43) x++;
  }
  const e = digitsEnd(s, x, lf);
  return e > x ? e : FAIL;
}

/**
 * End of a key starting at `p`: its '=' (the caller checks it is one). Keys are short, so this is
 * a character loop whose branches are predictable (ordinary key characters are all above ','),
 * cheaper here than a search call. A space, ',', '"' or other low punctuation gives up: they
 * either end the line in error or move the splitter's quote tracking.
 */
function keyEnd(s: string, p: number, lf: number): number {
  const start = p;
  let backslashEnd = -1;
  while (p < lf) {
    const c = s.charCodeAt(p);
    if (c === EQUALS) break;
    if (c <= COMMA) return FAIL;
    if (c === BACKSLASH) {
      if (p + 1 >= lf) return FAIL;
      const n = s.charCodeAt(p + 1);
      if (n === LF || (n >= 0xd800 && n <= 0xdfff)) return FAIL;
      p += 2;
      if (n === BACKSLASH) backslashEnd = p;
      continue;
    }
    p++;
  }
  return p === start || p >= lf || backslashEnd === p ? FAIL : p;
}

/**
 * Parses the line starting at `ls` (a split-line start holding neither whitespace nor '#').
 * Returns where it ends (its '\n', or the region end) with its tokens written, or FAIL with
 * nothing written. The caller reserved room for FAST_MAX_LINE characters.
 */
export function parseLineFast(s: string, ls: number, rb: number, b: TableBuilder): number {
  if (nextLf < ls) nextLf = find(s, '\n', ls);
  const lf = nextLf === NONE ? limitEnd : nextLf;
  if (lf - ls > FAST_MAX_LINE) return FAIL;
  if (nextTab < ls) nextTab = find(s, '\t', ls);
  if (nextTab < lf) return FAIL;
  if (nextNul < ls) nextNul = find(s, '\0', ls);
  if (nextNul < lf) return FAIL;

  const tok = b.tok;
  const types = b.types;
  let tn = b.tn;
  let fn = b.fn;

  if (s.charCodeAt(ls) === COMMA) return FAIL;
  let p = scanValueName(s, ls, lf);
  if (p < 0) return FAIL;
  tok[tn++] = p - rb;

  if (p < lf && s.charCodeAt(p) === COMMA) {
    for (;;) {
      const eq = keyEnd(s, p + 1, lf);
      if (eq < 0) return FAIL;
      const valueEnd = scanValueName(s, eq + 1, lf);
      if (valueEnd < 0) return FAIL;
      tok[tn++] = eq - rb;
      tok[tn++] = valueEnd - rb;
      p = valueEnd;
      if (p >= lf || s.charCodeAt(p) !== COMMA) break;
    }
  }

  if (p >= lf || s.charCodeAt(p) !== SPACE) return FAIL;
  do p++;
  while (p < lf && s.charCodeAt(p) === SPACE);
  tok[tn++] = p - rb;

  for (;;) {
    const eq = keyEnd(s, p, lf);
    if (eq < 0) return FAIL;
    const v = eq + 1;
    if (v >= lf) return FAIL;
    const c = s.charCodeAt(v);
    let type: number;
    if ((c - DIGIT_0) >>> 0 <= 9 || c === MINUS) {
      const digits = c === MINUS ? v + 1 : v;
      let q = digitsEnd(s, digits, lf);
      if (q === digits) return FAIL;
      const after = q < lf ? s.charCodeAt(q) : -1;
      if (after === 105) {
        if (q - digits >= 19 && !fitsI64(s, v, q)) return FAIL;
        type = T_INTEGER;
        q++;
      } else if (after === 117) {
        if (c === MINUS || (q - digits >= 20 && !fitsU64(s, v, q))) return FAIL;
        type = T_UINTEGER;
        q++;
      } else {
        if (after === DOT) {
          const fraction = q + 1;
          q = digitsEnd(s, fraction, lf);
          // `5.` is a float 5 followed by trailing content: the exact path reports it.
          if (q === fraction) return FAIL;
        }
        if (q < lf) {
          const e = s.charCodeAt(q);
          if (e === 101 || e === 69) {
            q = exponentEnd(s, q, lf);
            if (q < 0) return FAIL;
          }
        }
        type = T_FLOAT;
      }
      p = q;
    } else if (c === QUOTE) {
      p = scanString(s, v, lf);
      if (p < 0) return FAIL;
      type = T_STRING;
    } else {
      p = scanBoolean(s, v, lf, c);
      if (p < 0) return FAIL;
      type = T_BOOLEAN;
    }
    tok[tn++] = eq - rb;
    tok[tn++] = p - rb;
    types[fn++] = type;
    if (p < lf && s.charCodeAt(p) === COMMA) {
      p++;
      continue;
    }
    break;
  }

  let tsStart = -1;
  let tsEnd = -1;
  if (p < lf) {
    if (s.charCodeAt(p) !== SPACE) return FAIL;
    let q = p + 1;
    while (q < lf && s.charCodeAt(q) === SPACE) q++;
    const digits = q < lf && s.charCodeAt(q) === MINUS ? q + 1 : q;
    const d = digitsEnd(s, digits, lf);
    if (d === digits || (d - digits >= 19 && !fitsI64(s, q, d))) return FAIL;
    tsStart = q - rb;
    tsEnd = d - rb;
    p = d;
    while (p < lf && s.charCodeAt(p) === SPACE) p++;
    if (p < lf) return FAIL;
  }
  tok[tn++] = tsStart;
  tok[tn++] = tsEnd;
  b.tn = tn;
  b.fn = fn;
  return lf;
}
