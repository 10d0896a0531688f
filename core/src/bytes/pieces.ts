/**
 * Bytes that arrive in pieces (a file read from disk, a stream): decoded to text keeping every
 * invalid byte (utf8.ts), or passed on as bytes with what reading them found. A UTF-8 sequence
 * split between two pieces is judged whole; a leading byte order mark is dropped and noted.
 *
 * Pure: no `node:*`. The Node reader injects `buffer.isUtf8` and Buffer decoding (write/node/file.ts).
 */
import { completeEnd, concat, decodeKeepingBytes, encodeKeepingBytes, isValidUtf8, strict, type ByteFacts } from './utf8';

/**
 * Text decoded from bytes, in pieces, with what the decoding found (known once a piece is read).
 * A wrapper must hand `facts` on: the writer looks for kept bytes only in a source that has them.
 */
export interface TextFromBytes extends AsyncIterable<string> {
  readonly facts: ByteFacts;
}

/** The fast checks the Node reader injects (`buffer.isUtf8`, Buffer's decoder); pure defaults otherwise. */
export interface Utf8Natives {
  readonly isUtf8?: (bytes: Uint8Array) => boolean;
  readonly decode?: (bytes: Uint8Array) => string;
}

/**
 * Streaming decoder: bytes in, text out, a sequence split between two pieces kept whole, a leading
 * byte order mark dropped (and noted), invalid bytes kept. For valid input it costs one native
 * validity check plus the native decode, as a plain UTF-8 read does.
 */
export class KeepingDecoder {
  readonly facts: ByteFacts = { bom: false, invalidBytes: 0 };
  private carry: Uint8Array | undefined;
  private first = true;

  constructor(private readonly natives: Utf8Natives = {}) {}

  push(piece: Uint8Array): string {
    let bytes = piece;
    let head = '';
    if (this.carry && !this.first) {
      // Complete the carried sequence with the piece's leading continuation bytes (at most 3),
      // rather than copying the whole piece behind it.
      let k = 0;
      while (k < 3 && k < piece.length && (piece[k] & 0xc0) === 0x80) k++;
      const carried = concat(this.carry, piece.subarray(0, k));
      this.carry = undefined;
      bytes = piece.subarray(k);
      if (bytes.length === 0 && completeEnd(carried) < carried.length) {
        this.carry = carried;
        return '';
      }
      head = this.decode(carried);
    } else if (this.carry) {
      bytes = concat(this.carry, piece);
      this.carry = undefined;
    }
    if (this.first) {
      // Wait for 3 bytes before deciding about a byte order mark.
      if (bytes.length < 3 && bytes.every((b, i) => b === [0xef, 0xbb, 0xbf][i])) {
        this.carry = bytes;
        return '';
      }
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        this.facts.bom = true;
        bytes = bytes.subarray(3);
      }
    }
    const cut = completeEnd(bytes);
    if (cut < bytes.length) this.carry = bytes.slice(cut);
    return head + this.decode(bytes.subarray(0, cut));
  }

  end(): string {
    const rest = this.carry;
    this.carry = undefined;
    this.first = false;
    return rest ? this.decode(rest) : '';
  }

  private decode(bytes: Uint8Array): string {
    if (bytes.length === 0) return '';
    const { isUtf8, decode } = this.natives;
    if (isUtf8 && decode) {
      if (isUtf8(bytes)) return decode(bytes);
    } else {
      try {
        return strict.decode(bytes);
      } catch {
        // Not valid UTF-8: decoded again below, keeping the bytes.
      }
    }
    const kept = decodeKeepingBytes(bytes, decode);
    this.facts.invalidBytes += kept.invalid;
    return kept.text;
  }
}

/** Decodes byte pieces to text pieces (see KeepingDecoder); `facts` fills in as the pieces are read. */
export function textFromBytes(pieces: AsyncIterable<Uint8Array>, natives?: Utf8Natives): TextFromBytes {
  const decoder = new KeepingDecoder(natives);
  return {
    facts: decoder.facts,
    async *[Symbol.asyncIterator]() {
      for await (const piece of pieces) {
        const text = decoder.push(piece);
        if (text !== '') yield text;
      }
      const rest = decoder.end();
      if (rest !== '') yield rest;
    },
  };
}

/** Finds kept bytes (a lone U+DC80–U+DCFF: the low half of a surrogate pair is not one). */
/** Bytes in pieces with what reading them found (a byte order mark, bytes that are not UTF-8). */
export interface BytesWithFacts extends AsyncIterable<Uint8Array> {
  readonly facts: ByteFacts;
}

const BOM_BYTES = [0xef, 0xbb, 0xbf];

/**
 * Byte pieces passed on as they are (no decoding, no copy), without a leading byte order mark (as
 * the editor drops it: the server would take it as part of the first measurement name), counting
 * the bytes that are not valid UTF-8 as they go by: a piece is counted before it is handed on, so
 * `facts` is up to date for every line that ends in it. The count costs one native validity check
 * per piece when `natives.isUtf8` is given (the Node reader), else the pure one.
 */
export function bytesWithFacts(pieces: AsyncIterable<string | Uint8Array>, natives: Utf8Natives = {}): BytesWithFacts {
  const facts: ByteFacts = { bom: false, invalidBytes: 0 };
  // The decoder's own output is not wanted: only its count of invalid bytes (sequences split
  // between pieces judged whole). Valid runs "decode" to nothing.
  const counter = new KeepingDecoder({ isUtf8: natives.isUtf8 ?? isValidUtf8, decode: () => '' });
  const count = (): void => void (facts.invalidBytes = counter.facts.invalidBytes);
  return {
    facts,
    async *[Symbol.asyncIterator]() {
      let head: Uint8Array | undefined;
      let first = true;
      for await (const item of pieces) {
        let piece = typeof item === 'string' ? encodeKeepingBytes(item) : item;
        if (first) {
          // Wait for 3 bytes before deciding about a byte order mark.
          piece = head === undefined ? piece : concat(head, piece);
          head = undefined;
          if (piece.length < 3 && piece.every((b, i) => b === BOM_BYTES[i])) {
            head = piece;
            continue;
          }
          first = false;
          if (piece[0] === 0xef && piece[1] === 0xbb && piece[2] === 0xbf) {
            facts.bom = true;
            piece = piece.subarray(3);
          }
        }
        if (piece.length === 0) continue;
        counter.push(piece);
        count();
        yield piece;
      }
      if (head !== undefined && head.length > 0) {
        counter.push(head);
        yield head;
      }
      counter.end();
      count();
    },
  };
}
