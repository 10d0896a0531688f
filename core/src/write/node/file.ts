/**
 * A file streamed from disk as text pieces (UTF-8 sequences split between reads stay whole).
 * A leading byte order mark is dropped, as the editor drops it: the server would otherwise take it
 * as the first character of the first measurement name.
 */
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 1 << 20;
const BOM = '\uFEFF';

/** The pieces of a text without its leading byte order mark (a later U+FEFF is content, kept). */
export async function* withoutByteOrderMark(source: AsyncIterable<string>): AsyncIterable<string> {
  let first = true;
  for await (const piece of source) {
    if (first && piece === '') continue;
    if (first && piece.startsWith(BOM)) {
      first = false;
      if (piece.length > 1) yield piece.slice(1);
      continue;
    }
    first = false;
    yield piece;
  }
}

export function readTextFile(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES, encoding: 'utf8' });
  return withoutByteOrderMark(stream as AsyncIterable<string>);
}
