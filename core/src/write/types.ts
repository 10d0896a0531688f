/**
 * The write pipeline's contract: what a caller (the VS Code command, the `lp write` command line)
 * passes in and what it gets back. Plain data and injectable functions only: no editor, no Node I/O.
 *
 * Every data line of the source ends in exactly one of four states, and the report says which:
 * - written: the server accepted it (counted in `written`);
 * - rejected: the server refused that point, with its reason (`rejected`);
 * - not sent (or sent but not stored for a reason that is not the point's fault: auth, missing
 *   bucket, too large, retries exhausted, cancelled): `notSent`, with why;
 * - unconfirmed: the request was sent but its answer is missing or unreadable (timeout, closed
 *   connection, truncated body, cancelled in flight), so the server may or may not have stored it.
 * So `written + rejected.length + notSent.length + unconfirmed.length` always equals the number
 * of data lines.
 */
import type { Precision, Product } from '../products';

export interface Connection {
  /** Base URL of the server, e.g. `http://127.0.0.1:8086` (a path prefix is kept). No credentials in it. */
  readonly url: string;
  /** Which product: decides the endpoint, its parameters, the auth header and how errors are read. */
  readonly product: Product;
  /** Bucket (Cloud, OSS 2.x) or database (Dedicated, Clustered, InfluxDB 3, 1.x). */
  readonly bucket: string;
  /** Organisation name or ID: sent to Cloud Serverless and OSS 2.x (required there). */
  readonly org?: string;
  /** Timestamp precision of the lines. */
  readonly precision: Precision;
  /**
   * Send `precision=auto` (InfluxDB 3's /api/v3/write_lp only): the server reads each timestamp's
   * unit from its magnitude; `precision` is then not sent.
   */
  readonly autoPrecision?: boolean;
  /**
   * InfluxDB 3's `accept_partial` (/api/v3/write_lp; default true). False: a rejected line refuses
   * the whole request; the writer then reports it and sends the other lines again without it.
   */
  readonly acceptPartial?: boolean;
  /** Compress request bodies with gzip (`Content-Encoding: gzip`). */
  readonly gzip: boolean;
  /** Most data lines per request. */
  readonly batchLines: number;
  /** Most uncompressed body bytes per request (a single longer line is still sent alone). */
  readonly batchBytes: number;
  /** Time limit of one request (send + whole response), in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Retries of one request after a 429/503, or (only when every line has a timestamp) after a
   * 500/504, a timeout or a connection closed before the answer.
   */
  readonly maxRetries: number;
  /** Total time one request may spend waiting between retries, in milliseconds. */
  readonly maxRetryTimeMs: number;
}

export type Credentials =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'none' };

/** One HTTP request, for an output channel or a debug log. Never contains a credential. */
export interface RequestLog {
  /** The request URL without credentials (they are never in it anyway: auth is a header). */
  readonly url: string;
  /** HTTP status, or undefined when there was no response (network error, timeout). */
  readonly status: number | undefined;
  /** Why the request failed without a response, or a short summary of an error answer. */
  readonly error?: string;
  /** Body bytes sent (compressed when gzip is on). */
  readonly bytes: number;
  /** Data lines in the request. */
  readonly lines: number;
  readonly durationMs: number;
  /** 0 for the first attempt of a batch, then 1, 2, … for its retries. */
  readonly retries: number;
}

export interface Progress {
  /** Data lines that reached a final state (written, rejected, not sent or unconfirmed). */
  readonly linesDone: number;
  /** All data lines, when known in advance (a string source); undefined while streaming. */
  readonly linesTotal?: number;
  /** HTTP requests made so far. */
  readonly requests: number;
}

/**
 * Gzip compression of a request body: the writer passes the batch's bytes as read (a string is
 * accepted too, for other callers). The default uses the global `CompressionStream`; Node callers
 * may pass zlib (node/gzip.ts), which runs on the thread pool while the current request waits.
 */
export type Compress = (body: string | Uint8Array) => Promise<Uint8Array>;

