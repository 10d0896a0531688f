/**
 * Write to Bucket judges a saved file by its bytes on disk (issue #10 item 5): VS Code shows a byte
 * that is not valid UTF-8 as U+FFFD, and writing that text would store U+FFFD in its place. When a
 * whole document is written, is saved, was read as UTF-8 and shows a U+FFFD, the file is read from
 * disk instead, keeping every byte (core/src/bytes/utf8.ts): sent as it is to 1.x and 2.x, its line
 * left out with the reason for InfluxDB 3 and Cloud. The lines are the same: VS Code decoded the
 * same bytes (an invalid byte is never a line break), and both drop a leading byte order mark.
 */
import type * as vscode from 'vscode';
import { textFromBytes, type TextFromBytes } from '../../core/src/bytes/utf8';
import { readTextFile } from '../../core/src/write/node/index';

const UTF8_ENCODINGS = new Set(['utf8', 'utf8bom']);

/** The file on disk to write instead of the document's text, or undefined to write the text. */
export function savedBytesOf(document: vscode.TextDocument, text: string): TextFromBytes | undefined {
  if (document.isDirty || document.uri.scheme !== 'file' || !UTF8_ENCODINGS.has(document.encoding)) return undefined;
  return text.includes('\uFFFD') ? readTextFile(document.uri.fsPath) : undefined;
}

/** Bytes read through VS Code's file system (a file of another scheme), decoded keeping every byte. */
export function textOfBytes(bytes: Uint8Array): TextFromBytes {
  return textFromBytes(
    (async function* () {
      yield bytes;
    })(),
  );
}
