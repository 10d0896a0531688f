/**
 * `lp check FILE --url …` and `lp schema` (issue 12) in process, against servers that hold data:
 * file A is written first, then file B is checked against the stored schema and written, and
 * what the check calls an error is compared with what the server rejects (line by line: one line
 * per request). The real influxd 1.6.7 for 1.x; the in-repo fake (test/support/fakeInflux, which
 * answers the schema queries as documented: query.ts) for Cloud Serverless and InfluxDB 3 Core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { INFLUXD_FIX, influxdAvailable, startInfluxd, type Influxd } from '../../support/influxd';
import { memoryIo } from '../cli/memoryIo';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { requirePrerequisite } from '../support/prerequisite';

const TOKEN = 'schema-token-5b1e';
const T = 1700000000000000000n;

interface CheckItem {
  readonly line: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

async function lp(args: string[], files: Record<string, string> = {}, env: Record<string, string> = { TOK: TOKEN }) {
  const m = memoryIo(files, '', env);
  const status = await runCli(args, m.io);
  return { status, stdout: m.stdout(), stderr: m.stderr() };
}

/** Writes `text` one line per request and returns the lines the server rejected. */
async function writtenRejects(connection: string[], text: string): Promise<number[]> {
  const run = await lp(['write', 'b.lp', ...connection, '--batch-lines', '1', '--no-gzip', '--json'], { 'b.lp': text });
  const report = JSON.parse(run.stdout) as { rejected: { line: number }[]; notSent: unknown[]; unconfirmed: unknown[] };
  assert.deepEqual([report.notSent, report.unconfirmed], [[], []], run.stderr);
  return report.rejected.map((r) => r.line);
}

async function checked(connection: string[], text: string): Promise<{ status: number; items: CheckItem[]; stderr: string }> {
  const run = await lp(['check', 'b.lp', ...connection, '--format', 'json'], { 'b.lp': text });
  return { status: run.status, items: JSON.parse(run.stdout) as CheckItem[], stderr: run.stderr };
}

const errorLines = (items: readonly CheckItem[]): number[] => items.filter((i) => i.severity === 'error').map((i) => i.line);

void describe('lp check --url and lp schema: IOx (Cloud Serverless, in-repo server)', () => {
  let server: FakeInflux;
  let other: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN, writeOnlyToken: 'write-only-9c' });
    other = await startFakeInflux({ product: 'cloud-serverless' });
  });
  after(async () => {
    await server.close();
    await other.close();
  });
  const connection = () => ['--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'TOK'];

  void it('errors exactly on the lines the server then rejects', async () => {
    const a = await lp(['write', 'a.lp', ...connection(), '--no-gzip'], { 'a.lp': `weather,site=a temp=21.5,count=3i ${T}\n` });
    assert.equal(a.status, 0, a.stderr);
    const b = [`weather temp=22i ${T}`, `weather site=1i ${T}`, `weather,temp=x count=4i ${T}`, `weather temp=23.5 ${T}`, `fresh v=1i ${T}`, `fresh v=1.5 ${T}`].join('\n') + '\n';
    const check = await checked(connection(), b);
    assert.deepEqual(
      check.items.map((i) => [i.line, i.code]),
      [
        [1, 'stored-field-type'],
        [2, 'stored-tag-field'],
        [3, 'stored-tag-field'],
        [6, 'field-type-conflict'],
      ],
    );
    assert.equal(check.items[0].message, "InfluxDB Cloud Serverless stores 'temp' of 'weather' as float in bucket 'bucket': this integer point is rejected. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).");
    assert.equal(check.status, 1);
    const text = await lp(['check', 'b.lp', ...connection()], { 'b.lp': b });
    assert.match(text.stderr, /checked against cloud-serverless and the stored schema of bucket 'bucket' \(1 measurement\): 4 errors/);
    assert.deepEqual(await writtenRejects(connection(), b), errorLines(check.items));
  });

  void it('lp schema prints the stored columns, as a table and as JSON', async () => {
    const text = await lp(['schema', ...connection()]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^MEASUREMENT {2}COLUMN {2}KIND {3}TYPE\n/);
    assert.match(text.stdout, /\nweather {6}temp {4}field {2}float\n/);
    const json = await lp(['schema', ...connection(), '--json']);
    const rows = JSON.parse(json.stdout) as { measurement: string; column: string; kind: string; type: string | null }[];
    assert.deepEqual(rows.find((r) => r.column === 'site'), { measurement: 'weather', column: 'site', kind: 'tag', type: null });
    assert.deepEqual(rows.find((r) => r.column === 'count'), { measurement: 'weather', column: 'count', kind: 'field', type: 'integer' });
  });

  void it('a write-only token: says the token may write but not read, and checks without the schema', async () => {
    const env = { TOK: 'write-only-9c' };
    const schema = await lp(['schema', ...connection()], {}, env);
    assert.equal(schema.status, 1);
    assert.match(schema.stderr, /HTTP 403.*They may write but not read: a write-only token/);
    assert.ok(!schema.stderr.includes('write-only-9c'));
    const check = await lp(['check', 'b.lp', ...connection()], { 'b.lp': `weather temp=22i ${T}\n` }, env);
    assert.match(check.stderr, /could not be read: .*may write but not read.* Checking without it\./);
    assert.equal(check.stdout, '');
    assert.equal(check.status, 2);
  });

  void it('a schema request that never answers is given up after --timeout-ms, and the check goes on without it', async () => {
    server.script({ kind: 'hang' });
    const run = await lp(['check', 'b.lp', ...connection(), '--timeout-ms', '300'], { 'b.lp': `weather temp=22i ${T}\n` });
    assert.match(run.stderr, /could not be read: could not reach http:\/\/127\.0\.0\.1:\d+\/query\?db=bucket&q=SHOW\+MEASUREMENTS: no answer within 300 ms\. Checking without it\./);
    assert.equal(run.status, 2);
  });

  void it('the token never reaches another origin, even when the server redirects there', async () => {
    server.script({ status: 307, body: '', headers: { location: `${other.url}/query?db=bucket&q=SHOW%20MEASUREMENTS` } });
    const run = await lp(['schema', ...connection()]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /HTTP 307/);
    assert.deepEqual(other.requests, []);
    assert.ok(server.requests.every((r) => r.url.startsWith('/')));
  });
});

