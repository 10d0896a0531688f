/**
 * An HTTP server on 127.0.0.1 that takes writes the way Cloud Serverless, Dedicated/Clustered,
 * InfluxDB 3 Core/Enterprise/Cloud and OSS 2.x do (endpoints, auth, 404/413, bodies from answers.ts).
 * A test can script the next answers (`script`) for what a real server does only under load:
 * 429/503 with Retry-After, 500, a reset connection, no answer, a redirect, an HTML page.
 */
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { invalidUtf8Offsets } from '../../../core/src/bytes/utf8';
import { usesWriteLp } from '../../../core/src/influxdb3';
import type { Product } from '../../../core/src/products';
import { answerWrite, createStore, type FakeAnswer, type FakeStore } from './answers';
import { answerInfluxQl, answerSql } from './query';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** Bytes on the wire (compressed when gzip). */
  readonly wireBytes: number;
  /** Decoded body text. */
  readonly body: string;
  /** The body's bytes (decompressed), exactly as they arrived. */
  readonly bytes: Buffer;
}

/** A scripted answer: a status/body, or a misbehaviour. */
export type Scripted =
  | FakeAnswer
  | { readonly kind: 'reset' }
  /** Never answers (until the server closes). */
  | { readonly kind: 'hang' }
  /** Answers normally once `release` resolves. */
  | { readonly kind: 'delay'; readonly release: Promise<void> };

export interface FakeInfluxOptions {
  readonly product: Product;
  /** Bucket (or database) that exists. Default `bucket`. */
  readonly bucket?: string;
  /** Org that exists (Cloud Serverless, 2.x). Default `org`. */
  readonly org?: string;
  /** Token the server accepts; undefined = no auth required. */
  readonly token?: string;
  /** Largest body on the wire; 413 above it (Cloud-style HTML body). */
  readonly maxBodyBytes?: number;
  /** IOx: tables the database may hold (Cloud Serverless: 500); unset, no limit is enforced. */
  readonly tableLimit?: number;
  /** A token that may write but not read: the schema queries answer 403 to it. */
  readonly writeOnlyToken?: string;
  /** Cloud Serverless, OSS 2.x: whether the bucket has a DBRP mapping for InfluxQL (default true). */
  readonly dbrpMapping?: boolean;
}

