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

/** No answer: connection refused/reset, timeout, or a refused redirect. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    /** Worth retrying (network errors, timeouts); a refused redirect is not. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface AttemptRequest {
  readonly url: URL;
  readonly body: string | Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

/** Error answers can be huge (an HTML page, a Core `data` array): enough to name every line of a batch. */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
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

function describeNetworkError(error: unknown, url: string, timeoutMs: number, timedOut: boolean): string {
  if (timedOut) return `no answer from ${url} within ${timeoutMs} ms (timeout): the server may be overloaded; raise the timeout or write smaller batches`;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const detail = code ?? (typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error));
  const hint =
    code === 'ECONNREFUSED'
      ? 'check the URL and that the server is running'
      : code === 'ENOTFOUND'
        ? 'check the host name in the URL'
        : 'check the URL, the network and the server';
  return `cannot reach ${url} (${detail}): ${hint}`;
}

/** Sends once (plus same-origin redirects). Throws TransportError when there is no answer to judge. */
export async function attempt(request: AttemptRequest): Promise<Answer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  let url = request.url;
  try {
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
        throw new TransportError(describeNetworkError(error, redactUrl(url), request.timeoutMs, timedOut), true);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        let target: URL;
        try {
          target = new URL(location, url);
        } catch {
          throw new TransportError(`the server at ${redactUrl(url)} redirected to an invalid location: check the server URL`, false);
        }
        if (target.origin !== url.origin) {
          throw new TransportError(
            `the server at ${redactUrl(url)} redirected the write to another origin (${redactUrl(target.origin)}); credentials are never sent to another origin, so nothing was sent there. Set the server URL to the address you mean to write to.`,
            false,
          );
        }
        if (redirects >= MAX_REDIRECTS) {
          throw new TransportError(`the server at ${redactUrl(request.url)} redirected more than ${MAX_REDIRECTS} times: check the server URL`, false);
        }
        // A write must stay a POST with its body (as 307/308 say; 301/302/303 are treated alike).
        url = target;
        continue;
      }
      let body: string;
      try {
        body = await readCapped(response);
      } catch (error) {
        throw new TransportError(describeNetworkError(error, redactUrl(url), request.timeoutMs, timedOut), true);
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
  }
}
