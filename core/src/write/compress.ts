/** Request bodies: the batch text as is, or gzip-compressed when the connection asks for it. */
import type { Compress } from './types';

const encoder = new TextEncoder();

/** Gzip with the standard `CompressionStream` (Node 18+, browsers); Node callers may inject zlib instead. */
export const gzipWithStreams: Compress = async (text) => {
  const stream = new Blob([encoder.encode(text)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/**
 * The body to send: the text itself when not compressed (fetch encodes it as UTF-8 natively,
 * faster than a TextEncoder pass here), else its gzip bytes.
 */
export async function encodeBody(text: string, compress: Compress | undefined): Promise<string | Uint8Array> {
  return compress ? compress(text) : text;
}
