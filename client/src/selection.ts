/**
 * Which lines a "Write to Bucket" of the active editor sends: the whole document, or the whole
 * lines a non-empty selection touches. Pure module (VS Code's `Selection` fits `SelectionLike`).
 */
import type { LinePosition } from './writeDiagnostics';

export interface SelectionLike {
  readonly start: LinePosition;
  readonly end: LinePosition;
  readonly isEmpty: boolean;
}

/** 0-based, inclusive. */
export interface LineSpan {
  readonly first: number;
  readonly last: number;
}

/**
 * The whole lines of a selection; undefined for an empty selection (write the whole document).
 * A selection that ends at the very start of a line (the usual result of selecting whole lines
 * with Shift+Down) does not include that line.
 */
export function selectedLines(selection: SelectionLike): LineSpan | undefined {
  if (selection.isEmpty) return undefined;
  const last = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line - 1 : selection.end.line;
  return { first: selection.start.line, last };
}
