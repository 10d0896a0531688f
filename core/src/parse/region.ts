/**
 * Parses a region of text (starting at a data-line boundary) into a `LineTable`: the splitter
 * finds each line's end, the leading trim skips blank and comment lines, and the target's line
 * parser records the tokens.
 */
import type { LineTable, ParseOptions } from '../api';
import { SplitState, findLineEnd, trimLeading, type Trimmed } from '../split';
import { TableBuilder } from './builder';
import { parseLineModels, trimLeadingModels } from './models';
import { ColumnarTable } from './table';
import { parseLineV3 } from './v3';

export const DEFAULT_STRING_LIMIT = 65536;

export function parseRegion(text: string, from: number, to: number, options?: ParseOptions): LineTable {
  const target = options?.target ?? 'v3';
  const limit = options?.stringLimit ?? DEFAULT_STRING_LIMIT;
  if (from < 0 || to > text.length || from > to) {
    throw new RangeError(`parseRegion: region [${from}, ${to}) is outside the text (length ${text.length}).`);
  }
  const b = new TableBuilder();
  const state = new SplitState();
  const trimmed: Trimmed = { start: 0, newlines: 0 };
  let p = from;
  let newlines = 0;
  let endsAtBoundary = true;
  while (p < to) {
    const split = findLineEnd(text, p, to, state);
    const le = split < 0 ? to : split;
    const inner = state.newlines;
    state.reset();
    if (target === 'v3') trimLeading(text, p, le, trimmed);
    else {
      trimmed.start = trimLeadingModels(text, p, le);
      trimmed.newlines = 0;
    }
    // models drops one '\n' that ends a split line (an escaped or quoted one) before parsing.
    const lineEnd = target !== 'v3' && le > trimmed.start && text.charCodeAt(le - 1) === 10 ? le - 1 : le;
    if (trimmed.start < le) {
      const ls = trimmed.start;
      const le = lineEnd;
      b.reserve(le - ls);
      const i = b.count;
      b.lineStart[i] = ls - from;
      b.lineEnd[i] = le - from;
      b.physical[i] = newlines + trimmed.newlines;
      b.tokBase[i] = b.tn;
      b.fieldBase[i] = b.fn;
      b.status[i] = target === 'v3' ? parseLineV3(text, ls, le, from, b, limit) : parseLineModels(text, ls, le, from, b, target);
      b.count = i + 1;
    }
    if (split < 0) {
      newlines += inner;
      endsAtBoundary = false;
      break;
    }
    newlines += inner + 1;
    p = split + 1;
  }
  b.tokBase[b.count] = b.tn;
  b.fieldBase[b.count] = b.fn;
  return new ColumnarTable(b, target, to - from, newlines, endsAtBoundary, limit);
}
