/**
 * The server's line splitter (line-protocol.md §1.1) and leading trim (§1.2) over bytes, giving
 * the same data lines as the text splitter (core/src/split.ts) without decoding anything.
 *
 * Every byte the splitter cares about is ASCII ('\n', ' ', '"', ',', '=', '\\', '#', tab), and every
 * byte of a multi-byte UTF-8 sequence (or a byte that is not valid UTF-8) is 0x80 or above, an
 * ordinary character for it, as its UTF-16 units are for the text splitter. So the same state
 * machine on bytes finds the same lines.
 *
 * Speed: most lines hold no '"' and no '\\'; for them the state machine cannot do anything but stop
 * at the first '\n', so the line end is found by `indexOf` (memchr speed), and whether the line holds
 * a quote or a backslash by two more `indexOf` cursors that move forward only. Only a line holding
 * a quote (a string value may run over several lines), or an odd run of backslashes right before
 * its '\n' (which escapes it), is scanned byte by byte, in a loop per part of the line that skips
 * the bytes doing nothing there (measured on the bench's file: 265 ms for its quoted lines with one
 * loop for every byte, about 30% less this way).
 * Comment and blank lines are told by their first non-blank byte.
 *
 * Pure: no `node:*`.
 */
import { SplitState } from '../split';

const LF = 10;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;

/** A table of the bytes (1) a loop of the careful scan stops at; every other byte is skipped with one look-up. */
function stopsAt(...bytes: number[]): Uint8Array {
  const table = new Uint8Array(256);
  for (const c of bytes) table[c] = 1;
  return table;
}

/**
 * What acts in each part of a line (the state machine of core/src/split.ts `findLineEnd`, read per
 * part): before the field set (measurement and tags) only a space (which begins the field set), a
 * backslash and '\n' do; in the field set outside a string '=', ',', '"', a backslash and '\n' (a
 * space changes nothing there); inside a string only '"', a backslash and '\n'. Skipping the bytes
 * that do nothing in the part at hand, in a loop of its own, is what makes the scan cheap.
 */
const IN_KEY = stopsAt(LF, SPACE, BACKSLASH);
const IN_FIELDS = stopsAt(LF, QUOTE, COMMA, EQUALS, BACKSLASH);
const IN_STRING = stopsAt(LF, QUOTE, BACKSLASH);

/**
 * `core/src/split.ts` `findLineEnd` over bytes: the index of the '\n' that ends the line begun
 * before `from` (state reset, `state.newlines` = line breaks inside the line), or -1 when the line
 * runs past `to` (state kept for the next piece).
 */
function findLineEnd(bytes: Uint8Array, from: number, to: number, state: SplitState): number {
  let quoted = state.quoted;
  let fields = state.fields;
  let equals = state.equals;
  let commas = state.commas;
  let newlines = state.newlines;
  let p = from;
  if (state.inEscape && p < to) {
    if (bytes[p] === LF) newlines++;
    p++;
    state.inEscape = false;
  }
  for (;;) {
    // `quoted` is only ever set in the field set.
    const stops = !fields ? IN_KEY : quoted ? IN_STRING : IN_FIELDS;
    while (p < to && stops[bytes[p]] === 0) p++;
    if (p >= to) break;
    const c = bytes[p];
    if (c === BACKSLASH) {
      p++;
      if (p >= to) {
        state.inEscape = true;
        break;
      }
      if (bytes[p] === LF) newlines++;
      p++;
      continue;
    }
    if (c === LF) {
      if (!quoted) {
        state.reset();
        state.newlines = newlines;
        return p;
      }
      newlines++;
    } else if (c === SPACE) fields = true;
    else if (c === EQUALS) equals++;
    else if (c === COMMA) commas++;
    else if (equals > commas) quoted = !quoted;
    p++;
  }
  state.quoted = quoted;
  state.fields = fields;
  state.equals = equals;
  state.commas = commas;
  state.newlines = newlines;
  return -1;
}

/**
 * Whether the '\n' at `end` is escaped: in a line without a quote, only a backslash can keep it
 * from ending the line, and only the last of an odd run of backslashes right before it (each pair
 * is one escaped backslash; the byte before the run is not a backslash, so it escapes none of them).
 */
function escapesLineBreak(bytes: Uint8Array, from: number, end: number): boolean {
  let p = end - 1;
  while (p >= from && bytes[p] === BACKSLASH) p--;
  return (end - 1 - p) % 2 === 1;
}

