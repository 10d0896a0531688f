/**
 * Cutting the source into requests at data-line boundaries, with the core's splitter (the same
 * one the server's numbering follows), so that line N of a request is `texts[N - 1]` of its batch.
 */
import type { DataLine } from '../api';
import { encodeKeepingBytes, factsOf, hasKeptByte, hexByte, keptByteAt, nextKeptByte, type ByteFacts } from '../bytes/utf8';
import { createSplitter, splitDataLines } from '../index';
import { countNewlines, utf8Length } from '../parse/chars';

/** One request's worth of data lines; each knows where it came from. */
export interface Batch {
  /** Data line texts, as cut by the splitter (leading whitespace skipped, a trailing `\r` kept). */
  readonly texts: readonly string[];
  /**
   * 1-based physical line in the document where each data line begins (`firstLine` applied); where
   * it ends is `endLineOf` (later when a string value holds line breaks).
   */
  readonly lines: readonly number[];
  /** 1-based data-line number in the source of each data line. */
  readonly dataLines: readonly number[];
  /**
   * Indices (in this batch, ascending) of the lines holding bytes that are not valid UTF-8, kept
   * as U+DC80–U+DCFF (bytes/utf8.ts); absent when there are none (the common case).
   */
  readonly keptBytes?: readonly number[];
}

export interface BatchLimits {
  readonly batchLines: number;
  readonly batchBytes: number;
}

/**
 * 1-based physical line where the batch's data line `index` ends: it begins on `lines[index]` and
 * spans one more line per line break in its text (a string value over several lines). Derived
 * from the text when an outcome is reported, so cutting batches pays nothing for it.
 */
export function endLineOf(batch: Batch, index: number): number {
  return batch.lines[index] + countNewlines(batch.texts[index]);
}

/** UTF-8 length of the body a batch is sent as (`texts.join('\n')`). */
export function batchBytes(batch: Pick<Batch, 'texts'>): number {
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
  private keptBytes: number[] | undefined;
  /** UTF-16 length of the body so far. */
  private chars = 0;
  /** Exact UTF-8 length of the body so far, once it had to be measured. */
  private bytes: number | undefined;
  private readonly ready: Batch[] = [];

  constructor(
    private readonly limits: BatchLimits,
    private readonly lineShift: number,
    /** Set for text decoded from bytes: lines are searched for kept bytes only once it found some. */
    private readonly facts?: ByteFacts,
  ) {}

  private fits(text: string): boolean {
    if (this.texts.length === 0) return true;
    if (this.texts.length >= this.limits.batchLines) return false;
    const chars = this.chars + 1 + text.length;
    if (chars * 3 <= this.limits.batchBytes) return true;
    this.bytes ??= batchBytes({ texts: this.texts });
    return this.bytes + 1 + utf8Length(text) <= this.limits.batchBytes;
  }

  add(line: DataLine): void {
    if (!this.fits(line.text)) this.flush();
    const separator = this.texts.length === 0 ? 0 : 1;
    if (this.facts !== undefined && this.facts.invalidBytes > 0 && hasKeptByte(line.text)) (this.keptBytes ??= []).push(this.texts.length);
    this.texts.push(line.text);
    this.lines.push(line.physicalLine + this.lineShift);
    this.dataLines.push(line.dataLine);
    this.chars += separator + line.text.length;
    if (this.bytes !== undefined) this.bytes += separator + utf8Length(line.text);
  }

  flush(): void {
    if (this.texts.length === 0) return;
    this.ready.push({ texts: this.texts, lines: this.lines, dataLines: this.dataLines, ...(this.keptBytes ? { keptBytes: this.keptBytes } : {}) });
    this.keptBytes = undefined;
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
  const builder = new BatchBuilder(limits, firstLine - 1, factsOf(source));
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
  const kept = batch.keptBytes?.filter((i) => i >= from && i < to).map((i) => i - from);
  return {
    texts: batch.texts.slice(from, to),
    lines: batch.lines.slice(from, to),
    dataLines: batch.dataLines.slice(from, to),
    ...(kept?.length ? { keptBytes: kept } : {}),
  };
}

/** The batch without the lines at the given indices (0-based within the batch). */
export function withoutIndices(batch: Batch, drop: ReadonlySet<number>): Batch {
  const keep: number[] = [];
  for (let i = 0; i < batch.texts.length; i++) if (!drop.has(i)) keep.push(i);
  return pickIndices(batch, keep);
}

/** The batch's lines at the given ascending indices. */
export function pickIndices(batch: Batch, indices: readonly number[]): Batch {
  const kept: number[] = [];
  if (batch.keptBytes) {
    const had = new Set(batch.keptBytes);
    indices.forEach((i, at) => had.has(i) && kept.push(at));
  }
  return {
    texts: indices.map((i) => batch.texts[i]),
    lines: indices.map((i) => batch.lines[i]),
    dataLines: indices.map((i) => batch.dataLines[i]),
    ...(kept.length > 0 ? { keptBytes: kept } : {}),
  };
}

export function bodyText(batch: Batch): string {
  return batch.texts.join('\n');
}

/**
 * The request body: the text (encoded natively by fetch or the compressor), or, when lines hold
 * kept bytes, the exact bytes of the source, so that what the server receives is what the file holds.
 */
export function bodyOf(batch: Batch): string | Uint8Array {
  const text = bodyText(batch);
  return batch.keptBytes ? encodeKeepingBytes(text) : text;
}

const lossy = new TextDecoder();

/**
 * The batch's texts as a server's answer quotes them once decoded (1.x's `unable to parse '…'`
 * quotes the bytes; the answer's decoder shows an invalid byte as U+FFFD), so that a quoted line
 * with such a byte is found among the lines sent.
 */
export function quotedTexts(batch: Batch): readonly string[] {
  if (!batch.keptBytes) return batch.texts;
  const texts = [...batch.texts];
  for (const i of batch.keptBytes) texts[i] = lossy.decode(encodeKeepingBytes(texts[i]));
  return texts;
}

/**
 * Why a data line with kept bytes is not sent to a server that takes only UTF-8 bodies (InfluxDB 3,
 * Cloud): `line` is the physical line where it begins.
 */
export function keptBytesReason(text: string, line: number, productLabel: string): string {
  const at = nextKeptByte(text);
  const newlines = countNewlines(text, 0, at);
  return (
    `not sent: byte ${hexByte(keptByteAt(text, at))} on line ${line + newlines} is not valid UTF-8, and ${productLabel} rejects a request whose body is ` +
    `not UTF-8 as a whole; this line was left out so that the other lines could be written. Save the file as UTF-8 ` +
    `(convert it from the encoding it was written in, e.g. Latin-1), check it with 'lp check', and write this line again.`
  );
}

/**
 * Batches with the lines that hold kept bytes taken out and handed to `refuse` (for a server that
 * rejects any body that is not UTF-8); batches left empty are skipped.
 */
export async function* withoutKeptBytes(batches: AsyncIterator<Batch>, refuse: (lines: Batch) => void): AsyncGenerator<Batch> {
  for (let next = await batches.next(); !next.done; next = await batches.next()) {
    const batch = next.value;
    if (!batch.keptBytes) {
      yield batch;
      continue;
    }
    refuse(pickIndices(batch, batch.keptBytes));
    const rest = withoutIndices(batch, new Set(batch.keptBytes));
    if (rest.texts.length > 0) yield rest;
  }
}
