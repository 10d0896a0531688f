/**
 * The stored-schema reader of get_bucket_schema (core/src/tools/bucketSchema.ts): InfluxQL
 * against a real influxd 1.6.7, and `system.influxdb_schema` over `/api/v3/query_sql` against a
 * small server that answers as InfluxDB 3 Core documents it (schema-and-influxdb3.md §3,
 * influxdb3_system_tables/src/influxdb_schema.rs): rows of `{measurement, key, data_type}`.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { formatBucketSchema, readBucketSchema } from '../../core/src/tools/bucketSchema';
import { INFLUXD_FIX, influxdAvailable, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { connectionTo } from '../write/helpers';

void describe('readBucketSchema against influxd 1.6.7 (InfluxQL SHOW … over /query)', () => {
  let influx: Influxd | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd({ auth: true });
    await influx.query('CREATE DATABASE schema_db');
    const admin = influx.admin as NonNullable<Influxd['admin']>;
    // Two weeks apart: another shard group (7 days), where `usage` may take another type.
    const body = ['cpu,host=a,region=eu usage=1.5,count=3i 1700000000000000000', 'disk free="12G" 1700000000000000000', 'cpu,host=b usage=2i 1701209600000000000'].join('\n');
    const response = await fetch(`${influx.url}/write?db=schema_db`, { method: 'POST', body, headers: { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}` } });
    assert.equal(response.status, 204, await response.text());
  });
  after(() => influx?.stop());

  void it('lists measurements, tag keys and field keys with their types', async (t) => {
    if (!requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX) || !influx) return;
    const admin = influx.admin as NonNullable<Influxd['admin']>;
    const connection = connectionTo(influx.url, 'v1', { bucket: 'schema_db' });
    const credentials = { kind: 'basic', ...admin } as const;
    const read = await readBucketSchema(connection, credentials);
    assert.deepEqual(read, {
      ok: true,
      measurements: [
        { name: 'cpu', tags: ['host', 'region'], fields: [{ name: 'count', types: ['integer'] }, { name: 'usage', types: ['float', 'integer'] }] },
        { name: 'disk', tags: [], fields: [{ name: 'free', types: ['string'] }] },
      ],
    });
    const text = formatBucketSchema(read, connection, { credentials });
    assert.equal(
      text,
      [
        `bucket 'schema_db' (InfluxDB 1.x at ${new URL(influx.url).href}) stores 2 measurements.`,
        'cpu: tags host, region; fields count (integer), usage (float / integer, differs between shard groups)',
        'disk: no tags; fields free (string)',
      ].join('\n'),
    );
  });

  void it('reads only the measurements asked for, quoted, in two requests', async (t) => {
    if (!requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX) || !influx) return;
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => {
      asked.push(new URL(String(input)).searchParams.get('q') ?? '');
      return fetch(input, init);
    };
    const connection = connectionTo(influx.url, 'v1', { bucket: 'schema_db' });
    const read = await readBucketSchema(connection, { kind: 'basic', ...(influx.admin as NonNullable<Influxd['admin']>) }, counting, { measurements: ['cpu', 'no "such"', 'cpu'] });
    assert.deepEqual(read, { ok: true, measurements: [{ name: 'cpu', tags: ['host', 'region'], fields: [{ name: 'count', types: ['integer'] }, { name: 'usage', types: ['float', 'integer'] }] }] });
    assert.deepEqual(asked, ['SHOW TAG KEYS FROM "cpu","no \\"such\\""', 'SHOW FIELD KEYS FROM "cpu","no \\"such\\""']);
  });

  void it('a wrong password is said to be wrong (writes fail too), not taken for a write-only user; never echoed', async (t) => {
    if (!requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX) || !influx) return;
    const credentials = { kind: 'basic', username: 'admin', password: 'wrong-password-5f2a' } as const;
    const connection = connectionTo(influx.url, 'v1', { bucket: 'schema_db' });
    const read = await readBucketSchema(connection, credentials);
    assert.equal(read.ok, false);
    const text = formatBucketSchema(read, connection, { credentials });
    assert.match(text, /could not be read: the server did not accept the credentials \(HTTP 401: .*authorization failed.*\): the token, or the username and password, are missing or wrong, so writes will be refused too: set them again\./);
    assert.ok(!text.includes('wrong-password-5f2a'));
  });

  void it('says so when the database does not exist', async (t) => {
    if (!requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX) || !influx) return;
    const read = await readBucketSchema(connectionTo(influx.url, 'v1', { bucket: 'no_such_db' }), { kind: 'basic', ...(influx.admin as NonNullable<Influxd['admin']>) });
    assert.deepEqual(read, { ok: false, failure: 'database', reason: "database 'no_such_db' does not exist on the server (database not found: no_such_db). Nothing is stored yet, so nothing constrains the types." });
  });
});

void describe('readBucketSchema for InfluxDB 3 Core (system.influxdb_schema over /api/v3/query_sql)', () => {
  const token = 'apiv3_schema-sentinel-77';
  let url: string;
  const seen: { method?: string; path?: string; auth?: string; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (s: string) => (body += s));
    request.on('end', () => {
      seen.push({ method: request.method, path: request.url, auth: request.headers.authorization, body });
      if (request.headers.authorization !== `Bearer ${token}`) {
        response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the request was not authenticated' }));
        return;
      }
      // As influxdb_schema.rs lists them: the time column too, types in line protocol's words.
      const rows = [
        { measurement: 'cpu', key: 'host', data_type: 'tag' },
        { measurement: 'cpu', key: 'time', data_type: 'time' },
        { measurement: 'cpu', key: 'usage', data_type: 'float' },
        { measurement: 'cpu', key: 'hits', data_type: 'uinteger' },
      ];
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(rows));
    });
  });
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  void it('asks with the documented query and a Bearer token, and reads the rows', async () => {
    const read = await readBucketSchema(connectionTo(url, 'core', { bucket: 'db3' }), { kind: 'token', token });
    assert.deepEqual(read, { ok: true, measurements: [{ name: 'cpu', tags: ['host'], fields: [{ name: 'hits', types: ['uinteger'] }, { name: 'usage', types: ['float'] }] }] });
    assert.deepEqual(seen.at(-1), { method: 'POST', path: '/api/v3/query_sql', auth: `Bearer ${token}`, body: JSON.stringify({ db: 'db3', q: 'SELECT measurement, key, data_type FROM system.influxdb_schema', format: 'json' }) });
  });

  void it('limits the rows to the measurements asked for, and reads InfluxDB 3 Cloud the same way', async () => {
    const read = await readBucketSchema(connectionTo(url, 'influxdb3-cloud', { bucket: 'db3' }), { kind: 'token', token }, fetch, { measurements: ['cpu', "o'clock"] });
    assert.equal(read.ok, true);
    assert.deepEqual(seen.at(-1), {
      method: 'POST',
      path: '/api/v3/query_sql',
      auth: `Bearer ${token}`,
      body: JSON.stringify({ db: 'db3', q: "SELECT measurement, key, data_type FROM system.influxdb_schema WHERE measurement IN ('cpu', 'o''clock')", format: 'json' }),
    });
  });

  void it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        controller.abort();
      });
    const read = await readBucketSchema(connectionTo(url, 'core', { bucket: 'db3' }), { kind: 'token', token }, hanging, { signal: controller.signal });
    assert.deepEqual(read, { ok: false, failure: 'cancelled', reason: 'the reading was cancelled.' });
  });

  void it('says why when the token is refused', async () => {
    const read = await readBucketSchema(connectionTo(url, 'core', { bucket: 'db3' }), { kind: 'token', token: 'other-token' });
    assert.deepEqual(read, {
      ok: false,
      failure: 'credentials',
      reason: 'the server did not accept the credentials (HTTP 401: {"error":"the request was not authenticated"}): the token, or the username and password, are missing or wrong, so writes will be refused too: set them again.',
    });
  });

  void it('says when the server cannot be reached', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const read = await readBucketSchema(connectionTo(`http://127.0.0.1:${port}`, 'core', { bucket: 'db3' }), { kind: 'none' });
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.reason, new RegExp(`^could not reach http://127\\.0\\.0\\.1:${port}/api/v3/query_sql: `));
  });
});
