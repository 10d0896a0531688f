/**
 * A document held as a list of chunks, each a piece of text that starts at a data-line boundary
 * with its own parsed `LineTable`. An edit replaces the text of the chunks it touches and re-parses
 * only those (plus following ones while a quoted string or an escaped newline carries a line past
 * the edited region), so a keystroke in a 50 MB file costs a few kilobytes of parsing.
 *
 * No whole-document string is kept: V8 would flatten a 50 MB rope on the first `charCodeAt` after
 * each edit, which alone costs more than the per-edit budget.
 */
import type { LineTable, ParseOptions } from '../api';
import { breakStart } from '../lineIndex';
import type { Position } from '../model';
import { parseRegion } from '../parse/parseRegion';

/** Target chunk length in UTF-16 units: small enough to re-parse per keystroke, big enough to keep the chunk list short. */
export const CHUNK_CHARS = 32 * 1024;
/**
 * Chunk length when a whole text is cut (open, full change, new parser): each chunk's parse has a
 * fixed cost (its table's arrays), so fewer, larger chunks make the first diagnostics come sooner
 * (on the 50 MB bench document, 512K chunks open about a tenth faster than 128K ones). An edit
 * re-cuts the chunk it touches into `CHUNK_CHARS` pieces, so only the first keystroke in a large
 * chunk pays for parsing all of it (a few milliseconds).
 */
export const OPEN_CHUNK_CHARS = 16 * CHUNK_CHARS;

const LF = 10;
const CR = 13;

export class Chunk {
  /** Absolute offset, LSP line and data-line number of the chunk start; kept current by `ChunkedText`. */
  offset = 0;
  line = 0;
  dataLine = 0;
  /** LSP line breaks in the chunk ('\n', '\r\n', lone '\r'). */
  readonly breakCount: number;
  private breakOffsets: Int32Array | undefined;
  /** Whether the text holds a '\r'. */
  readonly hasCR: boolean;
  private chars: string;

  /**
   * `text`: the chunk's characters, normally a string of their own (see ownSlice); `hasCR`, when
   * the caller knows whether they hold a '\r' (another thread looked), saves looking again.
   */
  constructor(
    text: string,
    readonly table: LineTable,
    hasCR?: boolean,
  ) {
    this.chars = text;
    this.hasCR = hasCR ?? text.indexOf('\r') >= 0;
    // Without a '\r' (one memchr-speed search) the parser's '\n' count is the line count, and the
    // offsets of the breaks are found only when a position in the chunk is asked for.
    if (!this.hasCR) this.breakCount = table.newlines;
    else {
      this.breakOffsets = lineBreaks(text);
      this.breakCount = this.breakOffsets.length;
    }
  }

  get text(): string {
    return this.chars;
  }

  /**
   * Makes the chunk's text a string of its own when it was made as a view of a larger one
   * (`DocumentAnalysis.appendPart` does, to publish sooner): the same characters, so nothing
   * derived from them changes, but the larger string is no longer kept alive through this chunk.
   */
  detach(): void {
    this.chars = ownSlice(this.chars, 0, this.chars.length);
  }

  /** Offsets (relative) where an LSP line starts after a break. */
  get breaks(): Int32Array {
    return (this.breakOffsets ??= lineBreaks(this.text));
  }

  /** Relative offset of a 0-based LSP line inside the chunk (0 for its first line). */
  lineStart(relativeLine: number): number {
    return relativeLine <= 0 ? 0 : this.breaks[relativeLine - 1];
  }

