/**
 * An InfluxDB 3 Core-style server holding data, for the stored-schema e2e runs (issue 12), where
 * a field's type holds for the whole table (so a conflict with what is stored is an error, not the
 * 1.x note). It answers as schema-and-influxdb3.md §3 documents:
 * - `POST /api/v3/write_lp?db=…`: the writes, answered by the in-repo fake's InfluxDB 3 rules
 *   (test/support/fakeInflux/answers.ts: the first write of a field sets its type, 204 or the
 *   rejected lines);
 * - `POST /api/v3/query_sql` with JSON `{"db","q","format":"json"}`, `q` being `SELECT * (or
 *   measurement, key, data_type) FROM system.influxdb_schema` optionally `WHERE measurement IN ('a', 'b')`: the rows
 *   `{measurement, key, data_type}` of what it stores, `data_type` `time`, `tag` or the field type
 *   (influxdb3_system_tables/src/influxdb_schema.rs).
 * `Authorization: Bearer|Token <token>` or 401; another database: 404 `query error: database not found: x`; the
 * database `slowDatabase`: its schema queries are never answered (a server that hangs), so that a
 * test can show the editor's checks do not wait for them.
 * Every request is recorded (path and Authorization header) for the token checks.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerWrite, createStore } from '../../support/fakeInflux/answers';

export interface SchemaServer {
  readonly url: string;
  readonly token: string;
  readonly database: string;
  readonly requests: { readonly path: string; readonly authorization: string }[];
  close(): Promise<void>;
}

/** The tag keys of a line protocol line (between the measurement and the first unescaped space). */
function tagKeys(line: string): string[] {
  const keys: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === ' ') {
      if (start >= 0) keys.push(line.slice(start, line.indexOf('=', start)));
      break;
    }
    if (c === ',') {
      if (start >= 0) keys.push(line.slice(start, line.indexOf('=', start)));
      start = i + 1;
    }
  }
  return keys.map((k) => k.replace(/\\(.)/g, '$1'));
}

function measurementOf(line: string): string {
  const end = line.search(/(?<!\\)[, ]/);
  return (end < 0 ? line : line.slice(0, end)).replace(/\\(.)/g, '$1');
}

export async function startSchemaServer(options: { token: string; database: string; slowDatabase?: string }): Promise<SchemaServer> {
  const store = createStore();
  const requests: { path: string; authorization: string }[] = [];

  const json = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  /** The rows of system.influxdb_schema for what is stored. */
  const schemaRows = (only: ReadonlySet<string> | undefined): { measurement: string; key: string; data_type: string }[] => {
    const tags = new Map<string, Set<string>>();
    for (const line of store.lines) {
      const m = measurementOf(line);
      let set = tags.get(m);
      if (!set) tags.set(m, (set = new Set()));
      for (const k of tagKeys(line)) set.add(k);
    }
    const rows: { measurement: string; key: string; data_type: string }[] = [];
    for (const [measurement, fields] of store.schema) {
      if (only && !only.has(measurement)) continue;
      for (const key of [...(tags.get(measurement) ?? [])].sort()) rows.push({ measurement, key, data_type: 'tag' });
      for (const [key, type] of fields) rows.push({ measurement, key, data_type: type });
      rows.push({ measurement, key: 'time', data_type: 'time' });
    }
    return rows;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const authorization = request.headers.authorization ?? '';
    requests.push({ path: url.pathname, authorization });
    if (request.method !== 'POST' || (url.pathname !== '/api/v3/write_lp' && url.pathname !== '/api/v3/query_sql')) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('404 page not found');
      return;
    }
    if (authorization !== `Bearer ${options.token}` && authorization !== `Token ${options.token}`) {
      json(response, 401, { error: 'unauthorized access' });
      return;
    }
    if (url.pathname === '/api/v3/write_lp') {
      if (url.searchParams.get('db') !== options.database) return json(response, 404, { error: `database not found: ${url.searchParams.get('db')}` });
      const answer = answerWrite('core', body, store);
      response.writeHead(answer.status, { ...(answer.body === '' ? {} : { 'content-type': 'application/json' }), ...answer.headers });
      response.end(answer.body);
      return;
    }
    let query: { db?: unknown; q?: unknown };
    try {
      query = JSON.parse(body) as { db?: unknown; q?: unknown };
    } catch {
      return json(response, 400, { error: 'invalid JSON body' });
    }
    // Never answered: the client's time limit or abort closes it (or the server's close does).
    if (options.slowDatabase !== undefined && query.db === options.slowDatabase) return;
    // influxdb3_server/src/http.rs `Error::Query(DatabaseNotFound)` (3.10 branch c342445a): 404, "query error: database not found: x".
    if (query.db !== options.database) return json(response, 404, { error: `query error: database not found: ${String(query.db)}` });
    const q = typeof query.q === 'string' ? query.q : '';
    if (!/^SELECT (\*|measurement, key, data_type) FROM system\.influxdb_schema\b/i.test(q)) return json(response, 400, { error: `this test server answers only SELECT … FROM system.influxdb_schema, not: ${q}` });
    const inList = /WHERE measurement IN \((.*)\)\s*$/i.exec(q)?.[1];
    const only = inList === undefined ? undefined : new Set([...inList.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")));
    json(response, 200, schemaRows(only));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`schema server error: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: options.token,
    database: options.database,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
