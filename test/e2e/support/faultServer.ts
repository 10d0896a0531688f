/**
 * A Cloud Serverless-style write server on 127.0.0.1 for the e2e runs that need a server under
 * load (../shared/docs/write-api.md §1–2: `POST /api/v2/write?org&bucket&precision`, `Token`
 * auth, 204 when written, 429 with `Retry-After: <seconds>` when rate limited). Its buckets:
 * - `slow`: takes the request and never answers (a request that outlives a person's patience), so
 *   that Cancel has a request in flight to abort; it records when the client closes it;
 * - `busy`: answers every other request 429 with `Retry-After`, the next one 204 (stores the lines).
 * The node:test side waits on its events (received, aborted) instead of sleeping.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** `GET <url>/__test/wait?bucket=slow&requests=1&aborts=1`: answers 200 once that many requests arrived and were aborted. */
export const TEST_WAIT_PATH = '/__test/wait';

export interface FaultServer {
  readonly url: string;
  readonly org: string;
  readonly token: string;
  /** Seconds the 429 answers ask to wait. */
  readonly retryAfterSeconds: number;
  /** Write request bodies received per bucket, in order. */
  readonly received: Readonly<Record<string, string[]>>;
  /** Lines stored (bucket `busy`). */
  readonly stored: string[];
  /** Resolves once `count` requests to `bucket` have arrived (whole body read). */
  waitForRequests(bucket: string, count: number): Promise<void>;
  /** Resolves once the client has closed `count` unanswered `slow` requests (aborted them). */
  waitForAborts(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultServer(options: { token: string; org?: string; retryAfterSeconds?: number }): Promise<FaultServer> {
  const org = options.org ?? 'e2e-org';
  const retryAfterSeconds = options.retryAfterSeconds ?? 3;
  const received: Record<string, string[]> = { slow: [], busy: [] };
  const stored: string[] = [];
  let aborts = 0;
  let busyAnswered429 = false;
  const waiters: { ready: () => boolean; resolve: () => void }[] = [];
  const notify = (): void => {
    for (const waiter of waiters.filter((w) => w.ready())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const waitUntil = (ready: () => boolean): Promise<void> =>
    ready() ? Promise.resolve() : new Promise((resolve) => waiters.push({ ready, resolve }));

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === TEST_WAIT_PATH) {
      // For the suite in the extension host, which cannot see this process: answers once the event happened.
      const requests = Number(url.searchParams.get('requests') ?? 0);
      const bucket = url.searchParams.get('bucket') ?? 'slow';
      const abortCount = Number(url.searchParams.get('aborts') ?? 0);
      await waitUntil(() => (received[bucket]?.length ?? 0) >= requests && aborts >= abortCount);
      json(response, 200, { requests: received[bucket]?.length ?? 0, aborts });
      return;
    }
    if (request.method !== 'POST' || url.pathname !== '/api/v2/write') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const body = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    const auth = request.headers.authorization ?? '';
    if (auth !== `Token ${options.token}` && auth !== `Bearer ${options.token}`) {
      json(response, 401, { code: 'unauthorized', message: 'unauthorized access' });
      return;
    }
    const bucket = url.searchParams.get('bucket') ?? '';
    if (url.searchParams.get('org') !== org || !(bucket in received)) {
      json(response, 404, { code: 'not found', message: `bucket "${bucket}" not found` });
      return;
    }
    received[bucket].push(body);
    notify();
    if (bucket === 'slow') {
      // Never answered: the client's abort closes the connection (or the server's close does).
      response.once('close', () => {
        if (!response.writableEnded) {
          aborts++;
          notify();
        }
      });
      return;
    }
    busyAnswered429 = !busyAnswered429;
    if (busyAnswered429) {
      json(response, 429, { code: 'too many requests', message: 'org e2e-org has exceeded its write rate limit' }, { 'retry-after': String(retryAfterSeconds) });
      return;
    }
    stored.push(...body.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')));
    response.writeHead(204);
    response.end();
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fault server error: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    org,
    token: options.token,
    retryAfterSeconds,
    received,
    stored,
    waitForRequests: (bucket, count) => waitUntil(() => (received[bucket]?.length ?? 0) >= count),
    waitForAborts: (count) => waitUntil(() => aborts >= count),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
