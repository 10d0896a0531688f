/**
 * A request's data lines as bytes (`WireBatch`), the parts of it sent again (halves after a 413,
 * the lines left after a verdict), and the texts the answer judges read, decoded only when asked.
 * Cutting the source into batches is cutBatches.ts's job.
 */
import { decodeKeeping, encodeKeepingBytes, hexByte, keptByteAt, nextKeptByte } from '../bytes/utf8';
import { countNewlines } from '../parse/chars';

/**
 * The lines of a request as the answer judges read them (answers/*, locate.ts): plain data, so a
 * test can build one by hand; a `WireBatch` is one, decoding its texts only when they are asked for.
 */
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
   * Indices (in this batch, ascending) of the lines holding bytes that are not valid UTF-8 (kept
   * as U+DC80–U+DCFF in `texts`, bytes/utf8.ts); absent when there are none (the common case).
   */
  readonly keptBytes?: readonly number[];
}

export interface BatchLimits {
  readonly batchLines: number;
  readonly batchBytes: number;
}

const LF = 10;
const lenient = new TextDecoder();

/**
 * One request's worth of data lines as bytes: `body` is exactly what is sent (before gzip), line
 * `i` is `body[starts[i], ends[i])`, and where each begins and ends in the document, and its data-line
 * number, are kept in typed arrays (the rejected-line mapping needs them; nothing else does).
 */
export class WireBatch implements Batch {
  #texts: string[] | undefined;
  #lines: number[] | undefined;
  #dataLines: number[] | undefined;

  constructor(
    readonly body: Uint8Array,
    readonly starts: Uint32Array,
    readonly ends: Uint32Array,
    /** 1-based physical line where each data line begins. */
    readonly firstLines: Uint32Array,
    /** 1-based physical line where each data line ends. */
    readonly lastLines: Uint32Array,
    readonly dataLineNumbers: Uint32Array,
    readonly keptBytes?: readonly number[],
    /** The pooled buffer `body` was cut into (a batch the builder copied), for `BodyPool.release`. */
    readonly arena?: Uint8Array,
  ) {}

  get size(): number {
    return this.starts.length;
  }

  /** The bytes of line `i`. */
  bytesOf(i: number): Uint8Array {
    return this.body.subarray(this.starts[i], this.ends[i]);
  }

  /** The text of line `i`, decoded now (a byte that is not valid UTF-8 kept as U+DC80–U+DCFF). */
  text(i: number): string {
    return decodeKeeping(this.bytesOf(i));
  }

