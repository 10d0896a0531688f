/**
 * A file streamed from disk as text pieces (UTF-8 sequences split between reads stay whole).
 * A leading byte order mark is dropped, as the editor drops it: the server would otherwise take it
 * as the first character of the first measurement name.
 */
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 1 << 20;
const BOM = '\uFEFF';

export async function* readTextFile(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES, encoding: 'utf8' });
  let first = true;
  for await (const chunk of stream) {
    let text = chunk as string;
    if (first) {
      first = false;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    yield text;
  }
}
