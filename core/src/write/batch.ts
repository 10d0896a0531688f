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
  /** UTF-8 length of the body (`texts.join('\n')`). */
  readonly bytes: number;
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

/** Collects data lines into batches; `take()` hands over the finished ones. */
class BatchBuilder {
  private texts: string[] = [];
  private lines: number[] = [];
  private dataLines: number[] = [];
  private bytes = 0;
  private readonly ready: Batch[] = [];

  constructor(
    private readonly limits: BatchLimits,
    private readonly lineShift: number,
  ) {}

  add(line: DataLine): void {
    const size = utf8Length(line.text);
    const added = this.texts.length === 0 ? size : size + 1;
    if (this.texts.length > 0 && (this.texts.length >= this.limits.batchLines || this.bytes + added > this.limits.batchBytes)) {
      this.flush();
      this.add(line);
      return;
    }
    this.texts.push(line.text);
    this.lines.push(line.physicalLine + this.lineShift);
    this.dataLines.push(line.dataLine);
    this.bytes += added;
  }

  flush(): void {
    if (this.texts.length === 0) return;
    this.ready.push({ texts: this.texts, lines: this.lines, dataLines: this.dataLines, bytes: this.bytes });
    this.texts = [];
    this.lines = [];
    this.dataLines = [];
    this.bytes = 0;
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
  const texts = batch.texts.slice(from, to);
  let bytes = Math.max(0, texts.length - 1);
  for (const text of texts) bytes += utf8Length(text);
  return { texts, lines: batch.lines.slice(from, to), dataLines: batch.dataLines.slice(from, to), bytes };
}

/** The batch without the lines at the given indices (0-based within the batch). */
export function withoutIndices(batch: Batch, drop: ReadonlySet<number>): Batch {
  const keep: number[] = [];
  for (let i = 0; i < batch.texts.length; i++) if (!drop.has(i)) keep.push(i);
  const texts = keep.map((i) => batch.texts[i]);
  let bytes = Math.max(0, texts.length - 1);
  for (const text of texts) bytes += utf8Length(text);
  return { texts, lines: keep.map((i) => batch.lines[i]), dataLines: keep.map((i) => batch.dataLines[i]), bytes };
}

export function bodyText(batch: Batch): string {
  return batch.texts.join('\n');
}
