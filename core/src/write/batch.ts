/**
 * Cutting the source into requests at data-line boundaries, with the core's splitter (the same
 * one the server's numbering follows), so that line N of a request is `texts[N - 1]` of its batch.
 */
import type { DataLine } from '../api';
import { createSplitter, splitDataLines } from '../index';

/** One request's worth of data lines; each knows where it came from. */
export interface Batch {
  /** Data line texts, as cut by the splitter (leading whitespace skipped, a trailing `\r` kept). */
  readonly texts: readonly string[];
  /** 1-based physical line in the document of each data line (`firstLine` applied). */
  readonly lines: readonly number[];
  /** 1-based data-line number in the source of each data line. */
  readonly dataLines: readonly number[];
}

export interface BatchLimits {
  readonly batchLines: number;
  readonly batchBytes: number;
}

// A regex test runs natively and is far cheaper than a per-character loop on ASCII text.
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length of a string (lone surrogates count 3, as TextEncoder replaces them with U+FFFD). */
export function utf8Length(text: string): number {
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 length of the body a batch is sent as (`texts.join('\n')`). */
export function batchBytes(batch: Batch): number {
  let bytes = Math.max(0, batch.texts.length - 1);
  for (const text of batch.texts) bytes += utf8Length(text);
  return bytes;
}

/**
 * Collects data lines into batches; `take()` hands over the finished ones. The byte limit is
 * checked without scanning every line: a UTF-16 unit is at most 3 UTF-8 bytes, so while
 * 3 x the characters fit, the bytes fit; only a batch that gets near the limit is measured exactly.
 */
class BatchBuilder {
  private texts: string[] = [];
  private lines: number[] = [];
  private dataLines: number[] = [];
  /** UTF-16 length of the body so far. */
  private chars = 0;
  /** Exact UTF-8 length of the body so far, once it had to be measured. */
  private bytes: number | undefined;
  private readonly ready: Batch[] = [];

  constructor(
    private readonly limits: BatchLimits,
    private readonly lineShift: number,
  ) {}

  private fits(text: string): boolean {
    if (this.texts.length === 0) return true;
    if (this.texts.length >= this.limits.batchLines) return false;
    const chars = this.chars + 1 + text.length;
    if (chars * 3 <= this.limits.batchBytes) return true;
    this.bytes ??= batchBytes({ texts: this.texts, lines: [], dataLines: [] });
    return this.bytes + 1 + utf8Length(text) <= this.limits.batchBytes;
  }

  add(line: DataLine): void {
    if (!this.fits(line.text)) this.flush();
    const separator = this.texts.length === 0 ? 0 : 1;
    this.texts.push(line.text);
    this.lines.push(line.physicalLine + this.lineShift);
    this.dataLines.push(line.dataLine);
    this.chars += separator + line.text.length;
    if (this.bytes !== undefined) this.bytes += separator + utf8Length(line.text);
  }

  flush(): void {
    if (this.texts.length === 0) return;
    this.ready.push({ texts: this.texts, lines: this.lines, dataLines: this.dataLines });
    this.texts = [];
    this.lines = [];
    this.dataLines = [];
    this.chars = 0;
    this.bytes = undefined;
  }

  take(): Batch[] {
    return this.ready.splice(0, this.ready.length);
  }
}

/** All batches of a text held in memory. */
export function batchesOfText(text: string, limits: BatchLimits, firstLine = 1): { batches: Batch[]; lines: number } {
  const builder = new BatchBuilder(limits, firstLine - 1);
  const all = splitDataLines(text);
  for (const line of all) builder.add(line);
  builder.flush();
  return { batches: builder.take(), lines: all.length };
}

/** Batches of a text arriving in pieces; memory stays bounded by one piece plus one batch. */
export async function* batchesOfStream(source: AsyncIterable<string>, limits: BatchLimits, firstLine = 1): AsyncGenerator<Batch> {
  const builder = new BatchBuilder(limits, firstLine - 1);
  const splitter = createSplitter((line) => builder.add(line));
  for await (const chunk of source) {
    splitter.push(chunk);
    yield* builder.take();
  }
  splitter.end();
  builder.flush();
  yield* builder.take();
}

/** The batch's lines `from` (inclusive) to `to` (exclusive), e.g. a half after a 413. */
export function sliceBatch(batch: Batch, from: number, to: number): Batch {
  return { texts: batch.texts.slice(from, to), lines: batch.lines.slice(from, to), dataLines: batch.dataLines.slice(from, to) };
}

/** The batch without the lines at the given indices (0-based within the batch). */
export function withoutIndices(batch: Batch, drop: ReadonlySet<number>): Batch {
  const keep: number[] = [];
  for (let i = 0; i < batch.texts.length; i++) if (!drop.has(i)) keep.push(i);
  return { texts: keep.map((i) => batch.texts[i]), lines: keep.map((i) => batch.lines[i]), dataLines: keep.map((i) => batch.dataLines[i]) };
}

export function bodyText(batch: Batch): string {
  return batch.texts.join('\n');
}
