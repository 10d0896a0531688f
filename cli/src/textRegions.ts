/**
 * Text arriving in pieces, cut into regions of whole split lines for the analysis of a large input
 * (analysisRun.ts): each region ends just after a '\n' that ends a line as the server splits them
 * (core/src/split.ts), so it begins at a data-line boundary and the analysis of each region, in
 * order, sees exactly the lines of the whole input.
 *
 * Only the splitter runs here, not the parser (the analysis parses each region itself; parsing it
 * here as well, to find where its last line ends, cost a second full parse). Like the byte
 * splitter (core/src/bytes/split.ts), it finds the end of a line holding no '"' with `indexOf` (a
 * backslash matters there only in an odd run right before the '\n'), and scans only the others
 * character by character. Each piece is scanned once, where it arrived, so a string
 * value running over many pieces is not scanned again; memory stays bounded by the region size
 * plus the longest line.
 */
import { findLineEnd, SplitState } from '../../core/src/split';

/** Region size the cutter aims at, in UTF-16 code units. */
export const REGION_CHARS = 1 << 20;

/**
 * Whether the '\n' at `end` is escaped, in a line without a quote: only by the last of an odd run
 * of backslashes right before it (each pair is one escaped backslash).
 */
function escapesLineBreak(text: string, from: number, end: number): boolean {
  let p = end - 1;
  while (p >= from && text.charCodeAt(p) === 92) p--;
  return (end - 1 - p) % 2 === 1;
}

/** Where the lines that began before `piece` or in it end in it: the end just after the last one ended (0: none), the state carried on. */
class LineEnds {
  private readonly state = new SplitState();
  /** Whether a line is unfinished at the end of the last piece (its state is in `state`). */
  private open = false;

  /** The index just after the last '\n' ending a line in `piece`, or 0 when no line ends there. */
  lastEnd(piece: string): number {
    const n = piece.length;
    let from = 0;
    let last = 0;
    if (this.open) {
      const end = findLineEnd(piece, 0, n, this.state);
      if (end < 0) return 0;
      this.open = false;
      last = from = end + 1;
    }
    // Cursors on the next '"' and '\\' at or after `from` (n when none): each moves forward only.
    let quote = -1;
    let slash = -1;
    while (from < n) {
      let end = piece.indexOf('\n', from);
      const lineEnd = end < 0 ? n : end;
      if (quote < from) {
        quote = piece.indexOf('"', from);
        if (quote < 0) quote = n;
      }
      if (slash < from) {
        slash = piece.indexOf('\\', from);
        if (slash < 0) slash = n;
      }
      if (end < 0 || quote < lineEnd || (slash < lineEnd && escapesLineBreak(piece, from, end))) {
        // A string value may hold line breaks, a backslash may escape one; a line running past
        // the piece carries the scan's state to the next.
        end = findLineEnd(piece, from, n, this.state);
        if (end < 0) {
          this.open = true;
          return last;
        }
      }
      last = from = end + 1;
    }
    return last;
  }
}

/**
 * The input as regions of whole split lines, each of at least `minRegionChars` but the last (which
 * holds what is left, an unfinished last line included). Their concatenation is the input.
 */
export async function* textRegions(pieces: AsyncIterable<string>, minRegionChars = REGION_CHARS): AsyncGenerator<string> {
  const ends = new LineEnds();
  // Appended pieces are joined only when a region is cut, once.
  let pending = '';
  /** Length of `pending` up to the end of its last complete line. */
  let complete = 0;
  for await (const piece of pieces) {
    const last = ends.lastEnd(piece);
    if (last > 0) complete = pending.length + last;
    pending += piece;
    if (complete >= minRegionChars) {
      yield pending.slice(0, complete);
      pending = pending.slice(complete);
      complete = 0;
    }
  }
  if (pending !== '') yield pending;
}
