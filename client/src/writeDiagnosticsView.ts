/**
 * The "InfluxDB" diagnostics of the last write of each document: a DiagnosticCollection of its
 * own (apart from the language server's), kept on their lines as the document is edited
 * (writeDiagnostics.ts decides which stay and where), replaced by the next write of that document.
 * Each names the connection and bucket that answered it, and all are cleared when the active
 * connection becomes another (another server, bucket or URL): they describe the old one.
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../protocol/src/protocol';
import { SETTINGS } from './ids';
import { readConnectionState } from './settings';
import { applyChanges, messageWithOrigin, originKey, originStillActive, withLineTexts, type ProblemOrigin, type TextChange, type WriteProblem } from './writeDiagnostics';

const SOURCE = 'InfluxDB';

const SEVERITY: Readonly<Record<WriteProblem['severity'], vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

function lineLength(document: vscode.TextDocument | undefined, line: number): number | undefined {
  return document && line < document.lineCount ? document.lineAt(line).text.length : undefined;
}

/**
 * A rejected point is underlined over its lines; a run of lines not sent is marked on its first
 * line only (a squiggle over thousands of lines helps nobody), its message saying which lines.
 */
function toDiagnostic(problem: WriteProblem, document: vscode.TextDocument | undefined, origin: ProblemOrigin | undefined): vscode.Diagnostic {
  const run = problem.severity !== 'error';
  const endLine = run ? problem.line : problem.endLine;
  const startCharacter = document && problem.line < document.lineCount ? document.lineAt(problem.line).firstNonWhitespaceCharacterIndex : 0;
  const endCharacter = lineLength(document, endLine) ?? problem.lineText?.length ?? 0;
  const range = new vscode.Range(problem.line, startCharacter, endLine, Math.max(endCharacter, endLine === problem.line ? startCharacter + 1 : 1));
  const message = run && problem.endLine > problem.line ? `${problem.message} (lines ${problem.line + 1}–${problem.endLine + 1})` : problem.message;
  const diagnostic = new vscode.Diagnostic(range, messageWithOrigin(message, origin), SEVERITY[problem.severity]);
  diagnostic.source = SOURCE;
  if (problem.code !== undefined) diagnostic.code = problem.code;
  return diagnostic;
}

export class WriteDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('influxdb-write');
  private readonly problems = new Map<string, WriteProblem[]>();
  /** The connection and bucket each document's problems came from. */
  private readonly origins = new Map<string, ProblemOrigin>();
  /** Edits being recorded while a write of that document runs. */
  private readonly recordings = new Map<string, TextChange[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidOpenTextDocument((document) => this.onOpen(document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        const s = (key: string): boolean => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
        if (s(SETTINGS.connections) || s(SETTINGS.activeConnection)) this.clearStale();
      }),
    ];
  }

  /** Replaces the write problems of a document; `origin`: the connection and bucket that answered (kept until the next write). */
  set(uri: vscode.Uri, problems: WriteProblem[], origin?: ProblemOrigin): void {
    const key = uri.toString();
    if (origin) this.origins.set(key, origin);
    if (problems.length === 0) {
      this.problems.delete(key);
      this.origins.delete(key);
      this.collection.delete(uri);
      return;
    }
    this.problems.set(key, problems);
    this.render(uri);
  }

  /** Clears the problems that came from a server the active connection no longer is. */
  private clearStale(): void {
    const active = readConnectionState().active;
    const activeKey = active ? originKey(active) : undefined;
    for (const [key, origin] of [...this.origins]) {
      if (originStillActive(origin, activeKey)) continue;
      this.set(vscode.Uri.parse(key), []);
    }
  }

  /** Starts recording the edits of a document (a write begins); `stop` returns them, in order. */
  record(uri: vscode.Uri): { stop(): TextChange[] } {
    const key = uri.toString();
    const changes: TextChange[] = [];
    this.recordings.set(key, changes);
    return {
      stop: () => {
        if (this.recordings.get(key) === changes) this.recordings.delete(key);
        return changes;
      },
    };
  }

  /** The diagnostics now shown for a document (for the exported API and tests). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private document(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  private render(uri: vscode.Uri): void {
    const document = this.document(uri);
    const origin = this.origins.get(uri.toString());
    this.collection.set(uri, (this.problems.get(uri.toString()) ?? []).map((p) => toDiagnostic(p, document, origin)));
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    this.recordings.get(key)?.push(...event.contentChanges);
    const current = this.problems.get(key);
    if (!current || event.contentChanges.length === 0) return;
    const document = event.document;
    const lineAt = (line: number): string | undefined => (line < document.lineCount ? document.lineAt(line).text : undefined);
    this.set(document.uri, applyChanges(current, event.contentChanges, lineAt));
  }

  /** A file written unopened: learn the texts of its problem lines, so later edits can be judged. */
  private onOpen(document: vscode.TextDocument): void {
    const current = this.problems.get(document.uri.toString());
    if (!current) return;
    this.problems.set(document.uri.toString(), withLineTexts(current, (line) => (line < document.lineCount ? document.lineAt(line).text : undefined)));
    this.render(document.uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}
