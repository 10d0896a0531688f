/** Request bodies: UTF-8 bytes, gzip-compressed when the connection asks for it. */
import type { Compress } from './types';

/** Gzip with the standard `CompressionStream` (Node 18+, browsers); Node callers may inject zlib instead. */
export const gzipWithStreams: Compress = async (data) => {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

const encoder = new TextEncoder();

export async function encodeBody(text: string, compress: Compress | undefined): Promise<Uint8Array> {
  const bytes = encoder.encode(text);
  return compress ? compress(bytes) : bytes;
}
