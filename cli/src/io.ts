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
  /** The file's text in pieces, in order (split anywhere, even inside a line). Rejects when unreadable. */
  readFile(path: string): AsyncIterable<string>;
  /** Standard input's text in pieces, in order. */
  readStdin(): AsyncIterable<string>;
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

async function* decode(stream: NodeJS.ReadableStream): AsyncIterable<string> {
  // setEncoding makes Node keep a UTF-8 sequence split between two reads together.
  stream.setEncoding('utf8');
  for await (const chunk of stream) yield chunk as string;
}

export function createNodeIo(): CliIo {
  return {
    stdout: sinkFor(process.stdout),
    stderr: sinkFor(process.stderr),
    readFile: (path) => decode(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })),
    readStdin: () => decode(process.stdin),
    env: process.env,
  };
}
