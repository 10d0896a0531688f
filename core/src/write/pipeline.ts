/**
 * `writeLineProtocol`: the source cut into batches at data-line boundaries, as bytes (batch.ts: the
 * read pieces are sliced, never decoded), sent one request at a time (each answer awaited before the
 * next request, so writes land in order), the next batch cut and compressed while the current
 * request waits. Sending a batch and reading its answers is the writer's job (writer.ts); this
 * module drives the stream and settles what was not sent.
 */
import { PROFILES } from '../products';
import { bodyOf, keptBytesReason, sliceBatch, withoutKeptBytes, type WireBatch } from './batch';
import { batchesOfBytes, batchesOfStream, batchesOfText, BodyPool } from './cutBatches';
import { encodeBody, gzipWithStreams } from './compress';
import { ConnectionError } from './endpoint';
import { ReportBuilder } from './report';
import { credentialProblem, Scrubber } from './secrets';
import { asClause, Stop } from './stop';
import type { Connection, WriteOptions, WriteReport } from './types';
import { BatchWriter, type Prepared } from './writer';

/**
 * Batches read and compressed ahead of the request in flight: the next batches are cut and handed
 * to the compressor (zlib's thread pool, so two compress at once on two cores) while the current
 * request waits for its answer. Two: measured on 2 cores with gzip (1M lines, best of 3), 1 ahead
 * took 2.10 s, 2 ahead 1.79 s, 3 ahead 1.69 s; a step costs one batch of bytes (about 1 MB at 5,000
 * lines) and its gzip, now that a batch is bytes rather than strings.
 */
const LOOKAHEAD = 2;

/**
 * Writes line protocol and reports, for every data line, whether it was written, rejected (and
 * why) or not sent (and why). Never throws for a server or network problem: those end up in the
 * report (`failure`, `notSent`). Throws only if reading the source fails.
 *
 * Decisions worth knowing:
 * - 413: the batch is split in half and each half sent, down to single lines; a single line still
 *   too large is not sent, with the reason.
 * - A whole request refused for some of its lines (OSS 2.x parse errors, a Cloud schema conflict):
 *   those lines are rejected, and the other lines are sent again without them (they were not
 *   stored by the refused request, so this is the retry of a failed request, not a duplicate).
 * - 429/503/504: waits `Retry-After` seconds (else exponential backoff with jitter); 500 and
 *   network errors/timeouts: backoff; both bounded by `maxRetries` and `maxRetryTimeMs`, after which
 *   the write stops and the remaining lines are reported as not sent.
 * - Redirects are followed only within the same origin; a redirect elsewhere stops the write
 *   (credentials are never sent to another origin).
 */
export async function writeLineProtocol(
  source: string | Uint8Array | AsyncIterable<string | Uint8Array>,
  connection: Connection,
  options: WriteOptions,
): Promise<WriteReport> {
  const limits = { batchLines: Math.max(1, connection.batchLines), batchBytes: Math.max(1, connection.batchBytes) };
  let total: number | undefined;
  let batches: AsyncIterator<WireBatch>;
  const pool = new BodyPool(limits.batchBytes);
  if (typeof source === 'string' || source instanceof Uint8Array) {
    // Held in memory (the editor's document: encoded once here): cut at once, so the total is known.
    const all = typeof source === 'string' ? batchesOfText(source, limits, options.firstLine) : batchesOfBytes(source, limits, options.firstLine);
    total = all.lines;
    batches = (async function* () {
      yield* all.batches;
    })();
  } else {
    batches = batchesOfStream(source, limits, options.firstLine, pool)[Symbol.asyncIterator]();
  }
  const scrubber = new Scrubber();
  scrubber.add(options.credentials);
  const report = new ReportBuilder(total, options.onProgress, (text) => scrubber.scrub(text));
  if (PROFILES[connection.product].parser === 'v3') {
    // InfluxDB 3 and Cloud refuse a body that is not UTF-8 whole (line-protocol.md §2): lines with
    // bytes that are not UTF-8 are left out, each with the reason; 1.x and 2.x store them as they are.
    const label = PROFILES[connection.product].label;
    batches = withoutKeptBytes(batches, (lines) => {
      for (let i = 0; i < lines.size; i++) report.notSent(sliceBatch(lines, i, i + 1), keptBytesReason(lines.text(i), lines.firstLines[i], label));
    });
  }
  const compress = connection.gzip ? (options.compress ?? gzipWithStreams) : undefined;
  const prepare = async (batch: WireBatch): Promise<Prepared> => ({ batch, body: await encodeBody(bodyOf(batch), compress) });
  const fromSource = async (): Promise<Prepared | undefined> => {
    const next = await batches.next();
    return next.done ? undefined : prepare(next.value);
  };

  let stop: Stop | undefined;
  let writer: BatchWriter | undefined;
  try {
    writer = new BatchWriter(connection, options, report, scrubber);
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    stop = new Stop(error.message);
  }
  const problem = credentialProblem(options.credentials);
  if (!stop && problem !== undefined) stop = new Stop(problem);
  const pending: WireBatch[] = [];
  const ahead: Promise<Prepared | undefined>[] = [];
  const refill = (): void => {
    while (ahead.length < LOOKAHEAD) {
      const next = fromSource();
      // Kept from being an unhandled rejection while it waits its turn; awaited below.
      next.catch(() => undefined);
      ahead.push(next);
    }
  };
  if (writer && !stop) {
    for (;;) {
      const front = pending.shift();
      // Normally full already: the batches ahead were cut while the last request was in flight.
      if (!front) refill();
      const item = front ? await prepare(front) : await ahead.shift();
      if (!item) break;
      const sending = writer.send(item);
      // Keep the next batches being cut and compressed while this request waits for its answer, but
      // only once it is on its way (Node's HTTP client writes it on a later tick): cutting is work on
      // this thread, and done first it would keep the server waiting for the request.
      const later = front ? undefined : setTimeout(refill, 0);
      try {
        const next = await sending.finally(() => clearTimeout(later));
        pending.unshift(...next);
        // Settled by a 2xx (the server read the whole body) and cut into nothing else: its buffer
        // serves a later batch.
        const status = writer.lastStatus;
        if (next.length === 0 && status !== undefined && status >= 200 && status < 300) pool.release(item.batch.arena);
      } catch (error) {
        if (!(error instanceof Stop)) throw error;
        stop = error;
        if (error.unconfirmed !== undefined) report.unconfirmed(item.batch, error.unconfirmed);
        else report.notSent(item.batch, error.cancelled ? 'not sent: the write was cancelled' : `not written: ${asClause(error.message)}`);
        break;
      }
    }
  }

  if (stop) {
    report.fail({ message: stop.message, status: stop.status, cancelled: stop.cancelled || undefined });
    const reason = stop.cancelled ? 'not sent: the write was cancelled' : `not sent: the write stopped before this line (${asClause(stop.message)})`;
    for (const batch of pending) report.notSent(batch, reason);
    for (const next of ahead) {
      const rest = await next;
      if (rest) report.notSent(rest.batch, reason);
    }
    for (let next = await batches.next(); !next.done; next = await batches.next()) report.notSent(next.value, reason);
  } else {
    // The source is exhausted; settle the look-ahead reads (they found nothing more).
    await Promise.all(ahead);
  }
  return report.finish(writer?.requests ?? 0);
}
