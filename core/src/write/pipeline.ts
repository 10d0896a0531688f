/**
 * `writeLineProtocol`: the source cut into batches at data-line boundaries, sent one request at a
 * time (each answer awaited before the next request, so writes land in order), the next batch read
 * and compressed while the current request waits, every answer turned into per-line outcomes.
 */
import { PROFILES } from '../products';
import { judgeAnswer, type Verdict } from './answers/verdict';
import { batchBytes, batchesOfStream, batchesOfText, bodyOf, keptBytesReason, sliceBatch, withoutIndices, withoutKeptBytes, type Batch } from './batch';
import { encodeBody, gzipWithStreams } from './compress';
import { authorization, ConnectionError, redactUrl, targetNames, writeUrl } from './endpoint';
import { ReportBuilder } from './report';
import { backoffMs, retryAfterMs } from './retry';
import { attempt, TransportError, type Answer } from './transport';
import type { Connection, Credentials, WriteOptions, WriteReport } from './types';
import { errorMessage } from './answers/body';
import { parseIoxErrors, parseIoxRetention } from './answers/iox';

interface Prepared {
  readonly batch: Batch;
  readonly body: string | Uint8Array;
}

/** Bytes on the wire (measured only when asked: for a log entry or a message). */
function wireBytes(item: Prepared): number {
  return typeof item.body === 'string' ? batchBytes(item.batch) : item.body.byteLength;
}

/**
 * Batches read and compressed ahead of the request in flight: the next batch is cut and handed to
 * the compressor (zlib's thread pool) while the current request waits for its answer. One is
 * enough: measured on 2 cores, more look-ahead did not write faster but each step added about
 * 20 MB of peak memory (the 1 GB goal is under 200 MB).
 */
const LOOKAHEAD = 1;

/** Stops the whole write: the current batch and everything after it are not sent. */
class Stop extends Error {
  override readonly name = 'Stop';
  constructor(
    message: string,
    readonly status?: number,
    readonly cancelled = false,
  ) {
    super(message);
  }
}

const MAX_CREDENTIAL_PROMPTS = 5;

