/**
 * A document held as a list of chunks (chunks.ts). An edit replaces the text of the chunks it
 * touches and re-parses only those (plus following ones while a quoted string or an escaped
 * newline carries a line past the edited region), so a keystroke in a 50 MB file costs a few
 * kilobytes of parsing; offsets and LSP positions are found through the chunks.
 *
 * No whole-document string is kept: V8 would flatten a 50 MB rope on the first `charCodeAt` after
 * each edit, which alone costs more than the per-edit budget.
 */
import type { ParseOptions } from '../api';
import { breakStart } from '../lineIndex';
import type { Position } from '../model';
import type { Chunk } from './chunks';
import { CHUNK_CHARS, cutChunks, OPEN_CHUNK_CHARS } from './cutChunks';

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
