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
const DIGIT_9 = 57;
const EQUALS = 61;
const BACKSLASH = 92;
const T_FLOAT = 1;
const T_INTEGER = 2;
const T_UINTEGER = 3;
const T_STRING = 4;
const T_BOOLEAN = 5;
const FAIL = -1;
/** Longest line the fast path takes (its tokens must fit the room the caller reserved). */
export const FAST_MAX_LINE = 4000;

const { fitsI64, fitsU64 } = chars;

/** "No further occurrence before the region end." */
const NONE = 0x7fffffff;

// Next occurrence of each special character at or after the position it was last searched from.
let text = '';
let limitEnd = 0;
let nextLf = -1;
let nextSpace = -1;
let nextComma = -1;
let nextEquals = -1;
let nextBackslash = -1;
let nextQuote = -1;
let nextTab = -1;
let nextNul = -1;

/** Starts a region: forgets every cached position. */
export function startFastRegion(s: string, to: number): void {
  text = s;
  limitEnd = to;
  nextLf = nextSpace = nextComma = nextEquals = nextBackslash = nextQuote = nextTab = nextNul = -1;
}

/** Lets go of the text once the region is parsed (the table must not keep it alive). */
export function endFastRegion(): void {
  text = '';
}

function find(ch: string, p: number): number {
  const q = text.indexOf(ch, p);
  return q < 0 || q >= limitEnd ? NONE : q;
}

