/**
 * Write to Bucket judges a saved file by its bytes on disk (issue #10 item 5): VS Code shows a byte
 * that is not valid UTF-8 as U+FFFD, and writing that text would store U+FFFD in its place. When a
 * whole document is written, is saved, was read as UTF-8 and shows a U+FFFD, the file is read from
 * disk instead, keeping every byte (core/src/bytes/utf8.ts): sent as it is to 1.x and 2.x, its line
 * left out with the reason for InfluxDB 3 and Cloud. The lines are the same: VS Code decoded the
 * same bytes (an invalid byte is never a line break), and both drop a leading byte order mark.
 */
import type * as vscode from 'vscode';
import { textFromBytes, type TextFromBytes } from '../../core/src/bytes/pieces';
import { readTextFile } from '../../core/src/write/node/index';

const UTF8_ENCODINGS = new Set(['utf8', 'utf8bom']);

function judgedByDisk(document: vscode.TextDocument, text: string): boolean {
  return !document.isDirty && document.uri.scheme === 'file' && UTF8_ENCODINGS.has(document.encoding) && text.includes('\uFFFD');
}

/** The file on disk to write instead of the document's text, or undefined to write the text. */
export function savedBytesOf(document: vscode.TextDocument, text: string): TextFromBytes | undefined {
  return judgedByDisk(document, text) ? readTextFile(document.uri.fsPath) : undefined;
}

/** Where lines `first` and `last` (0-based) start and where `last` ends, breaking lines as VS Code does (LF, CR LF, lone CR). */
function lineSpan(text: string, first: number, last: number): { start: number; end: number } | undefined {
  const breaks = /\r\n?|\n/g;
  let line = 0;
  let start = first === 0 ? 0 : -1;
  let lastStart = last === 0 ? 0 : -1;
  for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
    if (lastStart >= 0) return { start, end: m.index };
    line++;
    if (line === first) start = breaks.lastIndex;
    if (line === last) lastStart = breaks.lastIndex;
  }
  return start >= 0 && lastStart >= 0 ? { start, end: text.length } : undefined;
}

/**
 * Lines `first`–`last` (0-based) of the saved file, bytes kept, instead of the selection's text,
 * or undefined to write the text: the same lines, since VS Code decoded the same bytes.
 */
export function savedLinesOf(document: vscode.TextDocument, text: string, first: number, last: number): TextFromBytes | undefined {
  if (!judgedByDisk(document, text)) return undefined;
  const file = readTextFile(document.uri.fsPath);
  return {
    // The reader's facts go along: they tell the writer to look for the kept bytes.
    facts: file.facts,
    async *[Symbol.asyncIterator]() {
      let all = '';
      for await (const piece of file) all += piece;
      const span = lineSpan(all, first, last);
      if (span) yield all.slice(span.start, span.end);
    },
  };
}

/** Bytes read through VS Code's file system (a file of another scheme), decoded keeping every byte. */
export function textOfBytes(bytes: Uint8Array): TextFromBytes {
  return textFromBytes(
    (async function* () {
      yield bytes;
    })(),
  );
}
