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
  /** An editor's document: the selected lines, or all of it when `lines` is undefined. */
  | { readonly kind: 'editor'; readonly uri: string; readonly lines: LineSpan | undefined }
  /** An open document that is not the active editor's: all of it, as shown (unsaved edits included). */
  | { readonly kind: 'document'; readonly uri: string }
  /** A file that is not open: streamed from disk without opening it. */
  | { readonly kind: 'file'; readonly uri: string }
  /** No line protocol editor is active or was last active: ask which of these open documents. */
  | { readonly kind: 'pick'; readonly uris: readonly string[] }
  /** The command was given an open document that is not line protocol: never written. */
  | { readonly kind: 'notLineProtocol'; readonly uri: string }
  | { readonly kind: 'none' };

/** An editor as the choice needs it. */
export interface EditorFacts {
  readonly uri: string;
  readonly selection: SelectionLike;
  /** Its document is line protocol: in that language, or an `.lp` file. */
  readonly isLineProtocol: boolean;
}

export interface SourceFacts {
  /** The URI the command was given (a menu's resource, or a caller's), as a string. */
  readonly argument: string | undefined;
  /** The command came from the Explorer (it passes the selected files as a second argument). */
  readonly fromExplorer: boolean;
  /** The active editor: may be an output channel, another language, or none. */
  readonly activeEditor: EditorFacts | undefined;
  /** The line protocol editor that was active last, when it is still open. */
  readonly lastLineProtocolEditor?: EditorFacts | undefined;
  /** The line protocol documents open in the editor's tabs, in tab order. */
  readonly openLineProtocol?: readonly string[];
  /** Is this URI open in the editor (any tab, or a document loaded in the background)? */
  readonly isOpen: (uri: string) => boolean;
  /** For an open document: is it line protocol? (Not asked for files that are not open.) */
  readonly isLineProtocol?: (uri: string) => boolean;
}

/**
 * From the editor (title, context menu, palette): the active document, its selection if any,
 * when it is line protocol. When the active editor is something else (the Output panel, another
 * language, none): the line protocol editor that was last active, else a choice among the open
 * line protocol documents, else nothing. Never another document: the extension's own log was
 * once written to a server this way (issue 9, §1).
 * From the Explorer or a caller's URI: the whole file, even when it is the active editor with a
 * selection; an open document given by URI must be line protocol too.
 */
export function chooseSource(facts: SourceFacts): SourceChoice {
  const { argument, activeEditor } = facts;
  if (argument !== undefined) {
    if (activeEditor?.uri === argument && !facts.fromExplorer) {
      return activeEditor.isLineProtocol ? { kind: 'editor', uri: argument, lines: selectedLines(activeEditor.selection) } : { kind: 'notLineProtocol', uri: argument };
    }
    if (!facts.isOpen(argument)) return { kind: 'file', uri: argument };
    return (facts.isLineProtocol?.(argument) ?? true) ? { kind: 'document', uri: argument } : { kind: 'notLineProtocol', uri: argument };
  }
  if (activeEditor?.isLineProtocol) return { kind: 'editor', uri: activeEditor.uri, lines: selectedLines(activeEditor.selection) };
  const last = facts.lastLineProtocolEditor;
  if (last?.isLineProtocol) return { kind: 'editor', uri: last.uri, lines: selectedLines(last.selection) };
  const open = facts.openLineProtocol ?? [];
  return open.length > 0 ? { kind: 'pick', uris: open } : { kind: 'none' };
}
