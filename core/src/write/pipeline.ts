/**
 * `writeLineProtocol`: the source cut into batches at data-line boundaries, sent one request at a
 * time (each answer awaited before the next request, so writes land in order), the next batch read
 * and compressed while the current request waits, every answer turned into per-line outcomes.
 */
import { parseLineProtocol } from '../index';
import { PROFILES } from '../products';
import { judgeAnswer, type Unaccounted, type Verdict } from './answers/verdict';
import { byReason, locateDropped, type ProbeAnswer } from './locate';
import { batchBytes, batchesOfStream, batchesOfText, bodyOf, bodyText, keptBytesReason, pickIndices, sliceBatch, withoutIndices, withoutKeptBytes, type Batch } from './batch';
import { encodeBody, gzipWithStreams } from './compress';
import { authorization, ConnectionError, redactUrl, targetNames, writeUrl } from './endpoint';
import { ReportBuilder } from './report';
import { credentialProblem, Scrubber } from './secrets';
import { backoffMs, retryAfterMs } from './retry';
import { attempt, TransportError, type Answer } from './transport';
import type { Connection, Credentials, WriteOptions, WriteReport } from './types';
import { errorMessage } from './answers/body';
import { parseIoxErrors, parseIoxRetention } from './answers/iox';
import { parseIoxServiceLimit } from './answers/serviceLimits';

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

/**
 * Stops the whole write: everything after the current batch is not sent; the current batch is not
 * sent either, unless an attempt of it may have reached the server (`unconfirmed` says why).
 */
class Stop extends Error {
  override readonly name = 'Stop';
  constructor(
    message: string,
    readonly status?: number,
    readonly cancelled = false,
    /** Set when the current batch may be stored: the reason its lines are unconfirmed. */
    readonly unconfirmed?: string,
  ) {
    super(message);
  }
}

const CANCELLED = 'Write cancelled.';

