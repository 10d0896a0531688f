/**
 * Bytes that are not valid UTF-8, kept exactly (issue #9 §7, #10 items 5 and 7).
 *
 * A file read from disk is decoded so that every byte that is not part of a valid UTF-8 sequence
 * becomes one "kept byte" character, U+DC80–U+DCFF (byte 0x80 + n → U+DC80 + n, the escape Python
 * calls surrogateescape; an invalid byte is always 0x80 or above). Valid UTF-8 never decodes to a
 * lone low surrogate, so the text stays exactly reversible: `encodeKeepingBytes` gives back the
 * original bytes. The rest of the engine (splitter, parser, checks) works on that text unchanged,
 * and the places that care find the kept bytes in it: the checks flag them at their line and
 * column, the writer sends them as the original bytes (1.x, 2.x) or leaves their lines out (the
 * InfluxDB 3 and Cloud parsers take only UTF-8 bodies, line-protocol.md §2).
 *
 * Bytes that arrive in pieces (a file, a stream) are pieces.ts's job. Pure: no `node:*`.
 */

/** What reading the bytes found out, for the messages that follow a read. */
export interface ByteFacts {
  /** The bytes began with a UTF-8 byte order mark (EF BB BF); it is not part of the text. */
  bom: boolean;
  /** Bytes that are not valid UTF-8, each kept as one U+DC80–U+DCFF character. */
  invalidBytes: number;
}

/** Facts of a source that was decoded by this module; undefined for any other text. */
export function factsOf(source: unknown): ByteFacts | undefined {
  const facts = (source as { facts?: unknown } | null | undefined)?.facts;
  return typeof facts === 'object' && facts !== null && 'invalidBytes' in facts ? (facts as ByteFacts) : undefined;
}

export const KEPT_BYTE_MIN = 0xdc80;
export const KEPT_BYTE_MAX = 0xdcff;

/** Length of the valid UTF-8 sequence at `i`, 0 when the byte there does not start one (RFC 3629 table). */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const n = bytes.length;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < n && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf; // ED A0..BF would encode a surrogate
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf; // above U+10FFFF otherwise
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Byte offsets of every byte that is not part of a valid UTF-8 sequence, in order. */
export function invalidUtf8Offsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const len = sequenceLength(bytes, i);
    if (len === 0) out.push(i++);
    else i += len;
  }
  return out;
}

/**
 * 1-based line and column of each byte offset, the way the editor counts them: a line ends at
 * LF, CR LF or a lone CR; columns count UTF-16 units of the decoded text, one per kept byte.
 */
export function linesAndColumns(bytes: Uint8Array, offsets: readonly number[]): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let line = 1;
  let column = 1;
  let next = 0;
  for (let i = 0; i < bytes.length && next < offsets.length; ) {
    if (i === offsets[next]) {
      out.push({ line, column });
      next++;
      column++;
      i++;
      continue;
    }
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      column = 1;
      i++;
      continue;
    }
    const len = sequenceLength(bytes, i) || 1;
    column += len === 4 ? 2 : 1; // a 4-byte sequence is a surrogate pair in UTF-16
    i += len;
  }
  return out;
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Where a chunk can be cut without splitting a sequence that the next chunk may complete. */
export function completeEnd(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Decoding with every invalid byte kept as U+DC80 + (byte − 0x80): the slow path, for bytes known to be invalid. */
export function decodeKeepingBytes(bytes: Uint8Array, decodeValid: (bytes: Uint8Array) => string = lenientDecode): { text: string; invalid: number } {
  let text = '';
  let invalid = 0;
  let start = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (start < i) text += decodeValid(bytes.subarray(start, i));
    text += String.fromCharCode(KEPT_BYTE_MIN + bytes[i] - 0x80);
    invalid++;
    start = ++i;
  }
  if (start < bytes.length) text += decodeValid(bytes.subarray(start));
  return { text, invalid };
}

const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
function lenientDecode(bytes: Uint8Array): string {
  return lenient.decode(bytes);
}

/** Decodes valid UTF-8 and throws on anything else (the fast path, tried first). */
export const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const KEPT = /[\udc80-\udcff]/g;

/** Index of the first kept byte in `text` at or after `from`, or -1. */
export function nextKeptByte(text: string, from = 0): number {
  KEPT.lastIndex = from;
  for (let m = KEPT.exec(text); m !== null; m = KEPT.exec(text)) {
    const prev = m.index > 0 ? text.charCodeAt(m.index - 1) : 0;
    if (prev < 0xd800 || prev > 0xdbff) return m.index;
  }
  return -1;
}

export function hasKeptByte(text: string): boolean {
  return nextKeptByte(text) >= 0;
}

/** The original byte a kept-byte character stands for. */
export function keptByteAt(text: string, index: number): number {
  return text.charCodeAt(index) - KEPT_BYTE_MIN + 0x80;
}

export function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

const encoder = new TextEncoder();

/** The bytes of a text, each kept byte as the byte it stands for (the inverse of the decoding). */
export function encodeKeepingBytes(text: string): Uint8Array {
  let at = nextKeptByte(text);
  if (at < 0) return encoder.encode(text);
  const parts: Uint8Array[] = [];
  let start = 0;
  let size = 0;
  while (at >= 0) {
    if (start < at) {
      const part = encoder.encode(text.slice(start, at));
      parts.push(part);
      size += part.length;
    }
    parts.push(Uint8Array.of(keptByteAt(text, at)));
    size++;
    start = at + 1;
    at = nextKeptByte(text, start);
  }
  if (start < text.length) {
    const part = encoder.encode(text.slice(start));
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * Whether `bytes` is valid UTF-8 as a whole: the pure check for a batch's lines when the source may
 * hold invalid bytes (readers with Node's native check say when it does not: then this never runs).
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; ) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const len = sequenceLength(bytes, i);
    if (len === 0) return false;
    i += len;
  }
  return true;
}

/** Bytes decoded keeping every invalid byte (as `decodeKeepingBytes`), by the native decoder when they are valid. */
export function decodeKeeping(bytes: Uint8Array): string {
  try {
    return strict.decode(bytes);
  } catch {
    return decodeKeepingBytes(bytes).text;
  }
}

