/**
 * A file streamed from disk as text pieces, decoded so that no byte is lost (bytes/utf8.ts): a
 * UTF-8 sequence split between reads stays whole, a byte that is not valid UTF-8 is kept (the
 * writer sends it as it is, or leaves its line out where the server takes only UTF-8), and a
 * leading byte order mark is dropped, as the editor drops it: the server would otherwise take it
 * as the first character of the first measurement name. `facts` says what was found.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { bytesWithFacts, textFromBytes, type BytesWithFacts, type TextFromBytes, type Utf8Natives } from '../../bytes/pieces';

const CHUNK_BYTES = 1 << 20;
const BOM = '\uFEFF';

/** Node's native validity check and decoder: the all-valid path costs what a plain UTF-8 read costs. */
export const NODE_UTF8: Utf8Natives = {
  isUtf8: (bytes) => isUtf8(bytes),
  decode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
};

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

/** Byte pieces of any readable stream, decoded keeping every byte (see the file comment). */
export function textOfByteStream(stream: AsyncIterable<Uint8Array>): TextFromBytes {
  return textFromBytes(stream, NODE_UTF8);
}

/**
 * A file streamed from disk as the writer takes it: its bytes as read (1 MiB pieces, never
 * decoded), without a leading byte order mark, `facts` counting the bytes that are not UTF-8 with
 * Node's native check (so the writer looks for them line by line only in a file that has some).
 */
export function readFileBytes(path: string): BytesWithFacts {
  return bytesOfStream(createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>);
}

/** Byte pieces of any readable stream, as `readFileBytes` gives them. */
export function bytesOfStream(stream: AsyncIterable<string | Uint8Array>): BytesWithFacts {
  return bytesWithFacts(stream, NODE_UTF8);
}

export function readTextFile(path: string): TextFromBytes {
  return textOfByteStream(createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>);
}