  /** LSP line (relative to the chunk) holding a relative offset. */
  lineAt(relative: number): number {
    const b = this.breaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] <= relative) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lineBreaks(text: string): Int32Array {
  const out: number[] = [];
  if (text.indexOf('\r') < 0) {
    for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) out.push(p + 1);
  } else {
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === LF) out.push(p + 1);
      else if (c === CR) {
        if (text.charCodeAt(p + 1) === LF) p++;
        out.push(p + 1);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * `text.slice(from, to)` as a string of its own. A plain slice of a long string is a view that
 * reads through its parent at every `charCodeAt`, which makes parsing a chunk about a third slower
 * than parsing the same characters in a flat string; joining two halves builds a flat copy (a
 * memcpy), and the parent (the 50 MB text of didOpen) is no longer kept alive by the chunks.
 */
function ownSlice(text: string, from: number, to: number): string {
  if (to - from < 64) return text.slice(from, to);
  const mid = (from + to) >> 1;
  return [text.slice(from, mid), text.slice(mid, to)].join('');
}

/**
 * Cuts `text` into chunks of about `size` characters at data-line boundaries and parses each.
 * The last chunk may end inside a line (the text's own end); every other one ends just after a
 * '\n' that split a line.
 */
export function cutChunks(text: string, options: ParseOptions, size = CHUNK_CHARS): Chunk[] {
  const out: Chunk[] = [];
  const n = text.length;
  let p = 0;
  while (p < n || out.length === 0) {
    let q = n;
    if (n - p > size + (size >> 1)) {
      const nl = text.lastIndexOf('\n', p + size - 1);
      q = nl >= p ? nl + 1 : nextBreak(text, p + size);
    }
    for (;;) {
      const piece = ownSlice(text, p, q);
      const table = parseRegion(piece, 0, piece.length, options);
      if (q >= n || table.endsAtBoundary) {
        out.push(new Chunk(piece, table));
        break;
      }
      // The last line goes on past q (a quoted or escaped '\n'): end the chunk before that line,
      // just after the '\n' that split the line before it, or take more text if there is none.
      if (table.count >= 2) {
        const cut = table.end(table.count - 2) + 1;
        const shorter = ownSlice(piece, 0, cut);
        out.push(new Chunk(shorter, parseRegion(shorter, 0, shorter.length, options)));
        q = p + cut;
        break;
      }
      q = nextBreak(text, q + (q - p));
    }
    p = q;
  }
  return out;
}

function nextBreak(text: string, from: number): number {
  if (from >= text.length) return text.length;
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/** Index of the last chunk whose start (`key`: its offset or its line) is at or before `value`; 0 when none is. */
function lastStartingAtOrBefore(list: readonly Chunk[], key: 'offset' | 'line', value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (list[mid][key] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** What an edit did to the chunk list: `removed` chunks at `index` were replaced by `added`. */
export interface ChunkSplice {
  readonly index: number;
  readonly removed: readonly Chunk[];
  readonly added: readonly Chunk[];
}

/** Chunk lengths: what edits re-cut to (default CHUNK_CHARS), and what a whole text is cut to (default OPEN_CHUNK_CHARS, or `chunkSize` when that is given). */
export interface ChunkSizes {
  readonly chunkSize?: number;
  readonly openChunkSize?: number;
}

/** A whole text cut into chunks of the given sizes. */
export function chunkedText(text: string, options: ParseOptions, sizes: ChunkSizes): ChunkedText {
  const { chunkSize, openChunkSize } = sizes;
  return new ChunkedText(text, options, chunkSize ?? CHUNK_CHARS, openChunkSize ?? chunkSize ?? OPEN_CHUNK_CHARS);
}

export class ChunkedText {
  private chunkList: Chunk[];
  private totalLength = 0;

  /** `chunkSize`: the length edits re-cut to; `openSize`: the length `text` is cut to now. */
  constructor(
    text: string,
    private readonly options: ParseOptions,
    private readonly chunkSize = CHUNK_CHARS,
    openSize = chunkSize,
  ) {
    this.chunkList = cutChunks(text, options, openSize);
    this.renumber(0);
  }

  get chunks(): readonly Chunk[] {
    return this.chunkList;
  }

  get length(): number {
    return this.totalLength;
  }

  get lineCount(): number {
    const last = this.chunkList[this.chunkList.length - 1];
    return last.line + last.breakCount + 1;
  }

  /** The whole text (tests and small documents only: it builds one big string). */
  getText(): string {
    return this.chunkList.map((c) => c.text).join('');
  }

  /** Text of an absolute range, which may cross chunks. */
  slice(from: number, to: number): string {
    let out = '';
    for (let k = this.chunkIndexAt(from); k < this.chunkList.length; k++) {
      const c = this.chunkList[k];
      if (c.offset >= to) break;
      out += c.text.slice(Math.max(0, from - c.offset), Math.min(c.text.length, to - c.offset));
    }
    return out;
  }

  /** Index of the chunk holding an absolute offset (the last chunk for the text's end). */
  chunkIndexAt(offset: number): number {
    return lastStartingAtOrBefore(this.chunkList, 'offset', offset);
  }

  /** Index of the chunk holding an LSP line. */
  chunkIndexAtLine(line: number): number {
    return lastStartingAtOrBefore(this.chunkList, 'line', line);
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.totalLength));
    const c = this.chunkList[this.chunkIndexAt(o)];
    const rel = o - c.offset;
    const l = c.lineAt(rel);
    return { line: c.line + l, character: rel - c.lineStart(l) };
  }

  /** Offset of a position; a character past its line's end is clamped to that end, as LSP asks. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineCount) return this.totalLength;
    const c = this.chunkList[this.chunkIndexAtLine(pos.line)];
    const l = pos.line - c.line;
    const start = c.lineStart(l);
    const lineEnd = l < c.breakCount ? breakStart(c.text, start, c.breaks[l]) : c.text.length;
    return c.offset + Math.min(start + Math.max(0, pos.character), lineEnd);
  }

  /**
   * Replaces `[from, to)` with `insert`, re-parsing only the chunks the edit touches and any that a
   * line now carries into (a newly opened quote). Returns what changed in the chunk list.
   */
  replace(from: number, to: number, insert: string): ChunkSplice {
    const list = this.chunkList;
    const first = this.chunkIndexAt(from);
    let last = this.chunkIndexAt(to);
    const a = list[first];
    const b = list[last];
    let text = a.text.slice(0, from - a.offset) + insert + b.text.slice(to - b.offset);
    let added = cutChunks(text, this.options, this.chunkSize);
    // A line that no longer ends inside the region pulls the next chunk in, until one ends cleanly.
    while (last + 1 < list.length && !added[added.length - 1].table.endsAtBoundary) {
      last++;
      const tail = added.pop() as Chunk;
      text = tail.text + list[last].text;
      added = added.concat(cutChunks(text, this.options, this.chunkSize));
    }
    const removed = list.splice(first, last - first + 1, ...added);
    this.renumber(first);
    return { index: first, removed, added };
  }

  /**
   * Appends chunks parsed elsewhere (another thread's part of the same text). The text must end at
   * a data-line boundary, where the first of them was parsed from.
   */
  append(chunks: readonly Chunk[]): void {
    const from = this.chunkList.length;
    this.chunkList.push(...chunks);
    this.renumber(from);
  }

  /** Recomputes offsets, lines and data-line numbers from chunk `from` on. */
  private renumber(from: number): void {
    const list = this.chunkList;
    let offset = 0;
    let line = 0;
    let dataLine = 0;
    if (from > 0) {
      const prev = list[from - 1];
      offset = prev.offset + prev.text.length;
      line = prev.line + prev.breakCount;
      dataLine = prev.dataLine + prev.table.count;
    }
    for (let k = from; k < list.length; k++) {
      const c = list[k];
      c.offset = offset;
      c.line = line;
      c.dataLine = dataLine;
      offset += c.text.length;
      line += c.breakCount;
      dataLine += c.table.count;
    }
    this.totalLength = offset;
  }
}
