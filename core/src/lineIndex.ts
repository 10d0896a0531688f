/**
 * Offset ↔ position conversion (0-based line, UTF-16 character), by binary search over the
 * offsets where lines start. Line breaks are those of LSP and VS Code ('\n', '\r\n' and a lone
 * '\r'), so positions match the editor's; for text without lone '\r' the line numbers are the
 * '\n'-counted physical lines the parser reports.
 */
import type { Position } from './model';

const LF = 10;
const CR = 13;

export class LineIndex {
  private readonly starts: Int32Array;
  private readonly length: number;

  /** Keeps `text` (no copy) to tell a '\r\n' break from a one-character one. */
  constructor(private readonly text: string) {
    const starts: number[] = [0];
    const n = text.length;
    for (let p = 0; p < n; p++) {
      const c = text.charCodeAt(p);
      if (c > CR) continue;
      if (c === LF) starts.push(p + 1);
      else if (c === CR) {
        if (p + 1 < n && text.charCodeAt(p + 1) === LF) p++;
        starts.push(p + 1);
      }
    }
    this.starts = Int32Array.from(starts);
    this.length = n;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset where 0-based line `line` starts (clamped to the text). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.starts.length) return this.length;
    return this.starts[line];
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Math.floor(offset), this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /**
   * Offset of a position; a character past the end of its line is clamped to the line end, before
   * its break (before the '\r' of a '\r\n' too, so a position never falls inside the pair), as
   * vscode-languageserver-textdocument does.
   */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.length;
    const start = this.starts[pos.line];
    const end = pos.line + 1 < this.starts.length ? breakStart(this.text, start, this.starts[pos.line + 1]) : this.length;
    return start + Math.max(0, Math.min(pos.character, end - start));
  }
}

/**
 * Where the break ending a line starts, given the line's start and the start of the line after it:
 * the line's end, before a '\r\n' pair as a whole so that no position falls inside it.
 */
export function breakStart(text: string, start: number, nextStart: number): number {
  const end = nextStart - 1;
  return end > start && text.charCodeAt(end) === LF && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}
