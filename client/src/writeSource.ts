/**
 * What "Write to Bucket" writes: the active line protocol document (or the lines of its
 * selection), the one active last, one picked among those open, or a file from the Explorer
 * streamed from disk without opening it. Only ever line protocol (see selection.ts).
 */
import * as vscode from 'vscode';
import { readFileBytes } from '../../core/src/write/node/index';
import { LANGUAGE_ID } from '../../protocol/src/protocol';
import { savedBytesOf, savedLinesOf, textOfBytes } from './savedBytes';
import { chooseSource } from './selection';
import type { LineReader } from './writeDiagnostics';

export interface Source {
  /** Undefined for text given by a language model tool (no document to put diagnostics on). */
  readonly uri: vscode.Uri | undefined;
  /** "data.lp" or "data.lp, lines 10–20". */
  readonly label: string;
  /** Reads the text to write, when the write starts (not before the prompts, during which it may change). */
  readonly read: () => { readonly text: string | AsyncIterable<string | Uint8Array>; readonly firstLine: number };
  /** The document's lines now, when it is open (a file streamed from disk has none). */
  readonly lineAt: LineReader;
}

export function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();
}

function openDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
}

/** Line protocol: a document in that language, or an `.lp` file shown as another language (never an output channel). */
export function isLineProtocolDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID || (document.uri.scheme !== 'output' && document.uri.path.toLowerCase().endsWith('.lp'));
}

/** The text documents shown in a tab, in tab order (a closed tab's document may linger in `textDocuments`). */
function documentsInTabs(): vscode.TextDocument[] {
  const uris = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) uris.add(tab.input.uri.toString());
  }
  return [...uris].map(openDocument).filter((d): d is vscode.TextDocument => d !== undefined);
}

/**
 * Remembers the line protocol editor that was active last, so that "Write to Bucket" run while
 * the Output panel (or another editor) has focus writes that one, never the focused text.
 */
export class LastLineProtocolEditor implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.listener = vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor));
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor && isLineProtocolDocument(editor.document)) this.editor = editor;
  }

  /**
   * The editor, while its very document is still open in a tab: an untitled document's URI
   * ("Untitled-1") is given again to the next one, which may be in another language.
   */
  get current(): vscode.TextEditor | undefined {
    const remembered = this.editor?.document;
    if (!remembered || remembered.isClosed) return undefined;
    const live = documentsInTabs().find((d) => d.uri.toString() === remembered.uri.toString());
    return live === remembered && isLineProtocolDocument(live) ? this.editor : undefined;
  }

  dispose(): void {
    this.listener.dispose();
  }
}

function readerOf(document: vscode.TextDocument): LineReader {
  return (line) => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined);
}

const NO_SELECTION = { start: new vscode.Position(0, 0), end: new vscode.Position(0, 0), isEmpty: true };

function editorFacts(editor: vscode.TextEditor | undefined, visible: boolean) {
  if (!editor) return undefined;
  // A hidden editor's selection is stale: its whole document is written then.
  return { uri: editor.document.uri.toString(), selection: visible ? editor.selection : NO_SELECTION, isLineProtocol: isLineProtocolDocument(editor.document) };
}

export function wholeDocument(document: vscode.TextDocument): Source {
  // A saved file showing U+FFFD is read from disk, so that its bytes are sent as they are.
  const read = (): { text: string | AsyncIterable<string | Uint8Array>; firstLine: number } => {
    const text = document.getText();
    return { text: savedBytesOf(document, text) ?? text, firstLine: 1 };
  };
  return { uri: document.uri, label: basename(document.uri), read, lineAt: readerOf(document) };
}

const NOTHING_TO_WRITE = 'Nothing to write: open a line protocol (.lp) file, or pick one in the Explorer, then run "Write to Bucket".';

/**
 * What to write. `uri` comes from a menu (Explorer, editor title/context) or a caller; the
 * Explorer also passes the selected files as an array, which says "the file, not a selection".
 * Only ever line protocol (see chooseSource); a string is the message saying why nothing is written.
 */
export async function resolveSource(uri: unknown, fromExplorer: boolean, last: LastLineProtocolEditor): Promise<Source | string | undefined> {
  const active = vscode.window.activeTextEditor;
  const lastEditor = last.current;
  const argument = uri instanceof vscode.Uri ? uri : undefined;
  const choice = chooseSource({
    argument: argument?.toString(),
    fromExplorer,
    activeEditor: editorFacts(active, true),
    lastLineProtocolEditor: editorFacts(lastEditor, lastEditor !== undefined && vscode.window.visibleTextEditors.includes(lastEditor)),
    openLineProtocol: documentsInTabs().filter(isLineProtocolDocument).map((d) => d.uri.toString()),
    isOpen: (u) => openDocument(u) !== undefined,
    isLineProtocol: (u) => {
      const document = openDocument(u);
      return document !== undefined && isLineProtocolDocument(document);
    },
  });
  switch (choice.kind) {
    case 'none':
      return NOTHING_TO_WRITE;
    case 'notLineProtocol':
      return `${basename(vscode.Uri.parse(choice.uri))} is not line protocol: only line protocol (.lp) documents are written.`;
    case 'pick': {
      const documents = choice.uris.map(openDocument).filter((d): d is vscode.TextDocument => d !== undefined);
      const picked = await vscode.window.showQuickPick(
        documents.map((d) => ({ label: basename(d.uri), description: d.isDirty ? 'unsaved changes' : undefined, detail: d.uri.scheme === 'file' ? vscode.workspace.asRelativePath(d.uri) : undefined, document: d })),
        { title: 'Write which line protocol document to InfluxDB?', placeHolder: 'The active editor is not line protocol', ignoreFocusOut: true },
      );
      return picked ? wholeDocument(picked.document) : undefined;
    }
    case 'editor': {
      const document = openDocument(choice.uri);
      if (!document || !isLineProtocolDocument(document)) return NOTHING_TO_WRITE;
      const target = document.uri;
      const span = choice.lines;
      if (span) {
        const lines = span.first === span.last ? `line ${span.first + 1}` : `lines ${span.first + 1}–${span.last + 1}`;
        const read = () => {
          const lastLine = Math.min(span.last, document.lineCount - 1);
          const text = document.getText(new vscode.Range(span.first, 0, lastLine, document.lineAt(lastLine).text.length));
          return { text: savedLinesOf(document, text, span.first, lastLine) ?? text, firstLine: span.first + 1 };
        };
        return { uri: target, label: `${basename(target)}, ${lines}`, read, lineAt: readerOf(document) };
      }
      return wholeDocument(document);
    }
    case 'document':
      return wholeDocument(openDocument(choice.uri) as vscode.TextDocument);
    case 'file': {
      const target = argument ?? vscode.Uri.parse(choice.uri);
      // Streamed from disk as bytes, never decoded (the writer cuts them into requests as they are).
      const read = () => ({ text: target.scheme === 'file' ? readFileBytes(target.fsPath) : readThroughFileSystem(target), firstLine: 1 });
      return { uri: target, label: basename(target), read, lineAt: () => undefined };
    }
  }
}

async function* readThroughFileSystem(uri: vscode.Uri): AsyncIterable<string> {
  yield* textOfBytes(await vscode.workspace.fs.readFile(uri));
}