/** A message (sentences) put after a colon or in brackets: first letter lower case, no final period. */
function asClause(message: string): string {
  return message.replace(/\.$/, '').replace(/^[A-Z](?=[a-z ])/, (c) => c.toLowerCase());
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
  const scrubber = new Scrubber();
  scrubber.add(options.credentials);
  const report = new ReportBuilder(total, options.onProgress, (text) => scrubber.scrub(text));
  if (PROFILES[connection.product].parser === 'v3') {
    // InfluxDB 3 and Cloud refuse a body that is not UTF-8 whole (line-protocol.md §2): lines with
    // bytes that are not UTF-8 are left out, each with the reason; 1.x and 2.x store them as they are.
    const label = PROFILES[connection.product].label;
    batches = withoutKeptBytes(batches, (lines) => {
      for (let i = 0; i < lines.texts.length; i++) report.notSent(sliceBatch(lines, i, i + 1), keptBytesReason(lines.texts[i], lines.lines[i], label));
    });
  }
  const writer = new BatchWriter(connection, options, report, scrubber);
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
  const problem = credentialProblem(options.credentials);
  if (!stop && problem !== undefined) stop = new Stop(problem);
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
  /**
   * True once the server was reached in this write (it answered, or a request left): a refused
   * connection after that is a server going away or restarting, worth retrying.
   */
  private reached = false;

  constructor(
    private readonly connection: Connection,
    private readonly options: WriteOptions,
    private readonly report: ReportBuilder,
    private readonly scrubber: Scrubber,
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

  /**
   * True when every line of the batch carries its own timestamp: sending the request again then
   * rewrites identical points (same series and time), which overwrite themselves. A line without
   * one would be stored a second time at the server's new time; a line the parser refuses counts
   * as without (we cannot vouch for how the server reads it).
   */
  private allTimestamped(batch: Batch): boolean {
    const doc = parseLineProtocol(bodyText(batch), { target: this.profile.parser, stringLimit: this.profile.stringLimit });
    for (let i = 0; i < doc.count; i++) {
      const result = doc.result(i);
      if (!result.ok || result.point.timestamp === undefined) return false;
    }
    return true;
  }

  async send(item: Prepared): Promise<Batch[]> {
    const url = this.url as URL;
    const { batch } = item;
    let retries = 0;
    let waitedMs = 0;
    let prompts = 0;
    /** Why an earlier attempt of this batch may have stored it (then a stop leaves it unconfirmed). */
    let maybeStored: string | undefined;
    const stop = (message: string, status?: number, cancelled = false): Stop => new Stop(message, status, cancelled, maybeStored === undefined ? undefined : `unconfirmed: ${maybeStored}`);
    const retryOrStop = async (why: string, short: string, retryAfter: number | undefined, status?: number): Promise<void> => {
      retries++;
      const delay = retryAfter ?? backoffMs(retries - 1, this.random);
      const max = this.connection.maxRetries;
      if (retries > max) throw stop(`${why} Gave up after ${max} ${max === 1 ? 'retry' : 'retries'}.`, status);
      if (waitedMs + delay > this.connection.maxRetryTimeMs) {
        throw stop(`${why} The next retry (in ${Math.ceil(delay / 1000)} s) would exceed the retry time limit of ${Math.round(this.connection.maxRetryTimeMs / 1000)} s.`, status);
      }
      waitedMs += delay;
      this.options.onWait?.({ reason: this.scrubber.scrub(short), delayMs: delay, attempt: retries + 1, maxAttempts: max + 1 });
      if (!(await interruptibleSleep(this.sleep, delay, this.options.signal))) throw stop(CANCELLED, undefined, true);
    };
    /**
     * The request may have been stored without an answer saying so: sent again only when that
     * cannot store a point twice, else its lines are unconfirmed and the write stops (so that
     * everything after them is plainly not sent, and the server is not asked again and again).
     */
    const maybeStoredThen = async (message: string, short: string, status?: number): Promise<void> => {
      // "No answer from U within T ms (timeout). Raise the timeout…": the event, then its advice.
      const [event, ...advice] = message.split(/\.\s+(?=[A-Z])/);
      const what = event.replace(/\.$/, '');
      const hint = advice.length > 0 ? ` ${advice.join('. ').replace(/\.?$/, '.')}` : '';
      maybeStored = `${describeBatch(batch)} was sent but ${asClause(what)}; the server may or may not have stored these points`;
      if (!this.allTimestamped(batch)) {
        throw stop(
          `${what} for ${describeBatch(batch)}: the server may or may not have stored its points (unconfirmed). It is not sent again because some of its lines have no timestamp (the server would store them a second time, at a new time). The write stopped there; later lines were not sent.${hint}`,
          status,
        );
      }
      await retryOrStop(`${what} for ${describeBatch(batch)}.${hint}`, short, undefined, status);
    };

    for (;;) {
      if (this.cancelled()) throw stop(CANCELLED, undefined, true);
      const started = this.now();
      let answer: Answer;
      this.requests++;
      try {
        answer = await attempt({ url, body: item.body, headers: this.headers(this.connection.gzip), timeoutMs: this.connection.timeoutMs, fetch: this.fetch, signal: this.options.signal });
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        if (error.failure === 'cancelled') {
          this.log(url.toString(), undefined, item, started, retries, error.maybeDelivered ? 'cancelled while the request was in flight: the server may have stored it' : 'cancelled before the request left');
          if (error.maybeDelivered) maybeStored = `${describeBatch(batch)} was in flight when the write was cancelled; the server may or may not have stored these points`;
          throw stop(CANCELLED, undefined, true);
        }
        if (error.maybeDelivered) {
          this.reached = true;
          const again = this.allTimestamped(batch);
          this.log(
            url.toString(),
            undefined,
            item,
            started,
            retries,
            `${error.message}${again ? ' Every line of the request has a timestamp, so sending it again is harmless: identical points overwrite themselves.' : ''}`,
          );
          await maybeStoredThen(error.message, error.short);
          continue;
        }
        this.log(url.toString(), undefined, item, started, retries, error.message);
        // Nothing reached the server. At the first request that means a wrong URL or a server that
        // is not running: say so at once. Later (it answered before) it may be restarting: retry.
        if (error.failure === 'unreachable' && this.reached) {
          await retryOrStop(error.message, error.short, undefined);
          continue;
        }
        throw stop(error.failure === 'tls' || error.message.includes('Nothing was sent') ? error.message : `${error.message} Nothing was sent.`);
      }
      this.reached = true;
      const status = answer.status;
      const summary = status >= 300 ? errorMessage(answer.body, answer.influxError) : undefined;
      // A 500/504 may come after the points were stored (below): say why sending again is harmless.
      const maybeProcessed = status >= 500 && status !== 503;
      const resendable = maybeProcessed && this.allTimestamped(batch);
      this.log(answer.url, status, item, started, retries, resendable ? `${summary ?? ''} (every line of the request has a timestamp, so sending it again is harmless: identical points overwrite themselves)` : summary);
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
          this.scrubber.add(next);
          const problem = credentialProblem(next);
          if (problem !== undefined) throw stop(problem, 401);
          this.credentials = next;
          continue;
        }
        throw stop(`The server answered 401 Unauthorized for ${names}${said}. Check the token (or username and password) and that it may write there.`, 401);
      }
      if (status === 403) {
        // IOx answers 403 for points outside the retention period: per line, or naming no line.
        if (this.profile.dialect === 'iox' && (parseIoxErrors(summary ?? '').length > 0 || parseIoxRetention(summary ?? '') !== undefined)) return this.apply(batch, status, answer);
        throw stop(`The server answered 403 Forbidden for ${names}${said}. The credentials are valid but may not write there: grant write permission on it.`, 403);
      }
      if (status === 404) {
        throw stop(`The server answered 404 Not Found for ${names}${said}. Check the ${this.connection.product === 'v1' ? 'database' : 'bucket/database'} name${this.profile.needsOrg ? ' and the org' : ''} (create it first if needed) and the server URL and product.`, 404);
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
      // Older IOx routers answer a service limit (columns, tables) with 429 and no Retry-After: it never resets.
      if (status === 429 && this.profile.dialect === 'iox' && parseIoxServiceLimit(summary ?? '') !== undefined) return this.apply(batch, status, answer);
      if (status === 429 || status === 503) {
        // Refused before processing (rate limit, overload): nothing was stored, sending again is safe.
        const after = retryAfterMs(answer.retryAfter, this.now());
        const short = status === 429 ? 'Server busy (429)' : 'Server unavailable (503)';
        await retryOrStop(`The server answered ${status} (${status === 429 ? 'too many requests' : 'unavailable'})${said} for ${names}.`, short, after, status);
        continue;
      }
      if (status >= 500) {
        // A 500 or a gateway's 504 may come after the write was processed (a proxy that gave up
        // waiting, 1.x's "timeout" while the points are being stored): like no answer at all.
        const after = status === 504 ? retryAfterMs(answer.retryAfter, this.now()) : undefined;
        const what = `The server answered ${status}${said}`;
        maybeStored = `${describeBatch(batch)} was sent but ${asClause(what)}; the server may or may not have stored these points`;
        if (!resendable) await maybeStoredThen(what, `Server error (${status})`, status);
        else await retryOrStop(`The server answered ${status}${said} for ${names}.`, status === 504 ? 'Gateway timeout (504)' : `Server error (${status})`, after, status);
        continue;
      }
      throw stop(`Unexpected answer ${status}${said} from ${answer.url}. Check the server URL and the product it is set to (${this.profile.label}).`, status);
    }
  }

  /** A 400/422 (or a 2xx with a body): per-line outcomes; lines to send again when the request was refused whole. */
  private async apply(batch: Batch, status: number, answer: Answer): Promise<Batch[]> {
    let verdict: Verdict = judgeAnswer(answer.body, answer.influxError, batch, {
      dialect: this.profile.dialect,
      parse: { target: this.profile.parser, stringLimit: this.profile.stringLimit },
      describeBatch: describeBatch(batch),
      precision: this.connection.precision,
      nowNs: BigInt(Math.round(this.now())) * 1_000_000n,
    });
    if (verdict.unaccounted) verdict = await this.locate(batch, verdict);
    for (const warning of verdict.warnings) this.report.warn(warning);
    const ok = status >= 200 && status < 300;
    const open = verdict.unconfirmed ?? new Map<number, string>();
    for (const [reason, indices] of byReason(open)) this.report.unconfirmed(pickIndices(batch, indices), reason);
    if (verdict.resend) {
      this.report.rejected(batch, verdict.rejected, status);
      this.report.progress(this.requests);
      return verdict.resend.filter((group) => group.length > 0).map((group) => pickIndices(batch, group));
    }
    if (verdict.rejected.size === 0 && open.size === 0) {
      if (ok) this.report.written(batch.texts.length);
      else if (verdict.othersWritten) this.report.written(batch.texts.length);
      else {
        // No line named and no way to tell what was stored: some servers store the good lines
        // of a request they answer 400 to (1.x, Cloud), and an unreadable answer says nothing.
        const message = verdict.message.trim() || '(no message)';
        this.report.unconfirmed(batch, `unconfirmed: the server answered ${status} without naming a line (${message}); it may have stored some of these points`);
      }
      this.report.progress(this.requests);
      return [];
    }
    this.report.rejected(batch, verdict.rejected, status);
    const others = batch.texts.length - verdict.rejected.size - open.size;
    if (verdict.othersWritten || ok) {
      this.report.written(others);
      this.report.progress(this.requests);
      return [];
    }
    this.report.progress(this.requests);
    return others > 0 ? [withoutIndices(batch, new Set([...verdict.rejected.keys(), ...open.keys()]))] : [];
  }

  /**
   * Points dropped without being named (1.x/2.x `dropped=N`): found by prediction and by re-sending
   * parts of the batch (locate.ts); the lines still undecided become unconfirmed.
   */
  private async locate(batch: Batch, verdict: Verdict): Promise<Verdict> {
    const task = verdict.unaccounted as Unaccounted;
    const located = await locateDropped(batch, task, (indices) => this.probe(pickIndices(batch, indices)));
    const rejected = new Map([...verdict.rejected, ...located.rejected]);
    const unconfirmed = new Map([...(verdict.unconfirmed ?? []), ...located.unconfirmed]);
    return { ...verdict, rejected, unconfirmed, unaccounted: undefined };
  }

  /** One attempt with part of a batch, uncompressed, no retries: for locate.ts. */
  private async probe(part: Batch): Promise<ProbeAnswer | undefined> {
    if (this.cancelled()) return undefined;
    const item: Prepared = { batch: part, body: bodyOf(part) };
    const started = this.now();
    this.requests++;
    try {
      const answer = await attempt({ url: this.url as URL, body: item.body, headers: this.headers(false), timeoutMs: this.connection.timeoutMs, fetch: this.fetch, signal: this.options.signal });
      this.log(answer.url, answer.status, item, started, 0, answer.status >= 300 ? errorMessage(answer.body, answer.influxError) : undefined);
      return answer;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.log((this.url as URL).toString(), undefined, item, started, 0, error.message);
      return undefined;
    }
  }

  private log(url: string, status: number | undefined, item: Prepared, started: number, retries: number, error: string | undefined): void {
    if (!this.options.log) return;
    this.options.log({
      url: redactUrl(url),
      status,
      error: error === undefined ? undefined : this.scrubber.scrub(error),
      bytes: wireBytes(item),
      lines: item.batch.texts.length,
      durationMs: this.now() - started,
      retries,
    });
  }
}
