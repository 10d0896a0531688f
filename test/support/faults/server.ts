/**
 * In-repo servers that store points and then misbehave, for the write pipeline's fault tests
 * (issue 9 §3, §4, §6). Real HTTP (or HTTPS) on 127.0.0.1 with node:http, so the client meets
 * real sockets: a missing answer is a real timeout, a closed connection a real reset.
 *
 * Each request's body is stored first, as a server does before it answers (write-api.md §2: the
 * answer comes after the points are written): every data line the product's parser accepts is
 * recorded in `stored`, in order, one entry per time it was stored (so a duplicate shows). Then the
 * scripted fault decides the answer:
 * - `ok`: 204 No Content (the answer of every product to a clean write);
 * - `hang`: no answer at all (the client's timeout, or its cancel, ends it);
 * - `close`: the connection is closed without an answer;
 * - `truncated`: a 200 whose body stops before its Content-Length, then the connection closes;
 * - `partial-400`: stores only the first half of the lines and answers 400 with a malformed JSON
 *   body (a proxy cutting the server's partial-write error short);
 * - `continue`: an interim `100 Continue` (not asked for: the client sent no `Expect`), then 204;
 * - `busy`: 429 with `Retry-After: 8` (seconds, as Cloud sends it), storing nothing (write-api.md §2);
 * - `unavailable`: 503 without Retry-After, storing nothing.
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { parseLineProtocol, splitDataLines } from '../../../core/src/index';
import { PROFILES, type Product } from '../../../core/src/products';

export type Fault = 'ok' | 'hang' | 'close' | 'truncated' | 'partial-400' | 'continue' | 'busy' | 'unavailable';

export interface FaultServerOptions {
  /** Whose parser decides what is stored. Default oss-v2. */
  readonly product?: Product;
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** The fault for requests beyond the script. Default `ok`. */
  readonly otherwise?: Fault;
}

export interface FaultServer {
  readonly url: string;
  /** Data line texts stored, one entry each time one was stored. */
  readonly stored: string[];
  /** Authorization header of each request received, in order. */
  readonly authorizations: (string | undefined)[];
  /** Requests whose body was received. */
  requests(): number;
  /** The faults for the next requests, in order. */
  script(...faults: Fault[]): void;
  /** Resolves when `count` request bodies have been received (and stored). */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

function goodLines(body: string, product: Product): string[] {
  const profile = PROFILES[product];
  const doc = parseLineProtocol(body, { target: profile.parser, stringLimit: profile.stringLimit });
  const texts = splitDataLines(body).map((l) => l.text);
  return texts.filter((_, i) => doc.result(i).ok);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const product = options.product ?? 'oss-v2';
  const stored: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const queue: Fault[] = [];
  const sockets = new Set<Socket>();
  const waiters: { count: number; resolve: () => void }[] = [];
  let received = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const fault = queue.shift() ?? options.otherwise ?? 'ok';
    if (fault === 'continue') response.writeContinue();
    const body = await readBody(request);
    authorizations.push(request.headers.authorization);
    const lines = goodLines(body, product);
    if (fault === 'partial-400') stored.push(...lines.slice(0, Math.ceil(lines.length / 2)));
    else if (fault !== 'busy' && fault !== 'unavailable') stored.push(...lines);
    received++;
    for (const waiter of waiters.filter((w) => received >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    switch (fault) {
      case 'ok':
      case 'continue':
        response.writeHead(204);
        response.end();
        return;
      case 'hang':
        return;
      case 'close':
        request.socket.destroy();
        return;
      case 'truncated':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        response.write('{"code":"ok","message":"wri');
        // Let the first bytes leave before the connection goes.
        setImmediate(() => request.socket.destroy());
        return;
      case 'partial-400':
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end('{"code":"invalid","message":"partial write: field type conf');
        return;
      case 'busy':
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '8' });
        response.end('{"code":"too many requests","message":"org is over its write rate limit"}');
        return;
      case 'unavailable':
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end('{"code":"unavailable","message":"service unavailable"}');
        return;
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fault server error: ${String(error)}`);
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    stored,
    authorizations,
    requests: () => received,
    script: (...faults) => void queue.push(...faults),
    waitForRequests: (count) => (received >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve }))),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
