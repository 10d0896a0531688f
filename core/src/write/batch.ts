/**
 * Cutting the source into requests at data-line boundaries, on bytes: the byte splitter
 * (bytes/split.ts, the same lines as the core's text splitter, which the server's numbering
 * follows) finds each data line in the pieces read, and a batch's body is those lines' bytes joined
 * by '\n', exactly as read: a slice of the read piece when its lines lie side by side there, else
 * one copy. Nothing is decoded or encoded on the way; line N of a request is line N - 1 of its batch.
 */
import { ByteSplitter } from '../bytes/split';
import { decodeKeeping, encodeKeepingBytes, factsOf, hasKeptByte, hexByte, isValidUtf8, keptByteAt, nextKeptByte } from '../bytes/utf8';
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

/** Growable typed arrays for the lines of the batch being cut. */
class Column {
  values: Uint32Array;
  constructor(capacity: number) {
    this.values = new Uint32Array(capacity);
  }
  set(i: number, value: number): void {
    if (i >= this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[i] = value;
  }
  /** The first `n` values in an array of their own (the column is reused for the next batch). */
  take(n: number): Uint32Array {
    return this.values.slice(0, n);
  }
}

/**
 * Buffers for batch bodies, used again once a batch is settled: a fresh 1 MB buffer costs its page
 * faults (measured: 196 bodies of 1 MB copied into fresh buffers took 72–295 ms, into reused ones
 * 5–11 ms). The pipeline releases a batch's buffer only when every line of it was answered by a
 * 2xx (the server read the whole body) and nothing else holds it (no halves, no re-sends).
 */
export class BodyPool {
  private readonly free: Uint8Array[] = [];

  constructor(
    /** Capacity of each pooled buffer: the largest body of several lines (`batchBytes`). */
    private readonly capacity: number,
    private readonly keep = 4,
  ) {}

  /** A buffer of at least `size` bytes (pooled when `size` fits the capacity). */
  take(size: number): { arena: Uint8Array | undefined; bytes: Uint8Array } {
    if (size > this.capacity) return { arena: undefined, bytes: new Uint8Array(size) };
    const arena = this.free.pop() ?? new Uint8Array(this.capacity);
    return { arena, bytes: arena.subarray(0, size) };
  }

  release(arena: Uint8Array | undefined): void {
    if (arena !== undefined && arena.length === this.capacity && this.free.length < this.keep) this.free.push(arena);
  }
}

/** A stretch of a read piece holding consecutive data lines separated by single '\n' bytes. */
interface Run {
  bytes: Uint8Array;
  start: number;
  end: number;
}

/**
 * Collects data lines into batches; `take()` hands over the finished ones. The byte limit is exact
 * (lengths are bytes). `mayBeInvalid` says whether the source may hold bytes that are not UTF-8:
 * only then are a finished batch's lines checked, to mark them (`keptBytes`).
 */
class BatchBuilder {
  private count = 0;
  private bodySize = 0;
  private runs: Run[] = [];
  private readonly starts: Column;
  private readonly ends: Column;
  private readonly firsts: Column;
  private readonly lasts: Column;
  private readonly datas: Column;
  private readonly ready: WireBatch[] = [];

  constructor(
    private readonly limits: BatchLimits,
    private readonly lineShift: number,
    private readonly mayBeInvalid: () => boolean,
    private readonly pool?: BodyPool,
  ) {
    const capacity = Math.min(limits.batchLines, 1024);
    this.starts = new Column(capacity);
    this.ends = new Column(capacity);
    this.firsts = new Column(capacity);
    this.lasts = new Column(capacity);
    this.datas = new Column(capacity);
  }

  readonly add = (bytes: Uint8Array, start: number, end: number, first: number, last: number, dataLine: number): void => {
    const length = end - start;
    if (this.count > 0 && (this.count >= this.limits.batchLines || this.bodySize + 1 + length > this.limits.batchBytes)) this.flush();
    const offset = this.count === 0 ? 0 : this.bodySize + 1;
    const run = this.runs.length > 0 ? this.runs[this.runs.length - 1] : undefined;
    if (run !== undefined && run.bytes === bytes && start === run.end + 1 && bytes[run.end] === LF) run.end = end;
    else this.runs.push({ bytes, start, end });
    const i = this.count++;
    this.starts.set(i, offset);
    this.ends.set(i, offset + length);
    this.firsts.set(i, first + this.lineShift);
    this.lasts.set(i, last + this.lineShift);
    this.datas.set(i, dataLine);
    this.bodySize = offset + length;
  };

