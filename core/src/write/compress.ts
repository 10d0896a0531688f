/** Request bodies: the batch's bytes as they are, or gzip-compressed when the connection asks for it. */
import type { Compress } from './types';

const encoder = new TextEncoder();

/** Gzip with the standard `CompressionStream` (Node 18+, browsers); Node callers may inject zlib instead. */
export const gzipWithStreams: Compress = async (body) => {
  const stream = new Blob([typeof body === 'string' ? encoder.encode(body) : body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

/** The body to send: the batch's bytes as read (batch.ts `bodyOf`), or their gzip bytes. */
export async function encodeBody(body: Uint8Array, compress: Compress | undefined): Promise<Uint8Array> {
  return compress ? compress(body) : body;
}
