/**
 * Lazy decoding of token text: unescaping names and strings the way each target's server does.
 * Only called from the table's accessors, never during the parse itself.
 */
import type { ParserTarget } from '../model';
import { BACKSLASH, COMMA, EQUALS, QUOTE, SPACE } from './chars';

/** Which characters a `\` escapes in a name (other escapes keep the backslash). */
export enum NameKind {
  Measurement = 0,
  /** Tag keys and tag values (and field keys on v3). */
  Key = 1,
  /** Field keys: on v1/v2 the field iterator also unescapes `\"` (pkg/escape). */
  FieldKey = 2,
}

function isEscapable(target: ParserTarget, kind: NameKind, c: number): boolean {
  if (c === COMMA || c === SPACE) return true;
  if (target === 'v3') return c === BACKSLASH || (kind !== NameKind.Measurement && c === EQUALS);
  // models: `\\` is not an escape in names. 1.x stores the measurement through
  // `escape.Unescape` (pkg/escape), which also unescapes `\=` and `\"` (1.6.7 stores `ma\=x` as
  // `ma=x`, `mb\"x` as `mb"x`). 2.x was not observed: it keeps the measurement as written here.
  if (kind === NameKind.Measurement) return target === 'v1' && (c === EQUALS || c === QUOTE);
  return c === EQUALS || (kind === NameKind.FieldKey && c === QUOTE);
}

/**
 * The first backslash in `s[from, to)`, or -1. Not `indexOf`: it cannot stop at `to`, and in a
 * text with few backslashes it would scan far past the token on every call, making the decoding
 * of every line quadratic in the text length.
 */
function backslashIn(s: string, from: number, to: number): number {
  for (let p = from; p < to; p++) if (s.charCodeAt(p) === BACKSLASH) return p;
  return -1;
}

/** Decodes the name `s[from, to)` for `target`. */
export function decodeName(s: string, from: number, to: number, kind: NameKind, target: ParserTarget): string {
  const first = backslashIn(s, from, to);
  if (first < 0) return s.slice(from, to);
  let out = '';
  let run = from;
  for (let p = first; p < to; p++) {
    if (s.charCodeAt(p) !== BACKSLASH || p + 1 >= to) continue;
    const next = s.charCodeAt(p + 1);
    if (isEscapable(target, kind, next)) {
      out += s.slice(run, p);
      run = p + 1;
      p++;
    } else if (target === 'v3') {
      // Unknown escape: both characters stay, and the escaped one is never special.
      p++;
    }
  }
  return out + s.slice(run, to);
}

/** Decodes the string field whose quotes are at `from` and `to - 1`: `\"` → `"`, `\\` → `\`. */
export function decodeStringField(s: string, from: number, to: number): string {
  const a = from + 1;
  const b = to - 1;
  const first = backslashIn(s, a, b);
  if (first < 0) return s.slice(a, b);
  let out = '';
  let run = a;
  for (let p = first; p < b; p++) {
    if (s.charCodeAt(p) !== BACKSLASH || p + 1 >= b) continue;
    const next = s.charCodeAt(p + 1);
    if (next === QUOTE || next === BACKSLASH) {
      out += s.slice(run, p);
      run = p + 1;
      p++;
    }
  }
  return out + s.slice(run, b);
}