void describe('lp schema: a Cloud Serverless bucket without a DBRP mapping', () => {
  let server: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN, dbrpMapping: false });
  });
  after(() => server.close());

  void it('says the mapping is missing and how to create it', async () => {
    const run = await lp(['schema', '--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'TOK']);
    assert.equal(run.status, 1);
    // Cloud Serverless answers `database not found: <bucket>` for a bucket InfluxQL cannot map (docs-v2 PR 5117).
    assert.match(run.stderr, /no DBRP mapping for bucket 'bucket' \(database not found: bucket\): create one with 'influx v1 dbrp create --db bucket --rp autogen --bucket-id <bucket id> --default'/);
  });
});

void describe('lp check --url: InfluxDB 3 Core (in-repo server, system.influxdb_schema)', () => {
  let server: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'core', token: TOKEN });
  });
  after(() => server.close());
  const connection = () => ['--url', server.url, '--target', 'core', '--bucket', 'bucket', '--token-env', 'TOK'];

  void it('errors exactly on the lines the server then rejects', async () => {
    const a = await lp(['write', 'a.lp', ...connection(), '--no-gzip'], { 'a.lp': `weather temp=21.5,count=3i ${T}\n` });
    assert.equal(a.status, 0, a.stderr);
    const b = [`weather temp=22i ${T}`, `weather count=1.5 ${T}`, `weather temp=1.5,count=2i ${T}`, `other temp=1i ${T}`].join('\n') + '\n';
    const check = await checked(connection(), b);
    assert.deepEqual(check.items.map((i) => [i.line, i.code]), [[1, 'stored-field-type'], [2, 'stored-field-type']]);
    assert.match(check.items[0].message, /^InfluxDB 3 Core stores 'temp' of 'weather' as float in database 'bucket'/);
    assert.deepEqual(await writtenRejects(connection(), b), errorLines(check.items));
  });

  void it('a missing database: lp schema says so and fails', async () => {
    const run = await lp(['schema', '--url', server.url, '--target', 'core', '--bucket', 'nope', '--token-env', 'TOK']);
    assert.equal(run.status, 1);
    // 404 "query error: database not found: nope" (influxdb3_server/src/http.rs, 3.10 branch c342445a).
    assert.match(run.stderr, /database 'nope' does not exist on the server \(HTTP 404: \{"error":"query error: database not found: nope"\}\)/);
  });
});

