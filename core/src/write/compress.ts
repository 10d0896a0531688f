/** Request bodies: the batch text as is, or gzip-compressed when the connection asks for it. */
import type { Compress } from './types';

const encoder = new TextEncoder();

/** Gzip with the standard `CompressionStream` (Node 18+, browsers); Node callers may inject zlib instead. */
export const gzipWithStreams: Compress = async (body) => {
  const stream = new Blob([typeof body === 'string' ? encoder.encode(body) : body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/**
 * The body to send: the text itself when not compressed (fetch encodes it as UTF-8 natively,
 * faster than a TextEncoder pass here), the exact bytes when the source held bytes that are not
 * UTF-8 (batch.ts `bodyOf`), else its gzip bytes.
 */
export async function encodeBody(body: string | Uint8Array, compress: Compress | undefined): Promise<string | Uint8Array> {
  return compress ? compress(body) : body;
}
