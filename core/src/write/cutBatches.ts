/**
 * Cutting the source into requests at data-line boundaries, on bytes: the byte splitter
 * (bytes/split.ts, the same lines as the core's text splitter, which the server's numbering
 * follows) finds each data line in the pieces read, and a batch's body is those lines' bytes joined
 * by '\n', exactly as read: a slice of the read piece when its lines lie side by side there, else
 * one copy. Nothing is decoded or encoded on the way; line N of a request is line N - 1 of its batch.
 */
import { ByteSplitter } from '../bytes/split';
import { encodeKeepingBytes, factsOf, hasKeptByte, isValidUtf8 } from '../bytes/utf8';
import { WireBatch, type BatchLimits } from './batch';

const LF = 10;

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

