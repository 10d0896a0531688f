/**
 * The measurements the open line-protocol documents use, for the stored schema to ask for
 * (storedSchema.ts): a document is scanned whole once, then an edit looks only at the lines it
 * touched. Names are unescaped as the product's server does, so another product scans again.
 */
import * as vscode from 'vscode';
import type { ParserTarget } from '../../core/src/model';
import { LANGUAGE_ID } from '../../protocol/src/protocol';
import { measurementsOfLines, measurementsOfText } from './schemaNames';

export class OpenMeasurements {
  /** The measurements of each open line-protocol document scanned so far. */
  private readonly names = new Map<string, Set<string>>();
  /**
   * Documents an edit gave a name not seen in them before: scanned again whole when the names are
   * next needed, so that the names typed on the way ("w", "we", "wea"…) and the names an edit
   * removed are not asked for.
   */
  private readonly stale = new Set<string>();
  private parser: ParserTarget | undefined;

  /** The product's parser reads the names from now on. */
  useParser(parser: ParserTarget): void {
    if (parser === this.parser) return;
    // Names are unescaped as the product's server does: another product, another scan.
    this.names.clear();
    this.stale.clear();
    this.parser = parser;
  }

  /** The measurements the open documents use (a document not scanned yet is scanned now). */
  needed(parser: ParserTarget): Set<string> {
    const all = new Set<string>();
    for (const document of vscode.workspace.textDocuments) {
      if (document.languageId !== LANGUAGE_ID || document.isClosed) continue;
      const uri = document.uri.toString();
      let names = this.names.get(uri);
      if (!names || this.stale.delete(uri)) this.names.set(uri, (names = measurementsOfText(document.getText(), parser)));
      for (const name of names) all.add(name);
    }
    return all;
  }

  /** Every document is scanned whole again when the names are next needed. */
  rescan(): void {
    this.names.clear();
    this.stale.clear();
  }

  forget(document: vscode.TextDocument): void {
    this.names.delete(document.uri.toString());
    this.stale.delete(document.uri.toString());
  }

  /**
   * On the edit path: looks at the measurements of the lines the edit touched; true when one of
   * them is new to the document and `unasked` (not asked of the server yet). A new name marks the
   * document for a whole scan at the next read rather than joining its names: it may be half typed.
   */
  noteEdit(event: vscode.TextDocumentChangeEvent, unasked: (name: string) => boolean): boolean {
    const names = this.names.get(event.document.uri.toString());
    if (!names || this.parser === undefined || event.contentChanges.length === 0) return false;
    const document = event.document;
    const lines: string[] = [];
    for (const change of event.contentChanges) {
      let added = 0;
      for (let i = change.text.indexOf('\n'); i >= 0; i = change.text.indexOf('\n', i + 1)) added++;
      const last = Math.min(change.range.start.line + added, document.lineCount - 1);
      for (let line = change.range.start.line; line <= last; line++) lines.push(document.lineAt(line).text);
    }
    let unknown = false;
    for (const name of measurementsOfLines(lines, this.parser)) {
      if (names.has(name)) continue;
      this.stale.add(event.document.uri.toString());
      if (unasked(name)) unknown = true;
    }
    return unknown;
  }
}
