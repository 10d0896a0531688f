/**
 * The editor's note on a leading byte order mark (issue #10 item 7). VS Code takes the mark off
 * the text it sends (the status bar says "UTF-8 with BOM"), so the server looks at the file itself:
 * the first three bytes of a `file:` document on disk, read again at each check (a save with
 * another encoding removes the note). A client that sends the mark in the text gets the note too.
 */
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { BYTE_ORDER_MARK_CODE, BYTE_ORDER_MARK_MESSAGE } from '../../core/src/analysis';
import { SOURCE } from './convert';

async function startsWithMark(uri: string): Promise<boolean> {
  if (!uri.startsWith('file:')) return false;
  let file;
  try {
    file = await open(fileURLToPath(uri), 'r');
    const head = Buffer.alloc(3);
    const { bytesRead } = await file.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch {
    // Unsaved, deleted or unreadable: no file to judge.
    return false;
  } finally {
    await file?.close();
  }
}

/** The note on line 1 when the document's file (or its text) starts with a byte order mark. */
export async function byteOrderMarkDiagnostics(uri: string, firstCharacter: string): Promise<Diagnostic[]> {
  if (firstCharacter !== '\uFEFF' && !(await startsWithMark(uri))) return [];
  const end = firstCharacter === '\uFEFF' ? 1 : 0;
  return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: end } }, severity: DiagnosticSeverity.Information, code: BYTE_ORDER_MARK_CODE, source: SOURCE, message: BYTE_ORDER_MARK_MESSAGE }];
}