/**
 * Receives each data line: its bytes are `bytes[start, end)` (leading blanks and comment lines
 * skipped, the splitting '\n' left out, a trailing '\r' kept); `bytes` is a piece given to `push`
 * or, for a line that ran over pieces, a buffer holding that line alone. `firstLine` and `lastLine`
 * are the 1-based physical lines (counted by '\n') where it begins and ends; `dataLine` its 1-based
 * number among data lines.
 */
export type ByteLineSink = (bytes: Uint8Array, start: number, end: number, firstLine: number, lastLine: number, dataLine: number) => void;

/**
 * Splits bytes arriving in pieces into data lines exactly like the text splitter. The pieces are
 * not copied (a line is handed over as a range of its piece) except the few lines that run from
 * one piece into the next; memory stays bounded by the longest line.
 */
export class ByteSplitter {
  private readonly state = new SplitState();
  /** The pieces of the unfinished line, when one runs past the end of a piece. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** 1-based physical line where the current split line begins. */
  private physical = 1;
  private dataLine = 0;
  private ended = false;

  constructor(private readonly onLine: ByteLineSink) {}

  /** Data lines found so far. */
  get dataLines(): number {
    return this.dataLine;
  }

  push(piece: Uint8Array): void {
    if (this.ended) throw new Error('ByteSplitter: push() called after end().');
    const n = piece.length;
    let from = 0;
    if (this.carryBytes > 0) {
      const end = findLineEnd(piece, 0, n, this.state);
      if (end < 0) {
        this.carry.push(piece);
        this.carryBytes += n;
        return;
      }
      this.carry.push(piece.subarray(0, end));
      const line = this.takeCarry();
      const newlines = this.state.newlines;
      this.state.newlines = 0;
      this.emit(line, 0, line.length, newlines);
      from = end + 1;
    }
    // Cursors on the next quote and backslash at or after `from` (n when there is none): each moves
    // forward only, so finding them costs one pass of indexOf over the piece.
    let quote = -1;
    let slash = -1;
    while (from < n) {
      let end = piece.indexOf(LF, from);
      const lineEnd = end < 0 ? n : end;
      if (quote < from) {
        quote = piece.indexOf(QUOTE, from);
        if (quote < 0) quote = n;
      }
      if (slash < from) {
        slash = piece.indexOf(BACKSLASH, from);
        if (slash < 0) slash = n;
      }
      let newlines = 0;
      if (end < 0 || quote < lineEnd || (slash < lineEnd && escapesLineBreak(piece, from, end))) {
        // The careful scan: a string value may hold line breaks, a backslash may escape this one;
        // and a line that runs into the next piece carries the scan's state there.
        end = findLineEnd(piece, from, n, this.state);
        if (end < 0) {
          const rest = piece.subarray(from);
          this.carry.push(rest);
          this.carryBytes += rest.length;
          return;
        }
        newlines = this.state.newlines;
        this.state.newlines = 0;
      }
      this.emit(piece, from, end, newlines);
      from = end + 1;
    }
  }

  /** Flushes the last line (one without a final '\n'). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const newlines = this.state.newlines;
    this.state.reset();
    if (this.carryBytes > 0) {
      const line = this.takeCarry();
      this.emit(line, 0, line.length, newlines);
    }
  }

  private takeCarry(): Uint8Array {
    const parts = this.carry;
    this.carry = [];
    this.carryBytes = 0;
    if (parts.length === 1) return parts[0];
    let size = 0;
    for (const part of parts) size += part.length;
    const line = new Uint8Array(size);
    let at = 0;
    for (const part of parts) {
      line.set(part, at);
      at += part.length;
    }
    return line;
  }

  /** `trim_leading` over the split line `bytes[from, to)` holding `newlines` line breaks, then the data line if any. */
  private emit(bytes: Uint8Array, from: number, to: number, newlines: number): void {
    let p = from;
    let skipped = 0;
    for (;;) {
      while (p < to) {
        const c = bytes[p];
        if (c === SPACE || c === TAB) p++;
        else if (c === LF) {
          skipped++;
          p++;
        } else break;
      }
      if (p < to && bytes[p] === HASH) {
        const nl = bytes.indexOf(LF, p);
        p = nl < 0 || nl > to ? to : nl;
        continue;
      }
      break;
    }
    if (p < to) this.onLine(bytes, p, to, this.physical + skipped, this.physical + newlines, ++this.dataLine);
    this.physical += newlines + 1;
  }
}
