/** Character codes and tiny scanning helpers shared by the parsers. */
export const NUL = 0;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const COMMA = 44;
export const MINUS = 45;
export const DOT = 46;
export const DIGIT_0 = 48;
export const DIGIT_9 = 57;
export const EQUALS = 61;
export const BACKSLASH = 92;

/** End of the character (code point) at `p`, or `p` when there is none before `le`. */
export function charEnd(s: string, p: number, le: number): number {
  if (p >= le) return p;
  const c = s.charCodeAt(p);
  if (c >= 0xd800 && c <= 0xdbff && p + 1 < le) {
    const d = s.charCodeAt(p + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return p + 2;
  }
  return p + 1;
}

// A regex test runs natively and is far cheaper than a per-character loop on ASCII text.
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 byte length of a JS string (a lone surrogate counts as the 3 bytes of U+FFFD, as TextEncoder replaces it). */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** How many '\n' the text holds in `[from, to)`. */
export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const I64_MAX_DIGITS = '9223372036854775807';
const I64_MIN_DIGITS = '9223372036854775808';
const U64_MAX_DIGITS = '18446744073709551615';

/**
 * Whether the decimal digits `s[from, to)` (at least one, no sign) are at most `limit` (a digit
 * string without leading zeros), without going through a JS number.
 */
function digitsAtMost(s: string, from: number, to: number, limit: string): boolean {
  let i = from;
  while (i < to - 1 && s.charCodeAt(i) === DIGIT_0) i++;
  const n = to - i;
  if (n !== limit.length) return n < limit.length;
  for (let k = 0; k < n; k++) {
    const a = s.charCodeAt(i + k);
    const b = limit.charCodeAt(k);
    if (a !== b) return a < b;
  }
  return true;
}

/** `-?[0-9]+` in `s[from, to)` fits an i64 (Rust `i64::from_str`). */
export function fitsI64(s: string, from: number, to: number): boolean {
  if (s.charCodeAt(from) === MINUS) return digitsAtMost(s, from + 1, to, I64_MIN_DIGITS);
  return digitsAtMost(s, from, to, I64_MAX_DIGITS);
}

/** `[0-9]+` in `s[from, to)` fits a u64. */
export function fitsU64(s: string, from: number, to: number): boolean {
  return digitsAtMost(s, from, to, U64_MAX_DIGITS);
}

/** `-?[0-9]+` lies in the `models` time range [MinInt64 + 2, MaxInt64 - 1]. */
export function fitsModelsTime(s: string, from: number, to: number): boolean {
  if (s.charCodeAt(from) === MINUS) return digitsAtMost(s, from + 1, to, '9223372036854775806');
  return digitsAtMost(s, from, to, '9223372036854775806');
}
