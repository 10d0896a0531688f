/**
 * Cutting a text into chunks at data-line boundaries, each parsed on its own: what opening a
 * document does to its whole text, and an edit to the text of the chunks it touches. A chunk may
 * only end where a line ends, so a quoted or escaped newline that carries a line past the cut
 * moves the cut.
 */
import type { ParseOptions } from '../api';
import { parseRegion } from '../parse/parseRegion';
import { Chunk, ownSlice } from './chunks';

/** Target chunk length in UTF-16 units: small enough to re-parse per keystroke, big enough to keep the chunk list short. */
export const CHUNK_CHARS = 32 * 1024;
/**
 * Chunk length when a whole text is cut (open, full change, new parser): each chunk's parse has a
 * fixed cost (its table's arrays), so fewer, larger chunks make the first diagnostics come sooner
 * (on the 50 MB bench document, 512K chunks open about a tenth faster than 128K ones). An edit
 * re-cuts the chunk it touches into `CHUNK_CHARS` pieces, so only the first keystroke in a large
 * chunk pays for parsing all of it (a few milliseconds).
 */
export const OPEN_CHUNK_CHARS = 16 * CHUNK_CHARS;

/**
 * Cuts `text` into chunks of about `size` characters at data-line boundaries and parses each.
 * The last chunk may end inside a line (the text's own end); every other one ends just after a
 * '\n' that split a line.
 */
export function cutChunks(text: string, options: ParseOptions, size = CHUNK_CHARS): Chunk[] {
  const out: Chunk[] = [];
  const n = text.length;
  let p = 0;
  while (p < n || out.length === 0) {
    let q = n;
    if (n - p > size + (size >> 1)) {
      const nl = text.lastIndexOf('\n', p + size - 1);
      q = nl >= p ? nl + 1 : nextBreak(text, p + size);
    }
    for (;;) {
      const piece = ownSlice(text, p, q);
      const table = parseRegion(piece, 0, piece.length, options);
      if (q >= n || table.endsAtBoundary) {
        out.push(new Chunk(piece, table));
        break;
      }
      // The last line goes on past q (a quoted or escaped '\n'): end the chunk before that line,
      // just after the '\n' that split the line before it, or take more text if there is none.
      if (table.count >= 2) {
        const cut = table.end(table.count - 2) + 1;
        const shorter = ownSlice(piece, 0, cut);
        out.push(new Chunk(shorter, parseRegion(shorter, 0, shorter.length, options)));
        q = p + cut;
        break;
      }
      q = nextBreak(text, q + (q - p));
    }
    p = q;
  }
  return out;
}

function nextBreak(text: string, from: number): number {
  if (from >= text.length) return text.length;
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}
