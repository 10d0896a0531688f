/**
 * A chunk: a piece of a document's text that starts at a data-line boundary, with its own parsed
 * `LineTable` and the LSP line breaks in it. A document is a list of them (chunkedText.ts), so an
 * edit re-parses only the chunks it touches; cutChunks.ts cuts a text into them.
 */
import type { LineTable } from '../api';

const LF = 10;
const CR = 13;

export class Chunk {
  /** Absolute offset, LSP line and data-line number of the chunk start; kept current by `ChunkedText`. */
  offset = 0;
  line = 0;
  dataLine = 0;
  /** LSP line breaks in the chunk ('\n', '\r\n', lone '\r'). */
  readonly breakCount: number;
  private breakOffsets: Int32Array | undefined;
  /** Whether the text holds a '\r'. */
  readonly hasCR: boolean;
  private chars: string;

  /**
   * `text`: the chunk's characters, normally a string of their own (see ownSlice); `hasCR`, when
   * the caller knows whether they hold a '\r' (another thread looked), saves looking again.
   */
  constructor(
    text: string,
    readonly table: LineTable,
    hasCR?: boolean,
  ) {
    this.chars = text;
    this.hasCR = hasCR ?? text.indexOf('\r') >= 0;
    // Without a '\r' (one memchr-speed search) the parser's '\n' count is the line count, and the
    // offsets of the breaks are found only when a position in the chunk is asked for.
    if (!this.hasCR) this.breakCount = table.newlines;
    else {
      this.breakOffsets = lineBreaks(text);
      this.breakCount = this.breakOffsets.length;
    }
  }

  get text(): string {
    return this.chars;
  }

  /**
   * Makes the chunk's text a string of its own when it was made as a view of a larger one
   * (`DocumentAnalysis.appendPart` does, to publish sooner): the same characters, so nothing
   * derived from them changes, but the larger string is no longer kept alive through this chunk.
   */
  detach(): void {
    this.chars = ownSlice(this.chars, 0, this.chars.length);
  }

  /** Offsets (relative) where an LSP line starts after a break. */
  get breaks(): Int32Array {
    return (this.breakOffsets ??= lineBreaks(this.text));
  }

  /** Relative offset of a 0-based LSP line inside the chunk (0 for its first line). */
  lineStart(relativeLine: number): number {
    return relativeLine <= 0 ? 0 : this.breaks[relativeLine - 1];
  }

  /** LSP line (relative to the chunk) holding a relative offset. */
  lineAt(relative: number): number {
    const b = this.breaks;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid] <= relative) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lineBreaks(text: string): Int32Array {
  const out: number[] = [];
  if (text.indexOf('\r') < 0) {
    for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) out.push(p + 1);
  } else {
    for (let p = 0; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === LF) out.push(p + 1);
      else if (c === CR) {
        if (text.charCodeAt(p + 1) === LF) p++;
        out.push(p + 1);
      }
    }
  }
  return Int32Array.from(out);
}

/**
 * `text.slice(from, to)` as a string of its own. A plain slice of a long string is a view that
 * reads through its parent at every `charCodeAt`, which makes parsing a chunk about a third slower
 * than parsing the same characters in a flat string; joining two halves builds a flat copy (a
 * memcpy), and the parent (the 50 MB text of didOpen) is no longer kept alive by the chunks.
 */
export function ownSlice(text: string, from: number, to: number): string {
  if (to - from < 64) return text.slice(from, to);
  const mid = (from + to) >> 1;
  return [text.slice(from, mid), text.slice(mid, to)].join('');
}
