/**
 * `BatchWriter`: sends one batch until its lines have outcomes (retries, re-authentication,
 * splitting, re-sending without refused lines), following the status table (status.ts).
 */
import { PROFILES, type ProductProfile } from '../products';
import { readAnswer, type AnswerText } from './answers/body';
import { judgeAnswer, type Unaccounted, type Verdict } from './answers/verdict';
import { bodyOf, pickIndices, sliceBatch, type Batch, type WireBatch } from './batch';
import { authorization, redactUrl, targetNames, writeUrl } from './endpoint';
import { locateDropped, type ProbeAnswer } from './locate';
import { settleVerdict } from './outcome';
import type { ReportBuilder } from './report';
import { backoffMs, defaultSleep, interruptibleSleep, resendIsHarmless, retryAfterMs } from './retry';
import { credentialProblem, type Scrubber } from './secrets';
import { actionFor, stopMessage } from './status';
import { asClause, CANCELLED, describeBatch, Stop } from './stop';
import { attempt, TransportError, type Answer } from './transport';
import type { Connection, Credentials, WriteOptions } from './types';

/** A batch and its request body (compressed when gzip is on). */
export interface Prepared {
  readonly batch: WireBatch;
  /** The batch's bytes, gzip-compressed when the connection asks for it. */
  readonly body: Uint8Array;
}

/** Bytes on the wire. */
function wireBytes(item: Prepared): number {
  return item.body.byteLength;
}

const MAX_CREDENTIAL_PROMPTS = 5;

/** Sends one batch with retries, re-authentication, splitting; returns batches to send next. */
export class BatchWriter {
  requests = 0;
  /** Status of the last answer `send` read (not a probe's): a 2xx means the server read the whole body. */
  lastStatus: number | undefined;
  private credentials: Credentials;
  private readonly profile: ProductProfile;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  /** The write URL, validated when the writer is made (a ConnectionError is thrown then). */
  private readonly url: URL;
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
    this.url = writeUrl(connection);
    this.credentials = options.credentials;
    this.profile = PROFILES[connection.product];
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
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

  private allTimestamped(batch: Batch): boolean {
    return resendIsHarmless(batch, { target: this.profile.parser, stringLimit: this.profile.stringLimit });
  }

