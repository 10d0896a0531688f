/**
 * One HTTP attempt: POST the body, follow same-origin redirects (bounded), read the answer with a
 * size cap, all under one time limit. Credentials travel only in the Authorization header and only
 * to the origin the user configured: a redirect to another origin is refused, never followed.
 */
import { redactUrl } from './endpoint';

export interface Answer {
  readonly status: number;
  /** The body text, cut at MAX_ANSWER_BYTES. */
  readonly body: string;
  readonly retryAfter: string | null;
  /** 1.x repeats its error text in this header. */
  readonly influxError: string | null;
  /** The URL that finally answered (after same-origin redirects), without credentials. */
  readonly url: string;
}

/**
 * Why an attempt got no answer to judge. What matters to the pipeline is whether the request may
 * have reached the server (then its lines may be stored even without an answer):
 * - `unreachable`: no connection was made (refused, unknown host, no route): nothing delivered;
 * - `tls`: the TLS handshake failed (an untrusted certificate): nothing delivered;
 * - `invalid`: the request could not be made, or the server redirected it where it is not
 *   followed: nothing stored;
 * - `no-answer`: sent (or being sent), then a timeout, a closed connection or an answer cut short;
 * - `cancelled`: the caller's signal; `maybeDelivered` says whether the request had left.
 */
export type TransportFailure = 'unreachable' | 'tls' | 'invalid' | 'no-answer' | 'cancelled';

/** No answer: connection refused/reset, timeout, TLS failure, a refused redirect, cancelled. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    /** Whole sentences: what happened, where (URL without credentials) and what to do. */
    message: string,
    readonly failure: TransportFailure,
    /** True when the request may have reached the server (its lines may be stored). */
    readonly maybeDelivered: boolean,
    /** A few words for progress displays and line reasons: "No answer (timeout)". */
    readonly short: string,
  ) {
    super(message);
  }
}

/**
 * `cause.code` of an error from the injected fetch when the request was aborted before any
 * connection was made (node/httpFetch.ts sets it; the built-in fetch cannot tell, so its aborts
 * count as possibly delivered).
 */
export const NOT_CONNECTED = 'ERR_LP_NOT_CONNECTED';

/** Error codes that mean no connection was made, so nothing reached the server. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT', NOT_CONNECTED]);
/** The request could not be built (an invalid header value): nothing was sent. */
const INVALID_CODES = new Set(['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN', 'ERR_INVALID_URL', 'ERR_UNESCAPED_CHARACTERS']);
/** Certificate and handshake failures (Node's and OpenSSL's codes). */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

export interface AttemptRequest {
  readonly url: URL;
  readonly body: string | Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  /** The caller's cancellation: aborts the request in flight. */
  readonly signal?: AbortSignal;
}

/** Error answers can be huge (an HTML page, a Core `data` array): enough to name every line of a batch. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  // Node's fetch types leave the chunk type open; a response body's chunks are bytes.
  const reader = response.body.getReader() as ReadableStreamDefaultReader<Uint8Array>;
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > MAX_ANSWER_BYTES) {
      text += decoder.decode(value.subarray(0, value.byteLength - (bytes - MAX_ANSWER_BYTES)), { stream: true });
      await reader.cancel();
      break;
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function causeOf(error: unknown): { code?: string; message?: string } {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const own = error as { code?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : typeof own?.code === 'string' ? own.code : undefined;
  const message = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return { code, message };
}

/** What went wrong while there was no answer, as a TransportError with sentences and what to do. */
function networkError(error: unknown, url: string, timeoutMs: number, timedOut: boolean, cancelled: boolean, phase: 'request' | 'body'): TransportError {
  const { code, message } = causeOf(error);
  const detail = code ?? message ?? 'unknown error';
  const notConnected = phase === 'request' && code !== undefined && UNREACHABLE_CODES.has(code);
  if (cancelled) return new TransportError('Write cancelled.', 'cancelled', !notConnected, 'Cancelled');
  if (timedOut && notConnected) {
    return new TransportError(`Could not connect to ${url} within ${timeoutMs} ms (timeout). Check the URL, the network and that the server is running.`, 'unreachable', false, 'Cannot connect (timeout)');
  }
  if (timedOut) {
    return new TransportError(
      `No answer came from ${url} within ${timeoutMs} ms (timeout). The server may be overloaded: raise the timeout or write smaller batches.`,
      'no-answer',
      true,
      'No answer (timeout)',
    );
  }
  if (phase === 'request' && code !== undefined) {
    if (code === 'ECONNREFUSED') {
      return new TransportError(`Cannot connect to ${url}: nothing is listening there (ECONNREFUSED). Check the URL (host and port) and that the server is running.`, 'unreachable', false, 'Cannot connect (ECONNREFUSED)');
    }
    if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'EAI_AGAIN') {
      return new TransportError(`Cannot connect to ${url}: the host name was not found (${code}). Check the host name in the URL and the network.`, 'unreachable', false, `Host not found (${code})`);
    }
    if (UNREACHABLE_CODES.has(code)) {
      return new TransportError(`Cannot connect to ${url} (${code}). Check the URL, the network and that the server is running.`, 'unreachable', false, `Cannot connect (${code})`);
    }
    if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) {
      return new TransportError(tlsMessage(code, message ?? '', url), 'tls', false, `TLS failed (${code})`);
    }
    if (INVALID_CODES.has(code)) {
      return new TransportError(`The request to ${url} could not be made (${code}): a header (the credentials?) contains a character HTTP does not allow. Nothing was sent.`, 'invalid', false, 'Invalid request');
    }
  }
  // Reset, closed, an answer cut short: the request left, so the server may have processed it.
  return new TransportError(
    phase === 'body'
      ? `The answer from ${url} was cut short (${detail}): the connection closed before the whole answer arrived.`
      : `The connection to ${url} closed before an answer came (${detail}).`,
    'no-answer',
    true,
    phase === 'body' ? 'Answer cut short' : `Connection closed (${detail})`,
  );
}

