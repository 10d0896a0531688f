/** A file streamed from disk as text pieces (UTF-8 sequences split between reads stay whole). */
import { createReadStream } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

export async function* readTextFile(path: string): AsyncIterable<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES, encoding: 'utf8' });
  for await (const chunk of stream) yield chunk as string;
}
