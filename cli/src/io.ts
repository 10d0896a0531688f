/**
 * Everything the command line touches outside itself, behind one small interface, so that the
 * commands run unchanged in a test (in memory) and in a real process (files, stdin, stdout).
 */
import { createReadStream } from 'node:fs';

/** Where text goes. `write` may return a promise when the consumer is full: awaiting it is backpressure. */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /**
   * The file's content in pieces, in order (split anywhere, even inside a line or a UTF-8
   * sequence): bytes from disk, or text (tests). Rejects when unreadable. Bytes are decoded by
   * sources.ts keeping any byte that is not valid UTF-8 (core/src/bytes/utf8.ts).
   */
  readFile(path: string): AsyncIterable<string | Uint8Array>;
  /** Standard input's content in pieces, in order. */
  readStdin(): AsyncIterable<string | Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Large reads: fewer, bigger pieces make the per-piece work (a region parse) negligible. */
const READ_CHUNK_BYTES = 1 << 20;

/**
 * Wraps a Node stream so that a full buffer makes the writer wait for 'drain' instead of growing
 * memory. Writes made while waiting share the one pending 'drain' (no listener per write).
 */
function sinkFor(stream: NodeJS.WriteStream): TextSink {
  let waiting: Promise<void> | undefined;
  return {
    write(text: string): void | Promise<void> {
      if (stream.write(text) && !waiting) return undefined;
      waiting ??= new Promise((resolve) =>
        stream.once('drain', () => {
          waiting = undefined;
          resolve();
        }),
      );
      return waiting;
    },
  };
}

/** The raw bytes: decoding them is left to sources.ts, which keeps bytes that are not UTF-8. */
async function* bytes(stream: NodeJS.ReadableStream): AsyncIterable<Uint8Array> {
  for await (const chunk of stream) yield chunk as Buffer;
}

export function createNodeIo(): CliIo {
  return {
    stdout: sinkFor(process.stdout),
    stderr: sinkFor(process.stderr),
    readFile: (path) => bytes(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })),
    readStdin: () => bytes(process.stdin),
    env: process.env,
  };
}
