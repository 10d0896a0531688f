/**
 * Parses a region of text (starting at a data-line boundary) into a `LineTable`: the splitter
 * finds each line's end, the leading trim skips blank and comment lines, and the target's line
 * parser records the tokens.
 *
 * For InfluxDB 3 an ordinary line (one that starts right at a split-line start) takes the fast
 * path of fast.ts, a single pass driven by `indexOf`; any other line (comments, indentation,
 * errors, strings spanning lines, TABs...) goes through the exact two-pass path: the splitter,
 * then the parser of v3.ts on the known line.
 */
import type { LineTable, ParseOptions } from '../api';
import * as split from '../split';
import { TableBuilder } from './builder';
import * as fast from './fast';
import * as models from './models';
import { ColumnarTable } from './table';
import * as v3 from './v3';

// Captured once: under the test/bench loader each use of an imported binding is a getter call.
const { SplitState, findLineEnd, trimLeading } = split;
const { parseLineModels, trimLeadingModels } = models;
const { parseLineV3 } = v3;
const { parseLineFast, startFastRegion, FAST_MAX_LINE, FAST_MIN_LIMIT } = fast;

const LF = 10;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const OK = 0;

export const DEFAULT_STRING_LIMIT = 65536;

export function parseRegion(text: string, from: number, to: number, options?: ParseOptions): LineTable {
  return parseRegionWith(text, from, to, options, true);
}

/** The same table without the fast path: every line through the splitter and v3.ts (for tests). */
export function parseRegionExact(text: string, from: number, to: number, options?: ParseOptions): LineTable {
  return parseRegionWith(text, from, to, options, false);
}

function parseRegionWith(text: string, from: number, to: number, options: ParseOptions | undefined, fastPath: boolean): LineTable {
  const target = options?.target ?? 'v3';
  const limit = options?.stringLimit ?? DEFAULT_STRING_LIMIT;
  if (from < 0 || to > text.length || from > to) {
    throw new RangeError(`parseRegion: region [${from}, ${to}) is outside the text (length ${text.length}).`);
  }
  // A region inside a larger text is parsed as its own string. The fast path's indexOf searches
  // cannot stop at `to`: on the whole text, every region's search for a character it does not hold
  // (a TAB, a NUL...) would run on to the end of the text, so parsing a text region by region
  // would be quadratic. V8 makes such a slice a view of the text: nothing is copied.
  if (from > 0 || to < text.length) return parseRegionWith(text.slice(from, to), 0, to - from, options, fastPath);
  const v3Target = target === 'v3';
  const useFast = v3Target && fastPath && limit >= FAST_MIN_LIMIT;
  // The fast path reserves room for a whole line's tokens before parsing it: size the builder with
  // that much to spare, or nearly every region would grow (copy) its token array for its last lines,
  // a fixed cost per call that chunked parsing pays once per chunk.
  const b = new TableBuilder(useFast ? to - from + 8 * Math.min(FAST_MAX_LINE, to - from) : to - from);
  const state = new SplitState();
  const trimmed: split.Trimmed = { start: 0, newlines: 0 };
  if (useFast) startFastRegion(to);
  let p = from;
  let newlines = 0;
  let endsAtBoundary = true;
  while (p < to) {
    const c = text.charCodeAt(p);
    if (c === LF) {
      // An empty split line.
      newlines++;
      p++;
      continue;
    }
    if (useFast && c !== SPACE && c !== TAB && c !== HASH) {
      // A line has no more tokens than characters, and none runs past the region.
      b.reserve(Math.min(FAST_MAX_LINE, to - p));
      const i = b.count;
      const tn0 = b.tn;
      const fn0 = b.fn;
      const end = parseLineFast(text, p, from, b);
      if (end >= 0) {
        b.lineStart[i] = p - from;
        b.lineEnd[i] = end - from;
        b.physical[i] = newlines;
        b.tokBase[i] = tn0;
        b.fieldBase[i] = fn0;
        b.status[i] = OK;
        b.count = i + 1;
        if (end >= to) {
          endsAtBoundary = false;
          break;
        }
        newlines++;
        p = end + 1;
        continue;
      }
    }
    const lineStart = p;
    const cut = findLineEnd(text, p, to, state);
    const le = cut < 0 ? to : cut;
    const inner = state.newlines;
    state.reset();
    if (v3Target) trimLeading(text, lineStart, le, trimmed);
    else {
      trimmed.start = trimLeadingModels(text, lineStart, le);
      trimmed.newlines = 0;
    }
    if (trimmed.start < le) {
      const ls = trimmed.start;
      // models drops one '\n' that ends a split line (an escaped or quoted one) before parsing.
      const dataEnd = !v3Target && le > ls && text.charCodeAt(le - 1) === LF ? le - 1 : le;
      b.reserve(dataEnd - ls);
      const i = b.count;
      b.lineStart[i] = ls - from;
      b.lineEnd[i] = dataEnd - from;
      b.physical[i] = newlines + trimmed.newlines;
      b.tokBase[i] = b.tn;
      b.fieldBase[i] = b.fn;
      b.status[i] = v3Target ? parseLineV3(text, ls, dataEnd, from, b, limit) : parseLineModels(text, ls, dataEnd, from, b, target);
      b.count = i + 1;
    }
    if (cut < 0) {
      newlines += inner;
      endsAtBoundary = false;
      break;
    }
    newlines += inner + 1;
    p = cut + 1;
  }
  b.tokBase[b.count] = b.tn;
  b.fieldBase[b.count] = b.fn;
  return new ColumnarTable(b, target, to - from, newlines, endsAtBoundary, limit);
}