export interface FakeInflux {
  readonly url: string;
  readonly origin: string;
  readonly requests: RecordedRequest[];
  readonly store: FakeStore;
  /** Queues answers for the next write requests, in order (then back to normal answers). */
  script(...answers: Scripted[]): void;
  /** Most requests that were ever in progress at the same time. */
  maxInFlight(): number;
  /** Resolves once `count` requests have been received. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

function expectedPath(product: Product): string {
  if (usesWriteLp(product)) return '/api/v3/write_lp';
  return '/api/v2/write';
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, answer: FakeAnswer): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...answer.headers };
  for (const [key, value] of Object.entries(headers)) if (value === '') delete headers[key];
  response.writeHead(answer.status, headers);
  response.end(answer.body);
}

function authorized(request: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = request.headers.authorization ?? '';
  return header === `Token ${token}` || header === `Bearer ${token}`;
}

/** The schema queries (query.ts): the InfluxQL /query, or InfluxDB 3's query_sql. */
function answerSchemaQuery(options: FakeInfluxOptions, request: IncomingMessage, url: URL, body: string, store: FakeStore, bucket: string): FakeAnswer | undefined {
  const v3 = usesWriteLp(options.product);
  const influxQl = !v3 && request.method === 'GET' && url.pathname === '/query';
  const sql = v3 && request.method === 'POST' && url.pathname === '/api/v3/query_sql';
  if (!influxQl && !sql) return undefined;
  if (options.writeOnlyToken !== undefined && authorized(request, options.writeOnlyToken)) {
    return { status: 403, body: JSON.stringify({ code: 'forbidden', message: 'insufficient permissions for read' }) };
  }
  if (!authorized(request, options.token)) return { status: 401, body: JSON.stringify({ code: 'unauthorized', message: 'unauthorized access' }) };
  return influxQl ? answerInfluxQl(options.product, url, store, bucket, options.dbrpMapping ?? true) : answerSql(options.product, body, store, bucket);
}

/**
 * InfluxDB 3 and Cloud (IOx) parse a body as Rust `&str`: one that is not UTF-8 never reaches the
 * parser and the whole request is refused, nothing stored (line-protocol.md §2, "body content is not
 * valid utf8: …", influxdb3_server/src/http.rs). 2.x (Go, byte-oriented) stores the bytes.
 */
function notUtf8Refused(product: Product): boolean {
  return product !== 'oss-v2' && product !== 'v1';
}

function notUtf8Answer(product: Product, bytes: Buffer): FakeAnswer {
  // Only the message's index comes from the core's scanner; the refusal is Node's isUtf8 verdict.
  const index = invalidUtf8Offsets(bytes)[0];
  // Rust's `Utf8Error` text, as the server prints it after its own words.
  const message = `body content is not valid utf8: invalid utf-8 sequence of 1 bytes from index ${index}`;
  return usesWriteLp(product)
    ? { status: 400, body: JSON.stringify({ error: message, data: null }) }
    : { status: 400, body: JSON.stringify({ code: 'invalid', message }) };
}

export async function startFakeInflux(options: FakeInfluxOptions): Promise<FakeInflux> {
  const bucket = options.bucket ?? 'bucket';
  const org = options.org ?? 'org';
  const requests: RecordedRequest[] = [];
  const store = createStore();
  const queue: Scripted[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const waiters: { count: number; resolve: () => void }[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const gzip = request.headers['content-encoding'] === 'gzip';
    const bytes = gzip ? gunzipSync(raw) : raw;
    const body = bytes.toString('utf8');
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, wireBytes: raw.length, body, bytes });
    for (const waiter of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const scripted = queue.shift();
    if (scripted && 'kind' in scripted) {
      if (scripted.kind === 'reset') {
        request.socket.destroy();
        return;
      }
      if (scripted.kind === 'hang') return;
      await scripted.release;
    } else if (scripted) {
      send(response, scripted);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = answerSchemaQuery(options, request, url, body, store, bucket);
    if (query !== undefined) {
      send(response, query);
      return;
    }
    if (request.method !== 'POST' || url.pathname !== expectedPath(options.product)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
      return;
    }
    if (!authorized(request, options.token) && !(options.writeOnlyToken !== undefined && authorized(request, options.writeOnlyToken))) {
      send(response, { status: 401, body: JSON.stringify({ code: 'unauthorized', message: 'unauthorized access' }) });
      return;
    }
    const v3 = usesWriteLp(options.product);
    const name = url.searchParams.get(v3 ? 'db' : 'bucket');
    if (name !== bucket) {
      send(response, v3 ? { status: 404, body: JSON.stringify({ error: `database not found: ${name}` }) } : { status: 404, body: JSON.stringify({ code: 'not found', message: `bucket "${name}" not found` }) });
      return;
    }
    if ((options.product === 'cloud-serverless' || options.product === 'oss-v2') && url.searchParams.get('org') !== org) {
      send(response, { status: 404, body: JSON.stringify({ code: 'not found', message: `organization name "${url.searchParams.get('org')}" not found` }) });
      return;
    }
    if (options.maxBodyBytes !== undefined && raw.length > options.maxBodyBytes) {
      response.writeHead(413, { 'content-type': 'text/html' });
      response.end('<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>');
      return;
    }
    if (!isUtf8(bytes) && notUtf8Refused(options.product)) {
      send(response, notUtf8Answer(options.product, bytes));
      return;
    }
    send(response, answerWrite(options.product, body, store, { tableLimit: options.tableLimit, acceptPartial: url.searchParams.get('accept_partial') !== 'false' }));
  };

  const server = createServer((request, response) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    // 'finish' comes before the client can read the answer (so before it can send the next
    // request); 'close' covers answers never finished (reset, hang).
    let done = false;
    const settle = (): void => {
      if (!done) inFlight--;
      done = true;
    };
    response.on('finish', settle);
    response.on('close', settle);
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake server error: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    requests,
    store,
    script: (...answers) => void queue.push(...answers),
    maxInFlight: () => maxInFlight,
    waitForRequests: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