  async send(item: Prepared): Promise<WireBatch[]> {
    const { url } = this;
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

    this.lastStatus = undefined;
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
      const { status } = answer;
      this.lastStatus = status;
      // The answer is read once: its message for the log, the stop messages and the verdict.
      const text = status >= 300 || answer.body.trim() !== '' ? readAnswer(answer.body, answer.influxError) : undefined;
      const summary = status >= 300 ? text?.message : undefined;
      // A 500/504 may come after the points were stored (below): say why sending again is harmless.
      const maybeProcessed = status >= 500 && status !== 503;
      const resendable = maybeProcessed && this.allTimestamped(batch);
      this.log(answer.url, status, item, started, retries, resendable ? `${summary ?? ''} (every line of the request has a timestamp, so sending it again is harmless: identical points overwrite themselves)` : summary);
      const said = summary ? `: ${summary}` : '';
      let verdict: Verdict | undefined;
      const judged = (): Verdict => (verdict ??= this.judge(batch, text ?? readAnswer(answer.body, answer.influxError)));

      switch (actionFor(status, answer.body, () => this.profile.dialect === 'iox' && judged().perLine)) {
        case 'written':
          this.report.written(batch.size);
          this.report.progress(this.requests);
          return [];
        case 'judge': {
          const settled = judged();
          const final = settled.unaccounted ? await this.locate(batch, settled) : settled;
          return settleVerdict(this.report, batch, status, final, this.requests);
        }
        case 'reauthorize': {
          const next = prompts < MAX_CREDENTIAL_PROMPTS ? await this.options.onUnauthorized?.() : undefined;
          prompts++;
          if (!next) throw stop(stopMessage(status, this.connection, answer.url, summary), status);
          this.scrubber.add(next);
          const problem = credentialProblem(next);
          if (problem !== undefined) throw stop(problem, status);
          this.credentials = next;
          continue;
        }
        case 'split': {
          if (batch.size === 1) {
            this.report.notSent(batch, `not sent: the line is larger than the server accepts in one request (413 Request Entity Too Large${said}, ${wireBytes(item)} bytes)`);
            this.report.progress(this.requests);
            return [];
          }
          const half = Math.ceil(batch.size / 2);
          return [sliceBatch(batch, 0, half), sliceBatch(batch, half, batch.size)];
        }
        case 'retry': {
          // Refused before processing (rate limit, overload): nothing was stored, sending again is safe.
          const after = retryAfterMs(answer.retryAfter, this.now());
          const short = status === 429 ? 'Server busy (429)' : 'Server unavailable (503)';
          const names = `${targetNames(this.connection)} at ${answer.url}`;
          await retryOrStop(`The server answered ${status} (${status === 429 ? 'too many requests' : 'unavailable'})${said} for ${names}.`, short, after, status);
          continue;
        }
        case 'maybeStored': {
          // A 500 or a gateway's 504 may come after the write was processed (a proxy that gave up
          // waiting, 1.x's "timeout" while the points are being stored): like no answer at all.
          const after = status === 504 ? retryAfterMs(answer.retryAfter, this.now()) : undefined;
          const what = `The server answered ${status}${said}`;
          maybeStored = `${describeBatch(batch)} was sent but ${asClause(what)}; the server may or may not have stored these points`;
          const names = `${targetNames(this.connection)} at ${answer.url}`;
          if (!resendable) await maybeStoredThen(what, `Server error (${status})`, status);
          else await retryOrStop(`${what} for ${names}.`, status === 504 ? 'Gateway timeout (504)' : `Server error (${status})`, after, status);
          continue;
        }
        case 'stop':
          throw stop(stopMessage(status, this.connection, answer.url, summary), status);
      }
    }
  }

  /** The answer's per-line verdict (pure: answers/verdict.ts). */
  private judge(batch: Batch, answer: AnswerText): Verdict {
    return judgeAnswer(answer, batch, {
      dialect: this.profile.dialect,
      parse: { target: this.profile.parser, stringLimit: this.profile.stringLimit },
      describeBatch: describeBatch(batch),
      precision: this.connection.precision,
      nowNs: BigInt(Math.round(this.now())) * 1_000_000n,
    });
  }

  /**
   * Points dropped without being named (1.x/2.x `dropped=N`): found by prediction and by re-sending
   * parts of the batch (locate.ts); the lines still undecided become unconfirmed.
   */
  private async locate(batch: WireBatch, verdict: Verdict): Promise<Verdict> {
    const task = verdict.unaccounted as Unaccounted;
    const located = await locateDropped(batch, task, (indices) => this.probe(pickIndices(batch, indices)));
    const rejected = new Map([...verdict.rejected, ...located.rejected]);
    const unconfirmed = new Map([...(verdict.unconfirmed ?? []), ...located.unconfirmed]);
    return { ...verdict, rejected, unconfirmed, unaccounted: undefined };
  }

  /** One attempt with part of a batch, uncompressed, no retries: for locate.ts. */
  private async probe(part: WireBatch): Promise<ProbeAnswer | undefined> {
    if (this.cancelled()) return undefined;
    const item: Prepared = { batch: part, body: bodyOf(part) };
    const started = this.now();
    this.requests++;
    try {
      const answer = await attempt({ url: this.url, body: item.body, headers: this.headers(false), timeoutMs: this.connection.timeoutMs, fetch: this.fetch, signal: this.options.signal });
      this.log(answer.url, answer.status, item, started, 0, answer.status >= 300 ? readAnswer(answer.body, answer.influxError).message : undefined);
      return answer;
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      this.log(this.url.toString(), undefined, item, started, 0, error.message);
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
      lines: item.batch.size,
      durationMs: this.now() - started,
      retries,
    });
  }
}
