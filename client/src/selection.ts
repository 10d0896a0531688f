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

/** What "Write to Bucket" writes, decided from plain facts (the command's arguments, the editors). */
export type SourceChoice =
  /** The active editor's document: the selected lines, or all of it when `lines` is undefined. */
  | { readonly kind: 'editor'; readonly uri: string; readonly lines: LineSpan | undefined }
  /** An open document that is not the active editor's: all of it, as shown (unsaved edits included). */
  | { readonly kind: 'document'; readonly uri: string }
  /** A file that is not open: streamed from disk without opening it. */
  | { readonly kind: 'file'; readonly uri: string }
  | { readonly kind: 'none' };

export interface SourceFacts {
  /** The URI the command was given (a menu's resource, or a caller's), as a string. */
  readonly argument: string | undefined;
  /** The command came from the Explorer (it passes the selected files as a second argument). */
  readonly fromExplorer: boolean;
  readonly activeEditor: { readonly uri: string; readonly selection: SelectionLike } | undefined;
  /** Is this URI open in the editor (any tab, or a document loaded in the background)? */
  readonly isOpen: (uri: string) => boolean;
}

/**
 * From the editor (title, context menu, palette): the active document, its selection if any.
 * From the Explorer: the whole file, even when it is the active editor with a selection.
 */
export function chooseSource(facts: SourceFacts): SourceChoice {
  const uri = facts.argument ?? facts.activeEditor?.uri;
  if (uri === undefined) return { kind: 'none' };
  if (facts.activeEditor?.uri === uri && !facts.fromExplorer) return { kind: 'editor', uri, lines: selectedLines(facts.activeEditor.selection) };
  return facts.isOpen(uri) ? { kind: 'document', uri } : { kind: 'file', uri };
}
