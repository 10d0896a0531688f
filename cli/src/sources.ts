/**
 * Opening the inputs named on the command line: a path, or `-` for standard input. A read failure
 * becomes a `ReadError` that says which input, why, and what to do.
 */
import { BYTE_ORDER_MARK_CODE, BYTE_ORDER_MARK_MESSAGE, REPLACEMENT_CHARACTER_CODE } from '../../core/src/analysis';
export { byteNotes } from '../../core/src/analysis';
import { bytesWithFacts, KeepingDecoder, type BytesWithFacts, type TextFromBytes } from '../../core/src/bytes/pieces';
import type { CliDiagnostic } from './diagnostics';
import { NODE_UTF8 } from '../../core/src/write/node/file';
import type { CliIo } from './io';

export const STDIN_NAME = '-';

export class ReadError extends Error {
  override readonly name = 'ReadError';
}

/** How diagnostics name an input: the path as given, `<stdin>` for `-`. */
export function displayName(source: string): string {
  return source === STDIN_NAME ? '<stdin>' : source;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
};

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return `${REASONS[code] ?? 'read failed'} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

export async function* readSource(io: CliIo, command: string, source: string): AsyncIterable<string | Uint8Array> {
  try {
    yield* source === STDIN_NAME ? io.readStdin() : io.readFile(source);
  } catch (error) {
    const what = source === STDIN_NAME ? 'standard input' : `'${source}'`;
    throw new ReadError(
      `${command}: cannot read ${what}: ${describe(error)}. Check the path and its permissions, or pass '-' to read standard input.`,
    );
  }
}

/**
 * The input as `lp parse`, `lp check` and `lp write` read it: without a leading byte order mark, as
 * the editor shows the file, so that line 1's columns and first measurement agree (and the server
 * never takes the mark for part of the first measurement name); bytes that are not valid UTF-8
 * kept as U+DC80–U+DCFF (core/src/bytes/utf8.ts), so that they are reported where they are and
 * written as they are. `facts` says whether there was a mark and how many such bytes.
 */
export function readLineProtocolSource(io: CliIo, command: string, source: string): TextFromBytes {
  const decoder = new KeepingDecoder(NODE_UTF8);
  const { facts } = decoder;
  return {
    facts,
    async *[Symbol.asyncIterator]() {
      let first = true;
      for await (const piece of readSource(io, command, source)) {
        let text = typeof piece === 'string' ? piece : decoder.push(piece);
        if (first && text !== '') {
          first = false;
          if (!facts.bom && text.startsWith(BOM)) {
            facts.bom = true;
            text = text.slice(1);
          }
        }
        if (text !== '') yield text;
      }
      const rest = decoder.end();
      if (rest !== '') yield rest;
    },
  };
}

const BOM = '\uFEFF';

/**
 * The input as `lp write` sends it: its bytes as read, never decoded (the writer cuts them into
 * requests as they are), without a leading byte order mark; `facts` as `readLineProtocolSource`'s.
 */
export function readLineProtocolBytes(io: CliIo, command: string, source: string): BytesWithFacts {
  return bytesWithFacts(readSource(io, command, source), NODE_UTF8);
}

/** `lp check`'s note on a leading byte order mark (the mark itself is not part of the checked text). */
export function byteOrderMarkDiagnostic(file: string): CliDiagnostic {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1, dataLine: null, severity: 'information', code: BYTE_ORDER_MARK_CODE, message: BYTE_ORDER_MARK_MESSAGE, related: [] };
}

/**
 * Whether `lp check` shows a diagnostic: a U+FFFD may stand for an invalid byte only in the editor's
 * decoded text; `lp check` reads the bytes, so there it is a real U+FFFD (an invalid byte is
 * reported as such, 'invalid-utf8').
 */
export function shownByCheck(d: CliDiagnostic): boolean {
  return d.code !== REPLACEMENT_CHARACTER_CODE;
}