  /** Every line's text: for the judges of an error answer, decoded on first use. */
  get texts(): readonly string[] {
    return (this.#texts ??= Array.from({ length: this.size }, (_, i) => this.text(i)));
  }

  get lines(): readonly number[] {
    return (this.#lines ??= Array.from(this.firstLines));
  }

  get dataLines(): readonly number[] {
    return (this.#dataLines ??= Array.from(this.dataLineNumbers));
  }
}

/** How many data lines the batch holds (without decoding a WireBatch's texts). */
export function lineCount(batch: Batch): number {
  return batch instanceof WireBatch ? batch.size : batch.texts.length;
}

/** The text of the batch's data line `index` (a WireBatch decodes that line alone). */
export function textOf(batch: Batch, index: number): string {
  return batch instanceof WireBatch ? batch.text(index) : batch.texts[index];
}

/** 1-based physical line where the batch's data line `index` ends (after where it begins when a string value holds line breaks). */
export function endLineOf(batch: Batch, index: number): number {
  if (batch instanceof WireBatch) return batch.lastLines[index];
  return batch.lines[index] + countNewlines(batch.texts[index]);
}

/** Bytes of the body a batch is sent as (before gzip). */
export function batchBytes(batch: WireBatch): number {
  return batch.body.length;
}

/** Kept-byte indices of `batch` that fall in `indices`, renumbered by their position there. */
function keptAmong(batch: WireBatch, indices: readonly number[] | { readonly from: number; readonly to: number }): number[] | undefined {
  if (!batch.keptBytes) return undefined;
  const out: number[] = [];
  if ('from' in indices) {
    for (const i of batch.keptBytes) if (i >= indices.from && i < indices.to) out.push(i - indices.from);
  } else {
    const had = new Set(batch.keptBytes);
    indices.forEach((i, at) => had.has(i) && out.push(at));
  }
  return out.length > 0 ? out : undefined;
}

/** The batch's lines `from` (inclusive) to `to` (exclusive), e.g. a half after a 413: a slice of its body, no copy. */
export function sliceBatch(batch: WireBatch, from: number, to: number): WireBatch {
  const offset = batch.starts[from];
  const shift = (values: Uint32Array): Uint32Array => values.slice(from, to).map((v) => v - offset);
  return new WireBatch(
    batch.body.subarray(offset, batch.ends[to - 1]),
    shift(batch.starts),
    shift(batch.ends),
    batch.firstLines.slice(from, to),
    batch.lastLines.slice(from, to),
    batch.dataLineNumbers.slice(from, to),
    keptAmong(batch, { from, to }),
  );
}

/** The batch without the lines at the given indices (0-based within the batch). */
export function withoutIndices(batch: WireBatch, drop: ReadonlySet<number>): WireBatch {
  const keep: number[] = [];
  for (let i = 0; i < batch.size; i++) if (!drop.has(i)) keep.push(i);
  return pickIndices(batch, keep);
}

/** The batch's lines at the given ascending indices, their bytes copied into a body of their own. */
export function pickIndices(batch: WireBatch, indices: readonly number[]): WireBatch {
  const n = indices.length;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  let size = Math.max(0, n - 1);
  for (const i of indices) size += batch.ends[i] - batch.starts[i];
  const body = new Uint8Array(size);
  let at = 0;
  indices.forEach((i, k) => {
    if (k > 0) body[at++] = LF;
    starts[k] = at;
    body.set(batch.bytesOf(i), at);
    at += batch.ends[i] - batch.starts[i];
    ends[k] = at;
  });
  const pick = (values: Uint32Array): Uint32Array => Uint32Array.from(indices, (i) => values[i]);
  return new WireBatch(body, starts, ends, pick(batch.firstLines), pick(batch.lastLines), pick(batch.dataLineNumbers), keptAmong(batch, indices));
}

/** The request body as text (kept bytes as U+DC80–U+DCFF): for the local parser's judgements. */
export function bodyText(batch: Batch): string {
  return batch instanceof WireBatch ? decodeKeeping(batch.body) : batch.texts.join('\n');
}

/** The request body: the exact bytes of the source, so that what the server receives is what the file holds. */
export function bodyOf(batch: WireBatch): Uint8Array {
  return batch.body;
}

/**
 * The batch's texts as a server's answer quotes them once decoded (1.x's `unable to parse '…'`
 * quotes the bytes; the answer's decoder shows an invalid byte as U+FFFD), so that a quoted line
 * with such a byte is found among the lines sent.
 */
export function quotedTexts(batch: Batch): readonly string[] {
  if (!batch.keptBytes) return batch.texts;
  const texts = [...batch.texts];
  for (const i of batch.keptBytes) texts[i] = lenient.decode(batch instanceof WireBatch ? batch.bytesOf(i) : encodeKeepingBytes(texts[i]));
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
export async function* withoutKeptBytes(batches: AsyncIterator<WireBatch>, refuse: (lines: WireBatch) => void): AsyncGenerator<WireBatch> {
  for (let next = await batches.next(); !next.done; next = await batches.next()) {
    const batch = next.value;
    if (!batch.keptBytes) {
      yield batch;
      continue;
    }
    refuse(pickIndices(batch, batch.keptBytes));
    const rest = withoutIndices(batch, new Set(batch.keptBytes));
    if (rest.size > 0) yield rest;
  }
}
