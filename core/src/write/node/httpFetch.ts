/**
 * A `fetch` for the write pipeline on Node's own `http`/`https` modules, for two things the
 * built-in fetch (undici) cannot do:
 * - interim `1xx` answers: a server (or proxy) that sends an unsolicited `100 Continue` before its
 *   real answer makes undici fail with "bad response" although the write was processed; Node's
 *   HTTP client skips interim answers and reads the real one (tested against a raw socket server);
 * - trusting a private certificate authority for one connection (`fetchTrusting(caPem)`), in
 *   addition to the built-in ones, without changing the process-wide trust store.
 * It also says whether a failed request ever reached the server: an error before the connection
 * was made (or the TLS handshake finished) carries `cause.code = NOT_CONNECTED` when aborted, or
 * Node's own code (ECONNREFUSED, ENOTFOUND, a certificate code), so the pipeline knows that
 * nothing was delivered; anything later may have been.
 *
 * Only what the pipeline uses is supported: a URL, method, headers, a string or byte body,
 * `signal`, and redirects handed back as they are (the pipeline follows them itself).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { NOT_CONNECTED } from '../transport';

/** Statuses whose answers have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** The answer's body as a web stream; a connection closed before its end errors the stream. */
function bodyStream(response: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      response.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) response.pause();
      });
      response.on('end', () => controller.close());
      response.on('error', (error) => controller.error(error));
      // A body cut short (fewer bytes than Content-Length, a chunked body without its end).
      response.on('aborted', () => controller.error(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' })));
    },
    pull() {
      response.resume();
    },
    cancel() {
      response.destroy();
    },
  });
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(headers ?? {}).forEach((value, key) => (out[key] = value));
  return out;
}

/**
 * The `fetch` of the write pipeline: Node's HTTP client, trusting `caPem` (PEM text of one or more
 * certificates) in addition to the built-in certificate authorities, or only the built-in ones
 * when undefined. Each call to fetchTrusting keeps its own connection pool (keep-alive).
 */
export function fetchTrusting(caPem: string | undefined): typeof fetch {
  const httpAgent = new HttpAgent({ keepAlive: true });
  const httpsAgent = new HttpsAgent({ keepAlive: true, ...(caPem === undefined ? {} : { ca: [...rootCertificates, caPem] }) });
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) return Promise.reject(new TypeError('fetchTrusting: pass a URL and RequestInit, not a Request'));
    const url = new URL(input);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<Response>((resolve, reject) => {
      let connected = false;
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const https = url.protocol === 'https:';
      let headers: Record<string, string>;
      try {
        headers = headerRecord(init.headers);
      } catch {
        // Headers refuses control characters with a message quoting the value: keep it out.
        fail(new TypeError('fetch failed', { cause: Object.assign(new Error('a request header has an invalid character'), { code: 'ERR_INVALID_CHAR' }) }));
        return;
      }
      let request;
      try {
        request = (https ? httpsRequest : httpRequest)(url, {
          method: init.method ?? 'GET',
          headers,
          agent: https ? httpsAgent : httpAgent,
        });
      } catch (error) {
        fail(new TypeError('fetch failed', { cause: error }));
        return;
      }
      const onAbort = (): void => {
        const reason = abortError(signal as AbortSignal);
        if (!connected) {
          // Nothing reached the server: say so, for the pipeline's "not delivered" judgement.
          fail(new TypeError('fetch failed', { cause: Object.assign(new Error('aborted before the connection was made'), { code: NOT_CONNECTED, reason }) }));
        } else fail(reason);
        request.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('socket', (socket) => {
        const event = https ? 'secureConnect' : 'connect';
        // A reused keep-alive socket is connected already.
        if (!socket.connecting && (!https || (socket as { authorized?: boolean }).authorized !== undefined)) connected = true;
        else socket.once(event, () => (connected = true));
      });
      request.on('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        fail(new TypeError('fetch failed', { cause: error }));
      });
      request.on('response', (response) => {
        signal?.removeEventListener('abort', onAbort);
        if (settled) {
          response.destroy();
          return;
        }
        const status = response.statusCode ?? 0;
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(response.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(key, v);
        }
        if (signal) {
          const onBodyAbort = (): void => void response.destroy(abortError(signal) as Error);
          signal.addEventListener('abort', onBodyAbort, { once: true });
          response.once('close', () => signal.removeEventListener('abort', onBodyAbort));
        }
        let answer: Response;
        try {
          const body = NULL_BODY.has(status) ? null : bodyStream(response);
          answer = new Response(body, { status, statusText: response.statusMessage, headers: responseHeaders });
          if (body === null) response.resume();
        } catch (error) {
          // A final status the web Response cannot hold (e.g. 101): no answer to judge.
          response.destroy();
          fail(new TypeError('fetch failed', { cause: error }));
          return;
        }
        settled = true;
        resolve(answer);
      });
      const body = init.body;
      if (body === undefined || body === null) request.end();
      else if (typeof body === 'string' || body instanceof Uint8Array) request.end(body);
      else {
        fail(new TypeError('fetchTrusting: the body must be a string or bytes'));
        request.destroy();
      }
    });
  };
  return nodeFetch;
}