/** What a TLS failure means for the user, and what to do: a certificate is never trusted silently. */
function tlsMessage(code: string, message: string, url: string): string {
  if (/wrong version number/i.test(message) || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return `The TLS handshake with ${url} failed (${code}): the server does not seem to speak https at that address. Check the URL (http:// or https://, and the port). Nothing was sent.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The TLS certificate of ${url} is not for that host name (${code}: ${message}). Use the host name the certificate was issued for. Nothing was sent.`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `The TLS certificate of ${url} is not valid now (${code}: ${message}). Renew the server's certificate (or check this machine's clock). Nothing was sent.`;
  }
  if (TLS_CODES.has(code) && code !== 'EPROTO') {
    return `The TLS certificate of ${url} is not trusted (${code}: ${message}). If the server uses a self-signed certificate or a private certificate authority, trust that authority's certificate file (PEM): 'lp write --ca-file FILE', or the connection's CA file setting in the editor. Nothing was sent.`;
  }
  return `The TLS handshake with ${url} failed (${code}: ${message}). Check the URL and the server's TLS set-up. Nothing was sent.`;
}

/**
 * Sends once (plus same-origin redirects). Throws TransportError when there is no answer to judge
 * (including an answer whose body could not be read whole: its status alone is not trusted).
 */
export async function attempt(request: AttemptRequest): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const cancelled = (): boolean => !timedOut && request.signal?.aborted === true;
  const onCancel = (): void => controller.abort();
  request.signal?.addEventListener('abort', onCancel, { once: true });
  let url = request.url;
  try {
    if (request.signal?.aborted) throw new TransportError('Write cancelled.', 'cancelled', false, 'Cancelled');
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await request.fetch(url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: controller.signal,
        });
      } catch (error) {
        throw networkError(error, redactUrl(url), request.timeoutMs, timedOut, cancelled(), 'request');
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel().catch(() => undefined);
        let target: URL;
        try {
          target = new URL(location, url);
        } catch {
          throw new TransportError(`The server at ${redactUrl(url)} redirected to an invalid location. Check the server URL.`, 'invalid', false, 'Invalid redirect');
        }
        if (target.origin !== url.origin) {
          throw new TransportError(
            `The server at ${redactUrl(url)} redirected the write to another origin (${redactUrl(target.origin)}); credentials are never sent to another origin, so nothing was sent there. Set the server URL to the address you mean to write to.`,
            'invalid',
            false,
            'Redirect refused',
          );
        }
        if (redirects >= MAX_REDIRECTS) {
          throw new TransportError(`The server at ${redactUrl(request.url)} redirected more than ${MAX_REDIRECTS} times. Check the server URL.`, 'invalid', false, 'Too many redirects');
        }
        // A write must stay a POST with its body (as 307/308 say; 301/302/303 are treated alike).
        url = target;
        continue;
      }
      let body: string;
      try {
        body = await readCapped(response);
      } catch (error) {
        throw networkError(error, redactUrl(url), request.timeoutMs, timedOut, cancelled(), 'body');
      }
      return {
        status: response.status,
        body,
        retryAfter: response.headers.get('retry-after'),
        influxError: response.headers.get('x-influxdb-error'),
        url: redactUrl(url),
      };
    }
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onCancel);
  }
}
