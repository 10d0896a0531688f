/**
 * Parses text that arrives in pieces (a file of any size, standard input) region by region, so
 * memory stays bounded by the region size (about 1 MiB) plus the longest data line, while every
 * line keeps its exact data-line number, physical line and columns.
 *
 * Each region starts at a data-line boundary (as `parseRegion` requires). A data line that is not
 * complete yet at the end of a region (no splitting '\n' seen, or a '\n' inside a quoted string)
 * is carried into the next region and parsed there again, whole.
 */
import type { LineTable, ParseOptions } from '../../core/src/api';
import { parseRegion } from '../../core/src/index';
import { countNewlines } from '../../core/src/parse/chars';

export interface ParsedRegion {
  /** The region's text; the table's offsets are relative to it (base 0). */
  readonly text: string;
  readonly table: LineTable;
  /** Complete data lines, the first `count` of the table (the table may hold one more, incomplete). */
  readonly count: number;
  /**
   * Length of the text that holds them: `text.slice(0, complete)` of each region, in order, is the
   * input (but for a last stretch without data lines); the rest is carried into the next region.
   */
  readonly complete: number;
  /** Data lines before this region. */
  readonly dataLineBase: number;
  /** Physical lines ('\n' characters) before this region. */
  readonly lineBase: number;
}

/** A 1-based physical line and 1-based column in UTF-16 code units, as editors show them. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

export const DEFAULT_REGION_CHARS = 1 << 20;

/**
 * `minRegionChars` trades memory for per-region overhead; tests use tiny values to put region
 * boundaries everywhere.
 */
export async function* parseRegions(
  chunks: AsyncIterable<string>,
  options: ParseOptions,
  minRegionChars = DEFAULT_REGION_CHARS,
): AsyncGenerator<ParsedRegion> {
  let pending = '';
  // Length of the incomplete line carried from the last region: waiting until the text has at
  // least doubled before parsing again keeps a huge multi-line string from being re-parsed per piece.
  let carried = 0;
  let dataLineBase = 0;
  let lineBase = 0;

  const cut = (final: boolean): ParsedRegion => {
    const text = pending;
    const table = parseRegion(text, 0, text.length, options);
    let count = table.count;
    let consumed = text.length;
    if (!final && !table.endsAtBoundary) {
      // The last data line is complete only when a splitting '\n' ended it and more (skipped)
      // text follows, so its end lies at least two characters before the region end. An
      // unterminated line ends at the region end, or one before it for v1/v2, whose `models`
      // parser drops a final quoted or escaped '\n' from the line.
      if (count > 0 && table.end(count - 1) >= text.length - 1) count--;
      // Just after the line's end: after its splitting '\n', or (v1/v2, see above) on it, where a
      // new region may start too (an empty line is skipped).
      consumed = count > 0 ? table.end(count - 1) + 1 : 0;
    }
    const region: ParsedRegion = { text, table, count, complete: consumed, dataLineBase, lineBase };
    pending = text.slice(consumed);
    carried = pending.length;
    dataLineBase += count;
    lineBase += table.newlines - countNewlines(text, consumed, text.length);
    return region;
  };

  for await (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= Math.max(minRegionChars, 2 * carried)) {
      const region = cut(false);
      if (region.count > 0) yield region;
    }
  }
  const last = cut(true);
  if (last.count > 0) yield last;
}

/** 1-based physical line where data line `i` of the region begins. */
export function lineOf(region: ParsedRegion, i: number): number {
  return region.lineBase + region.table.physicalLine(i) + 1;
}

/** Position of `offset` (inside data line `i`, or at its end) in the whole input. */
export function positionOf(region: ParsedRegion, i: number, offset: number): TextPosition {
  const { text, table } = region;
  const start = table.start(i);
  const line = lineOf(region, i) + countNewlines(text, start, offset);
  const lineStart = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  return { line, column: offset - lineStart + 1 };
}