export interface WriteOptions {
  /**
   * Default global `fetch`. Node callers should pass `fetchTrusting(ca)` (node/httpFetch.ts): the
   * built-in fetch fails on an interim `100 Continue` and cannot trust a private CA file.
   */
  readonly fetch?: typeof fetch;
  /**
   * Cancellation. The request in flight is aborted (its lines are unconfirmed: the server may have
   * stored them), a retry wait is cut short, nothing more is sent, every remaining line is reported
   * as not sent, and `failure` is `{ cancelled: true, message: 'Write cancelled.' }`.
   */
  readonly signal?: AbortSignal;
  readonly credentials: Credentials;
  /**
   * Called on 401. Return new credentials to resend the same batch with them (not counted as a
   * retry), or undefined to give up: that batch and the rest are reported as not sent.
   */
  readonly onUnauthorized?: () => Promise<Credentials | undefined>;
  readonly onProgress?: (progress: Progress) => void;
  /** Called before each wait between attempts (a 429's Retry-After, a backoff after a timeout). */
  readonly onWait?: (wait: WaitEvent) => void;
  /** Called once per HTTP request. */
  readonly log?: (entry: RequestLog) => void;
  /**
   * 1-based physical line of the document where the source text begins (a selection write):
   * every reported `line` is shifted by `firstLine - 1`. Default 1.
   */
  readonly firstLine?: number;
  /** Default: `CompressionStream('gzip')`. */
  readonly compress?: Compress;
  /** Injectable for tests (retry waits); default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Injectable clock in milliseconds; default `Date.now`. */
  readonly now?: () => number;
  /** Injectable randomness in [0, 1) for backoff jitter; default `Math.random`. */
  readonly random?: () => number;
}

/** A point the server refused. */
export interface Rejection {
  /** 1-based physical line in the document where the data line begins. */
  readonly line: number;
  /** 1-based physical line where it ends (after `line` when a string value spans lines). */
  readonly endLine: number;
  /** 1-based number among the source's data lines (blank and comment lines not counted). */
  readonly dataLine: number;
  /** The server's reason, as it said it (plus a note when the line had to be inferred). */
  readonly message: string;
  /** HTTP status of the answer that rejected it. */
  readonly status: number;
}

/** A line that was not written, though not because the server refused its content. */
export interface NotSent {
  readonly line: number;
  readonly endLine: number;
  readonly dataLine: number;
  /** Why, and what to do: "not sent: the server answered 404 …", "cancelled", … */
  readonly reason: string;
}

/**
 * A line that was sent in a request whose answer never came or could not be read: the server may
 * or may not have stored it.
 */
export interface Unconfirmed {
  readonly line: number;
  readonly endLine: number;
  readonly dataLine: number;
  /** What happened to the request ("no answer within 10000 ms", "connection closed", …). */
  readonly reason: string;
}

/** A wait before the next attempt of a request, for progress displays. */
export interface WaitEvent {
  /** Why: "Server busy (429)", "no answer (timeout)", … */
  readonly reason: string;
  /** How long the writer waits before the next attempt, in milliseconds. */
  readonly delayMs: number;
  /** The attempt that follows the wait: 2 for the first retry. */
  readonly attempt: number;
  /** Attempts at most (the first one plus `maxRetries`). */
  readonly maxAttempts: number;
}

/** Why the write stopped before the end: set when something failed for every remaining line. */
export interface WriteFailure {
  /** HTTP status, when the failure was an answer. */
  readonly status?: number;
  /** What happened, with the names used (bucket/db/org, URL without credentials) and what to do. */
  readonly message: string;
  /** True when the caller cancelled (not an error of the server or the connection). */
  readonly cancelled?: boolean;
}

export interface WriteReport {
  /** HTTP requests made, retries and re-sends included. */
  readonly requests: number;
  /** Data lines the server stored. */
  readonly written: number;
  /** In source order. */
  readonly rejected: Rejection[];
  /** In source order. */
  readonly notSent: NotSent[];
  /** In source order: sent, but whether the server stored them is unknown. */
  readonly unconfirmed: Unconfirmed[];
  /** Things the caller should know that are not tied to one line (e.g. a capped error list). */
  readonly warnings: string[];
  /** Set when the write stopped early (auth, missing bucket, server unreachable, cancelled). */
  readonly failure?: WriteFailure;
}