function describeBatch(batch: Batch): string {
  const first = batch.lines[0];
  const last = batch.lines[batch.lines.length - 1];
  return first === last ? `the request with line ${first}` : `the request with lines ${first}–${last}`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
async function interruptibleSleep(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) {
    await sleep(ms);
    return true;
  }
  if (signal.aborted) return false;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sleep(ms).then(() => true as const), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

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
  source: AsyncIterable<string> | string,
  connection: Connection,
  options: WriteOptions,
): Promise<WriteReport> {
  const limits = { batchLines: Math.max(1, connection.batchLines), batchBytes: Math.max(1, connection.batchBytes) };
  let total: number | undefined;
  let batches: AsyncIterator<Batch>;
  if (typeof source === 'string') {
    const all = batchesOfText(source, limits, options.firstLine);
    total = all.lines;
    batches = (async function* () {
      yield* all.batches;
    })();
  } else {
    batches = batchesOfStream(source, limits, options.firstLine)[Symbol.asyncIterator]();
  }
  const report = new ReportBuilder(total, options.onProgress);
  if (PROFILES[connection.product].parser === 'v3') {
    // InfluxDB 3 and Cloud refuse a body that is not UTF-8 whole (line-protocol.md §2): lines with
    // bytes that are not UTF-8 are left out, each with the reason; 1.x and 2.x store them as they are.
    const label = PROFILES[connection.product].label;
    batches = withoutKeptBytes(batches, (lines) => {
      for (let i = 0; i < lines.texts.length; i++) report.notSent(sliceBatch(lines, i, i + 1), keptBytesReason(lines.texts[i], lines.lines[i], label));
    });
  }
  const writer = new BatchWriter(connection, options, report);
  const compress = connection.gzip ? (options.compress ?? gzipWithStreams) : undefined;
  const prepare = async (batch: Batch): Promise<Prepared> => ({ batch, body: await encodeBody(bodyOf(batch), compress) });
  const fromSource = async (): Promise<Prepared | undefined> => {
    const next = await batches.next();
    return next.done ? undefined : prepare(next.value);
  };

  let stop: Stop | undefined;
  try {
    writer.checkConnection();
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    stop = new Stop(error.message);
  }
  const pending: Batch[] = [];
  const ahead: Promise<Prepared | undefined>[] = [];
  const refill = (): void => {
    while (ahead.length < LOOKAHEAD) {
      const next = fromSource();
      // Kept from being an unhandled rejection while it waits its turn; awaited below.
      next.catch(() => undefined);
      ahead.push(next);
    }
  };
  if (!stop) {
    refill();
    for (;;) {
      const front = pending.shift();
      const item = front ? await prepare(front) : await ahead.shift();
      if (!item) break;
      // Keep the next batches being cut and compressed while this request waits for its answer.
      if (!front) refill();
      try {
        pending.unshift(...(await writer.send(item)));
      } catch (error) {
        if (!(error instanceof Stop)) throw error;
        stop = error;
        report.notSent(item.batch, error.cancelled ? 'not sent: the write was cancelled' : `not written: ${error.message}`);
        break;
      }
    }
  }

  if (stop) {
    report.fail({ message: stop.message, status: stop.status, cancelled: stop.cancelled || undefined });
    const reason = stop.cancelled ? 'not sent: the write was cancelled' : `not sent: the write stopped before this line (${stop.message})`;
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
  return report.finish(writer.requests);
}

/** Sends one batch with retries, re-authentication, splitting; returns batches to send next. */
class BatchWriter {
  requests = 0;
  private credentials: Credentials;
  private readonly profile;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private url: URL | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly options: WriteOptions,
    private readonly report: ReportBuilder,
  ) {
    this.credentials = options.credentials;
    this.profile = PROFILES[connection.product];
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  checkConnection(): void {
    this.url = writeUrl(this.connection);
  }

  private headers(gzip: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'Content-Type': 'text/plain; charset=utf-8' };
    if (gzip) headers['Content-Encoding'] = 'gzip';
    const auth = authorization(this.connection, this.credentials);
    if (auth !== undefined) headers.Authorization = auth;
    return headers;
  }

  private cancelled(): boolean {
    return this.options.signal?.aborted === true;
  }

  async send(item: Prepared): Promise<Batch[]> {
    const url = this.url as URL;
    const { batch } = item;
    let retries = 0;
    let waitedMs = 0;
    let prompts = 0;
    const retryOrStop = async (why: string, retryAfter: number | undefined, status?: number): Promise<void> => {
      retries++;
      const delay = retryAfter ?? backoffMs(retries - 1, this.random);
      if (retries > this.connection.maxRetries) {
        throw new Stop(`${why}; gave up after ${this.connection.maxRetries} retries`, status);
      }
      if (waitedMs + delay > this.connection.maxRetryTimeMs) {
        throw new Stop(`${why}; the next retry (in ${Math.ceil(delay / 1000)} s) would exceed the retry time limit of ${Math.round(this.connection.maxRetryTimeMs / 1000)} s`, status);
      }
      waitedMs += delay;
      if (!(await interruptibleSleep(this.sleep, delay, this.options.signal))) throw new Stop('cancelled', undefined, true);
    };

    for (;;) {
      if (this.cancelled()) throw new Stop('cancelled', undefined, true);
      const started = this.now();
      let answer: Answer;
      this.requests++;
      try {
        answer = await attempt({ url, body: item.body, headers: this.headers(this.connection.gzip), timeoutMs: this.connection.timeoutMs, fetch: this.fetch });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        this.log(url.toString(), undefined, item, started, retries, error.message);
        if (!error.retryable) throw new Stop(error.message);
        await retryOrStop(error.message, undefined);
        continue;
      }
      const status = answer.status;
      const summary = status >= 300 ? errorMessage(answer.body, answer.influxError) : undefined;
      this.log(answer.url, status, item, started, retries, summary);
      const names = `${targetNames(this.connection)} at ${answer.url}`;
      const said = summary ? `: ${summary}` : '';

      if (status >= 200 && status < 300) {
        if (answer.body.trim() === '') this.report.written(batch.texts.length);
        else return this.apply(batch, status, answer);
        this.report.progress(this.requests);
        return [];
      }
      if (status === 400 || status === 422) return this.apply(batch, status, answer);
      if (status === 401) {
        const next = prompts < MAX_CREDENTIAL_PROMPTS ? await this.options.onUnauthorized?.() : undefined;
        prompts++;
        if (next) {
          this.credentials = next;
          continue;
        }
        throw new Stop(`the server answered 401 Unauthorized for ${names}${said}. Check the token (or username and password) and that it may write there.`, 401);
      }
      if (status === 403) {
        // IOx answers 403 for points outside the retention period: per line, or naming no line.
        if (this.profile.dialect === 'iox' && (parseIoxErrors(summary ?? '').length > 0 || parseIoxRetention(summary ?? '') !== undefined)) return this.apply(batch, status, answer);
        throw new Stop(`the server answered 403 Forbidden for ${names}${said}. The credentials are valid but may not write there: grant write permission on it.`, 403);
      }
      if (status === 404) {
        throw new Stop(`the server answered 404 Not Found for ${names}${said}. Check the ${this.connection.product === 'v1' ? 'database' : 'bucket/database'} name${this.profile.needsOrg ? ' and the org' : ''} (create it first if needed) and the server URL and product.`, 404);
      }
      if (status === 413) {
        if (batch.texts.length === 1) {
          this.report.notSent(batch, `not sent: the line is larger than the server accepts in one request (413 Request Entity Too Large${said}, ${wireBytes(item)} bytes)`);
          this.report.progress(this.requests);
          return [];
        }
        const half = Math.ceil(batch.texts.length / 2);
        return [sliceBatch(batch, 0, half), sliceBatch(batch, half, batch.texts.length)];
      }
      if (status === 429 || status === 503 || status === 504) {
        const after = retryAfterMs(answer.retryAfter, this.now());
        await retryOrStop(`the server answered ${status} (${status === 429 ? 'too many requests' : 'unavailable'})${said} for ${names}`, after, status);
        continue;
      }
      if (status >= 500) {
        await retryOrStop(`the server answered ${status}${said} for ${names}`, undefined, status);
        continue;
      }
      throw new Stop(`unexpected answer ${status}${said} from ${answer.url}. Check the server URL and the product it is set to (${this.profile.label}).`, status);
    }
  }

  /** A 400/422 (or a 2xx with a body): per-line outcomes; lines to send again when the request was refused whole. */
  private apply(batch: Batch, status: number, answer: Answer): Batch[] {
    const verdict: Verdict = judgeAnswer(answer.body, answer.influxError, batch, {
      dialect: this.profile.dialect,
      parse: { target: this.profile.parser, stringLimit: this.profile.stringLimit },
      describeBatch: describeBatch(batch),
      precision: this.connection.precision,
    });
    for (const warning of verdict.warnings) this.report.warn(warning);
    const ok = status >= 200 && status < 300;
    if (verdict.rejected.size === 0) {
      if (ok) this.report.written(batch.texts.length);
      else if (verdict.othersWritten) {
        // A partial write whose dropped points cannot be located: the rest is stored; say so.
        this.report.written(batch.texts.length);
        this.report.warn(`The server answered ${status} for ${describeBatch(batch)} (${verdict.message.trim()}): it stored the other points but named none of the dropped ones. Check the lines of that request.`);
      } else {
        const message = verdict.message.trim() || '(no message)';
        this.report.notSent(batch, `not written: the server answered ${status} without naming a line: ${message}`);
      }
      this.report.progress(this.requests);
      return [];
    }
    this.report.rejected(batch, verdict.rejected, status);
    const others = batch.texts.length - verdict.rejected.size;
    if (verdict.othersWritten || ok) {
      this.report.written(others);
      this.report.progress(this.requests);
      return [];
    }
    this.report.progress(this.requests);
    return others > 0 ? [withoutIndices(batch, new Set(verdict.rejected.keys()))] : [];
  }

  private log(url: string, status: number | undefined, item: Prepared, started: number, retries: number, error: string | undefined): void {
    if (!this.options.log) return;
    this.options.log({
      url: redactUrl(url),
      status,
      error,
      bytes: wireBytes(item),
      lines: item.batch.texts.length,
      durationMs: this.now() - started,
      retries,
    });
  }
}
