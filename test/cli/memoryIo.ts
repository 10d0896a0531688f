/** An in-memory `CliIo` for running commands in process: files and stdin as lists of pieces. */
import type { CliIo } from '../../cli/src/io';

export interface MemoryIo {
  readonly io: CliIo;
  stdout(): string;
  stderr(): string;
}

async function* pieces(chunks: readonly string[]): AsyncIterable<string> {
  for (const chunk of chunks) yield chunk;
}

/** A file given as a string is one piece; as an array, exactly those pieces in order. */
export function memoryIo(
  files: Readonly<Record<string, string | readonly string[]>>,
  stdin: string | readonly string[] = '',
  env: Readonly<Record<string, string>> = {},
): MemoryIo {
  let out = '';
  let err = '';
  const asPieces = (content: string | readonly string[]): readonly string[] => (typeof content === 'string' ? [content] : content);
  const io: CliIo = {
    stdout: { write: (s) => void (out += s) },
    stderr: { write: (s) => void (err += s) },
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) {
        const error = Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
        return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
      }
      return pieces(asPieces(content));
    },
    readStdin: () => pieces(asPieces(stdin)),
    env,
  };
  return { io, stdout: () => out, stderr: () => err };
}
