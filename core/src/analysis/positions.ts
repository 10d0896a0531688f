/**
 * Positions in an analysed document: LSP-style ranges of chunk-relative spans, and which data line
 * holds a position (for hovers, completion and fixes).
 */
import type { Point, Position } from '../model';
import type { ChunkedText } from './chunkedText';
import type { Chunk } from './chunks';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Whether position `a` comes at or before `b`. */
export function atOrBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** A range moved `by` lines. */
export function shiftLines(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/** The position of a chunk-relative offset. */
export function relativePosition(chunk: Chunk, rel: number): Position {
  const l = chunk.lineAt(rel);
  return { line: chunk.line + l, character: rel - chunk.lineStart(l) };
}

/** The range of a chunk-relative span. */
export function rangeOf(chunk: Chunk, start: number, end: number): Range {
  return { start: relativePosition(chunk, start), end: relativePosition(chunk, end) };
}

/** A line of the document as the analysis sees it: where it is and what it parsed to. */
export interface LineAt {
  readonly chunk: Chunk;
  readonly index: number;
  /** Absolute offset of the chunk: add it to the chunk-relative spans of `point`. */
  readonly base: number;
}

/** The data line at a position, if any (its chunk, index and the chunk's offset). */
export function lineAt(text: ChunkedText, position: Position): LineAt | undefined {
  const offset = text.offsetAt(position);
  const chunk = text.chunks[text.chunkIndexAt(offset)];
  const i = lineIndexAt(chunk, offset - chunk.offset);
  return i < 0 ? undefined : { chunk, index: i, base: chunk.offset };
}

/** The decoded point of a line, with chunk-relative spans. */
export function pointOf(line: LineAt): Point | undefined {
  const r = line.chunk.table.result(line.index, line.chunk.text, 0);
  return r.ok ? r.point : undefined;
}

/** Index of the data line of a chunk whose text holds `rel` (start ≤ rel ≤ end), or -1. */
export function lineIndexAt(chunk: Chunk, rel: number): number {
  const t = chunk.table;
  let lo = 0;
  let hi = t.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.start(mid) <= rel) lo = mid;
    else hi = mid - 1;
  }
  if (t.count === 0 || t.start(lo) > rel || t.end(lo) < rel) return -1;
  return lo;
}
