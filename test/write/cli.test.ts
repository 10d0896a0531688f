/**
 * `lp write` end to end: the real bundled CLI (dist/cli.js) as a child process, writing to the
 * in-repo fake server and to a real influxd, with exact `--json` output and exit statuses.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { runLp } from '../cli/builtCli';
import { memoryIo } from '../cli/memoryIo';
import { INFLUXD_FIX, influxdAvailable, rows, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';

const TOKEN = 'cli-secret-token-91c2';
const FILE = ['# readings', 'm,host=a f=1 1', '', 'm f= 2', 'm f=3 3', 'bad', 'm f=5 5'].join('\n');

let dir: string;
let file: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-write-cli-'));
  file = join(dir, 'data.lp');
  writeFileSync(file, FILE);
});
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('lp write against the fake Cloud Serverless', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN })));
  after(() => server.close());

  void it('prints the exact --json report and exits 2 when lines were rejected', async () => {
    const run = await runLp(
      ['write', file, '--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'LP_TEST_TOKEN', '--batch-lines', '2', '--json'],
      { env: { LP_TEST_TOKEN: TOKEN } },
    );
    assert.equal(run.stderr, '');
    assert.equal(run.status, 2);
    const expected = {
      requests: 3,
      written: 3,
      rejected: [
        { line: 4, dataLine: 2, message: (JSON.parse(run.stdout) as { rejected: { message: string }[] }).rejected[0].message, status: 400 },
        { line: 6, dataLine: 4, message: (JSON.parse(run.stdout) as { rejected: { message: string }[] }).rejected[1].message, status: 400 },
      ],
      notSent: [],
      unconfirmed: [],
    };
    assert.equal(run.stdout, `${JSON.stringify(expected)}\n`);
    assert.ok(expected.rejected.every((r) => r.message.length > 0));
    assert.equal(server.requests.at(-1)?.headers['content-encoding'], 'gzip');
    assert.ok(!run.stdout.includes(TOKEN));
  });

  void it('drops a leading byte order mark, as the editor does', async () => {
    const m = memoryIo({ 'bom.lp': '\uFEFFbom f=1 1\nbom f=2 2' }, '', { TOK: TOKEN });
    const status = await runCli(['write', 'bom.lp', '--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'TOK', '--no-gzip'], m.io);
    assert.equal(status, 0);
    assert.equal(server.requests.at(-1)?.body, 'bom f=1 1\nbom f=2 2');
  });

  void it('prints FILE:LINE lines and a summary in text mode', async () => {
    const m = memoryIo({ 'data.lp': FILE }, '', { TOK: TOKEN });
    const status = await runCli(['write', 'data.lp', '--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'TOK', '--no-gzip'], m.io);
    assert.equal(status, 2);
    const lines = m.stdout().split('\n');
    assert.match(lines[0], /^data\.lp:4: .+ \(HTTP 400\)$/);
    assert.match(lines[1], /^data\.lp:6: .+ \(HTTP 400\)$/);
    assert.equal(lines[2], 'lp write: 3 line(s) written, 2 rejected, 0 not sent, 0 unconfirmed, in 1 request(s).');
  });

  void it('exits 0 when every line was written, 1 when the write failed', async () => {
    const good = join(dir, 'good.lp');
    writeFileSync(good, 'ok f=1 1\nok f=2 2\n');
    const base = ['write', good, '--url', server.url, '--target', 'cloud-serverless', '--org', 'org', '--token-env', 'LP_TEST_TOKEN', '--json'];
    const ok = await runLp([...base, '--bucket', 'bucket'], { env: { LP_TEST_TOKEN: TOKEN } });
    assert.equal(ok.status, 0);
    assert.equal(ok.stdout, '{"requests":1,"written":2,"rejected":[],"notSent":[],"unconfirmed":[]}\n');
    const missing = await runLp([...base, '--bucket', 'nope'], { env: { LP_TEST_TOKEN: TOKEN } });
    assert.equal(missing.status, 1);
    const reason = (JSON.parse(missing.stdout) as { notSent: { reason: string }[] }).notSent[0].reason;
    assert.match(reason, /404 Not Found for bucket 'nope' in org 'org'/);
    assert.match(missing.stderr, /^lp write: The write failed\. The server answered 404 .*\. 0 lines written, 0 rejected, 2 not sent, 0 unconfirmed\.\n$/);
    assert.ok(!missing.stdout.includes(TOKEN) && !missing.stderr.includes(TOKEN));
  });

  void it('explains usage errors with exit 2', async () => {
    const noUrl = await runLp(['write', file, '--target', 'cloud-serverless', '--bucket', 'b']);
    assert.equal(noUrl.status, 2);
    assert.match(noUrl.stderr, /--url is required/);
    const noEnv = await runLp(['write', file, '--url', server.url, '--target', 'v1', '--bucket', 'b', '--token-env', 'LP_UNSET_VAR_X']);
    assert.equal(noEnv.status, 2);
    assert.match(noEnv.stderr, /LP_UNSET_VAR_X .* not set/);
    const badTarget = await runLp(['write', file, '--url', server.url, '--target', 'v3', '--bucket', 'b']);
    assert.match(badTarget.stderr, /must name a product/);
  });
});

void describe('lp write against a real InfluxDB 1.x', () => {
  let influx: Influxd | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd({ auth: true });
    await influx.query('CREATE DATABASE clidb');
    await influx.query("CREATE USER w WITH PASSWORD 'w-pw'");
    await influx.query('GRANT WRITE ON clidb TO w');
  });
  after(() => influx?.stop());

  void it('writes with Basic auth from the environment and reports the partial write', async (t) => {
    if (!requirePrerequisite(t, influxdAvailable(), 'influxd (InfluxDB 1.x)', INFLUXD_FIX)) return;
    const url = (influx as Influxd).url;
    const env = { LP_USER: 'w', LP_PASS: 'w-pw' };
    const run = await runLp(['write', file, '--url', url, '--target', 'v1', '--bucket', 'clidb', '--precision', 's', '--username-env', 'LP_USER', '--password-env', 'LP_PASS', '--json'], { env });
    assert.equal(run.status, 2);
    assert.equal(
      run.stdout,
      `${JSON.stringify({
        requests: 1,
        written: 3,
        rejected: [
          { line: 4, dataLine: 2, message: 'missing field value', status: 400 },
          { line: 6, dataLine: 4, message: 'missing fields', status: 400 },
        ],
        notSent: [],
        unconfirmed: [],
      })}\n`,
    );
    assert.equal(rows(await (influx as Influxd).query('SELECT * FROM m', 'clidb')).length, 3);
    const denied = await runLp(['write', file, '--url', url, '--target', 'v1', '--bucket', 'clidb', '--username-env', 'LP_USER', '--password-env', 'LP_PASS'], { env: { ...env, LP_PASS: 'nope' } });
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /401 Unauthorized for database 'clidb'/);
    assert.match(denied.stdout, /data\.lp:2-7: not written: the server answered 401 Unauthorized/);
    assert.ok(!(denied.stdout + denied.stderr).includes('w-pw'));
  });
});