  flush(): void {
    const n = this.count;
    if (n === 0) return;
    const { body, arena } = this.body();
    const starts = this.starts.take(n);
    const ends = this.ends.take(n);
    let kept: number[] | undefined;
    if (this.mayBeInvalid() && !isValidUtf8(body)) {
      kept = [];
      for (let i = 0; i < n; i++) if (!isValidUtf8(body.subarray(starts[i], ends[i]))) kept.push(i);
    }
    this.ready.push(new WireBatch(body, starts, ends, this.firsts.take(n), this.lasts.take(n), this.datas.take(n), kept, arena));
    this.count = 0;
    this.bodySize = 0;
    this.runs = [];
  }

  /** The lines joined by '\n': the read piece itself when they lie side by side in it, else one copy. */
  private body(): { body: Uint8Array; arena?: Uint8Array } {
    if (this.runs.length === 1) {
      const run = this.runs[0];
      return { body: run.bytes.subarray(run.start, run.end) };
    }
    const { arena, bytes: body } = this.pool ? this.pool.take(this.bodySize) : { arena: undefined, bytes: new Uint8Array(this.bodySize) };
    let at = 0;
    for (const run of this.runs) {
      if (at > 0) body[at++] = LF;
      body.set(run.bytes.subarray(run.start, run.end), at);
      at += run.end - run.start;
    }
    return { body, arena };
  }

  take(): WireBatch[] {
    return this.ready.splice(0, this.ready.length);
  }
}

/** All batches of bytes held in memory. */
export function batchesOfBytes(bytes: Uint8Array, limits: BatchLimits, firstLine = 1, mayBeInvalid = true): { batches: WireBatch[]; lines: number } {
  const builder = new BatchBuilder(limits, firstLine - 1, () => mayBeInvalid);
  const splitter = new ByteSplitter(builder.add);
  splitter.push(bytes);
  splitter.end();
  builder.flush();
  return { batches: builder.take(), lines: splitter.dataLines };
}

/**
 * All batches of a text held in memory (the editor's document): encoded once, each byte the text
 * keeps as U+DC80–U+DCFF (a file read keeping its bytes) turned back into that byte.
 */
export function batchesOfText(text: string, limits: BatchLimits, firstLine = 1): { batches: WireBatch[]; lines: number } {
  return batchesOfBytes(encodeKeepingBytes(text), limits, firstLine, hasKeptByte(text));
}

/** Text pieces as bytes; a surrogate pair split between two pieces is encoded whole. */
async function* bytesOfPieces(source: AsyncIterable<string | Uint8Array>, sawKeptByte: () => void, sawBytes: () => void): AsyncGenerator<Uint8Array> {
  let high = '';
  for await (const piece of source) {
    if (typeof piece !== 'string') {
      sawBytes();
      yield piece;
      continue;
    }
    let text = high + piece;
    high = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      high = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (hasKeptByte(text)) sawKeptByte();
    if (text !== '') yield encodeKeepingBytes(text);
  }
  if (high !== '') yield encodeKeepingBytes(high);
}

/**
 * Batches of a source arriving in pieces (bytes read from disk, or text); memory stays bounded by
 * one piece plus one batch. A source with `facts` (bytes/utf8.ts) says whether it met bytes that
 * are not UTF-8; bytes from elsewhere are checked batch by batch.
 */
export async function* batchesOfStream(source: AsyncIterable<string | Uint8Array>, limits: BatchLimits, firstLine = 1, pool?: BodyPool): AsyncGenerator<WireBatch> {
  const facts = factsOf(source);
  let keptInText = false;
  let rawBytes = false;
  const mayBeInvalid = facts ? () => facts.invalidBytes > 0 : () => keptInText || rawBytes;
  const builder = new BatchBuilder(limits, firstLine - 1, mayBeInvalid, pool);
  const splitter = new ByteSplitter(builder.add);
  const pieces = bytesOfPieces(
    source,
    () => (keptInText = true),
    () => (rawBytes = true),
  );
  for await (const piece of pieces) {
    splitter.push(piece);
    yield* builder.take();
  }
  splitter.end();
  builder.flush();
  yield* builder.take();
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