void describe('lp check --url and lp schema: InfluxDB 1.x (real influxd 1.6.7)', () => {
  let influx: Influxd | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd();
    await influx.query('CREATE DATABASE db');
  });
  after(() => influx?.stop());
  const need = (t: TestContext): boolean => requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX);
  const server = (db: string) => ['--url', (influx as Influxd).url, '--target', 'v1', '--bucket', db];
  const connection = (db = 'db') => [...server(db), '--precision', 's'];
  // Seconds; shard groups of 7 days start on Mondays: 1699833600 is Monday 2023-11-13.
  const monday = 1699833600;

  void it('errors where the shard group of the point holds another type, a note elsewhere: as the server judges', async (t) => {
    if (!need(t)) return;
    const a = await lp(['write', 'a.lp', ...connection(), '--no-gzip'], { 'a.lp': `weather,site=a temp=21.5,count=3i ${monday + 3600}\n` });
    assert.equal(a.status, 0, a.stderr);
    const b = [`weather temp=22i ${monday + 7200}`, `weather temp=23i ${monday + 14 * 86400}`, `weather count=4i ${monday + 7200}`, `weather count=4.5 ${monday + 7200}`].join('\n') + '\n';
    const check = await checked(connection(), b);
    assert.deepEqual(check.items.map((i) => [i.line, i.severity, i.code]), [
      [1, 'error', 'stored-field-type'],
      [2, 'information', 'stored-type-other-shard'],
      [4, 'error', 'stored-field-type'],
    ]);
    assert.equal(
      check.items[0].message,
      "InfluxDB 1.x stores 'temp' of 'weather' as float in database 'db' (in the shard group starting 2023-11-13T00:00:00.000000000Z, the point's): this integer point is rejected. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).",
    );
    assert.equal(check.status, 1);
    // The server rejects lines 1 and 4 (the shard group of A holds float temp and integer count)
    // and stores line 2 (another shard group).
    assert.deepEqual(await writtenRejects(connection(), b), errorLines(check.items));
  });

  void it('a missing database: lp schema fails, lp check says so and checks without it', async (t) => {
    if (!need(t)) return;
    const schema = await lp(['schema', ...server('missing_db')]);
    assert.equal(schema.status, 1);
    assert.match(schema.stderr, /database 'missing_db' does not exist on the server \(database not found: missing_db\)/);
    const check = await lp(['check', 'b.lp', ...connection('missing_db')], { 'b.lp': `weather temp=1i ${monday}\n` });
    assert.equal(check.status, 2);
    assert.match(check.stderr, /Checking without it\./);
  });
});

void describe('lp schema against influxd 1.6.7 with auth: a read-only and a write-only user', () => {
  let influx: Influxd | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd({ auth: true });
    await influx.query('CREATE DATABASE db');
    await influx.query(`CREATE USER reader WITH PASSWORD 'reader-pw-41'`);
    await influx.query('GRANT READ ON db TO reader');
    await influx.query(`CREATE USER writer WITH PASSWORD 'writer-pw-73'`);
    await influx.query('GRANT WRITE ON db TO writer');
  });
  after(() => influx?.stop());
  const as = () => ['--url', (influx as Influxd).url, '--target', 'v1', '--bucket', 'db', '--username-env', 'U', '--password-env', 'P'];

  void it('the writer may write but not read the schema; the reader reads it', async (t) => {
    if (!requirePrerequisite(t, influx !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX)) return;
    const writer = { U: 'writer', P: 'writer-pw-73' };
    const written = await lp(['write', 'a.lp', ...as(), '--precision', 's', '--no-gzip'], { 'a.lp': 'weather temp=1.5 1699837200\n' }, writer);
    assert.equal(written.status, 0, written.stderr);
    const refused = await lp(['schema', ...as()], {}, writer);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /refused the credentials for reading \(HTTP 403: .*\)\. They may write but not read/);
    assert.ok(!refused.stderr.includes('writer-pw-73'));
    const check = await lp(['check', 'b.lp', ...as(), '--precision', 's'], { 'b.lp': 'weather temp=2i 1699837260\n' }, writer);
    assert.equal(check.status, 2);
    assert.match(check.stderr, /Checking without it\./);
    const reader = await lp(['schema', ...as(), '--json'], {}, { U: 'reader', P: 'reader-pw-41' });
    assert.equal(reader.status, 0, reader.stderr);
    assert.deepEqual(JSON.parse(reader.stdout), [{ measurement: 'weather', column: 'temp', kind: 'field', type: 'float' }]);
    // SHOW SHARDS needs an admin: a reader's check keeps the 1.x stored types as notes, and says why.
    const readerCheck = await lp(['check', 'b.lp', ...as(), '--precision', 's', '--format', 'json'], { 'b.lp': 'weather temp=2i 1699837260\n' }, { U: 'reader', P: 'reader-pw-41' });
    assert.match(readerCheck.stderr, /note: the field types per shard group of database 'db' could not be read \(SHOW SHARDS: .*\): a stored type is then only noted, never an error\./);
    assert.deepEqual((JSON.parse(readerCheck.stdout) as CheckItem[]).map((i) => [i.severity, i.code]), [['information', 'stored-type-other-shard']]);
    assert.equal(readerCheck.status, 0);
  });
});