/** End of a name of the tag-value/measurement kind (ends at ',' or ' ') or FAIL. */
function scanValueName(s: string, p: number, lf: number, limit: number): number {
  const start = p;
  let backslashEnd = -1;
  for (;;) {
    if (nextSpace < p) nextSpace = find(' ', p);
    if (nextComma < p) nextComma = find(',', p);
    let end = nextComma < nextSpace ? nextComma : nextSpace;
    if (end > lf) end = lf;
    if (nextBackslash < p) nextBackslash = find('\\', p);
    if (nextBackslash >= end) {
      if (end === start || backslashEnd === end || (end - start) * 3 > limit) return FAIL;
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

/** End of a key (ends at '=' or ' '; ',' and '"' inside give up) or FAIL. */
function scanKeyName(s: string, p: number, lf: number, limit: number): number {
  const start = p;
  let backslashEnd = -1;
  let end: number;
  for (;;) {
    if (nextSpace < p) nextSpace = find(' ', p);
    if (nextEquals < p) nextEquals = find('=', p);
    end = nextEquals < nextSpace ? nextEquals : nextSpace;
    if (end > lf) end = lf;
    if (nextBackslash < p) nextBackslash = find('\\', p);
    if (nextBackslash >= end) break;
    const q = nextBackslash;
    if (q + 1 >= lf) return FAIL;
    const n = s.charCodeAt(q + 1);
    if (n === LF || (n >= 0xd800 && n <= 0xdfff)) return FAIL;
    p = q + 2;
    if (n === BACKSLASH) backslashEnd = p;
  }
  if (end === start || backslashEnd === end || (end - start) * 3 > limit) return FAIL;
  // A ',' or '"' in a key moves the splitter's quote tracking: leave those lines to the exact path.
  if (nextComma < start) nextComma = find(',', start);
  if (nextComma < end) return FAIL;
  if (nextQuote < start) nextQuote = find('"', start);
  if (nextQuote < end) return FAIL;
  return end;
}

// Set by scanValue besides its return value.
let valueType = 0;

/** End of the field value at `v` (its type in valueType) or FAIL. */
function scanValue(s: string, v: number, lf: number, limit: number): number {
  if (v >= lf) return FAIL;
  const c = s.charCodeAt(v);
  if (c === QUOTE) {
    let q = v + 1;
    for (;;) {
      if (nextQuote < q) nextQuote = find('"', q);
      if (nextBackslash < q) nextBackslash = find('\\', q);
      if (nextBackslash < nextQuote) {
        const n = nextBackslash + 1 < lf ? s.charCodeAt(nextBackslash + 1) : -1;
        q = n === QUOTE || n === BACKSLASH ? nextBackslash + 2 : nextBackslash + 1;
        continue;
      }
      break;
    }
    const close = nextQuote;
    // Unterminated, or the string spans a newline: the exact path decides.
    if (close >= lf || (close - v) * 3 > limit) return FAIL;
    valueType = T_STRING;
    return close + 1;
  }
  if (c === MINUS || (c >= DIGIT_0 && c <= DIGIT_9)) {
    let q = c === MINUS ? v + 1 : v;
    const digits = q;
    while (q < lf) {
      const d = s.charCodeAt(q);
      if (d < DIGIT_0 || d > DIGIT_9) break;
      q++;
    }
    if (q === digits) return FAIL;
    const after = q < lf ? s.charCodeAt(q) : -1;
    if (after === 105) {
      if (q - digits >= 19 && !fitsI64(s, v, q)) return FAIL;
      valueType = T_INTEGER;
      return q + 1;
    }
    if (after === 117) {
      if (c === MINUS || (q - digits >= 20 && !fitsU64(s, v, q))) return FAIL;
      valueType = T_UINTEGER;
      return q + 1;
    }
    if (after === DOT) {
      const f = q + 1;
      q = f;
      while (q < lf) {
        const d = s.charCodeAt(q);
        if (d < DIGIT_0 || d > DIGIT_9) break;
        q++;
      }
      // `5.` is a float 5 followed by trailing content: the exact path reports it.
      if (q === f) return FAIL;
    }
    if (q < lf) {
      const e = s.charCodeAt(q);
      if (e === 101 || e === 69) {
        let x = q + 1;
        if (x < lf) {
          const sign = s.charCodeAt(x);
          if (sign === MINUS || sign === 43) x++;
        }
        const expDigits = x;
        while (x < lf) {
          const d = s.charCodeAt(x);
          if (d < DIGIT_0 || d > DIGIT_9) break;
          x++;
        }
        if (x === expDigits) return FAIL;
        q = x;
      }
    }
    valueType = T_FLOAT;
    return q;
  }
  valueType = T_BOOLEAN;
  // The longest spelling that matches; what follows is checked by the caller.
  if (c === 116) return lf - v >= 4 && s.startsWith('true', v) ? v + 4 : v + 1;
  if (c === 102) return lf - v >= 5 && s.startsWith('false', v) ? v + 5 : v + 1;
  if (c === 84) return lf - v >= 4 && (s.startsWith('True', v) || s.startsWith('TRUE', v)) ? v + 4 : v + 1;
  if (c === 70) return lf - v >= 5 && (s.startsWith('False', v) || s.startsWith('FALSE', v)) ? v + 5 : v + 1;
  return FAIL;
}

/**
 * Parses the line starting at `ls` (a split-line start holding neither whitespace nor '#').
 * Returns where it ends (its '\n', or the region end) with its tokens written, or FAIL with
 * nothing written. The caller reserved room for FAST_MAX_LINE characters.
 */
export function parseLineFast(s: string, ls: number, rb: number, b: TableBuilder, limit: number): number {
  if (nextLf < ls) nextLf = find('\n', ls);
  const lf = nextLf === NONE ? limitEnd : nextLf;
  if (lf - ls > FAST_MAX_LINE) return FAIL;
  if (nextTab < ls) nextTab = find('\t', ls);
  if (nextTab < lf) return FAIL;
  if (nextNul < ls) nextNul = find('\0', ls);
  if (nextNul < lf) return FAIL;

  const tok = b.tok;
  const types = b.types;
  let tn = b.tn;
  let fn = b.fn;

  if (s.charCodeAt(ls) === COMMA) return FAIL;
  let p = scanValueName(s, ls, lf, limit);
  if (p < 0) return FAIL;
  tok[tn++] = p - rb;

  if (p < lf && s.charCodeAt(p) === COMMA) {
    for (;;) {
      const keyEnd = scanKeyName(s, p + 1, lf, limit);
      if (keyEnd < 0 || keyEnd >= lf || s.charCodeAt(keyEnd) !== EQUALS) return FAIL;
      const valueEnd = scanValueName(s, keyEnd + 1, lf, limit);
      if (valueEnd < 0) return FAIL;
      tok[tn++] = keyEnd - rb;
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
    const keyEnd = scanKeyName(s, p, lf, limit);
    if (keyEnd < 0 || keyEnd >= lf || s.charCodeAt(keyEnd) !== EQUALS) return FAIL;
    const end = scanValue(s, keyEnd + 1, lf, limit);
    if (end < 0) return FAIL;
    tok[tn++] = keyEnd - rb;
    tok[tn++] = end - rb;
    types[fn++] = valueType;
    p = end;
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
    let d = q < lf && s.charCodeAt(q) === MINUS ? q + 1 : q;
    const digits = d;
    while (d < lf) {
      const c = s.charCodeAt(d);
      if (c < DIGIT_0 || c > DIGIT_9) break;
      d++;
    }
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
