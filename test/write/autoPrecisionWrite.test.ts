/**
 * Writing with `precision=auto` (issue 13 §2): sent as `precision=auto` to /api/v3/write_lp, the only
 * endpoint that takes it (influxdata/influxdb d7834110: influxdb3_types/src/write.rs `Precision::Auto`,
 * influxdb3_server/src/http.rs `write_lp_inner`; docs: influxdb3/cloud/write-data/http-api/v3-write-lp),
 * and refused with a clear message before any request for every other endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { writeLineProtocol } from '../../core/src/write/index';
import { memoryIo } from '../cli/memoryIo';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { connectionTo } from './helpers';

const TOKEN = 'auto-token-5d1e';

void describe('precision=auto on /api/v3/write_lp', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'core', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('lp write --precision auto sends precision=auto', async () => {
    const m = memoryIo({ 'a.lp': 'm f=1 1780000000\nm f=2 1780000000000\n' }, '', { TOK: TOKEN });
    const status = await runCli(['write', 'a.lp', '--url', server.url, '--target', 'core', '--bucket', 'db', '--token-env', 'TOK', '--precision', 'auto', '--no-gzip'], m.io);
    assert.equal(status, 0, m.stderr());
    assert.equal(server.requests.at(-1)?.url, '/api/v3/write_lp?db=db&precision=auto&accept_partial=true');
  });

  void it('lp write --precision n (a short name the server takes) is sent in the name every version takes', async () => {
    const m = memoryIo({ 'a.lp': 'm f=1 1\n' }, '', { TOK: TOKEN });
    assert.equal(await runCli(['write', 'a.lp', '--url', server.url, '--target', 'core', '--bucket', 'db', '--token-env', 'TOK', '--precision', 'n', '--no-gzip'], m.io), 0, m.stderr());
    assert.equal(server.requests.at(-1)?.url, '/api/v3/write_lp?db=db&precision=nanosecond&accept_partial=true');
  });
});

void describe('precision=auto where the endpoint does not take it', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-dedicated', token: TOKEN })));
  after(() => server.close());

  void it('the writer stops with a clear error before any request', async () => {
    const report = await writeLineProtocol('m f=1 1\n', connectionTo(server.url, 'cloud-dedicated', { autoPrecision: true }), { credentials: { kind: 'token', token: TOKEN } });
    assert.equal(server.requests.length, 0);
    assert.equal(report.written, 0);
    assert.match(JSON.stringify(report), /Precision auto is taken only by \/api\/v3\/write_lp \(InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud\), not by InfluxDB Cloud Dedicated: set the precision your timestamps are in/);
  });

  void it('lp write refuses --precision auto for that target (exit 2, nothing sent)', async () => {
    const m = memoryIo({ 'a.lp': 'm f=1 1\n' }, '', { TOK: TOKEN });
    assert.equal(await runCli(['write', 'a.lp', '--url', server.url, '--target', 'cloud-dedicated', '--bucket', 'bucket', '--token-env', 'TOK', '--precision', 'auto'], m.io), 2);
    assert.match(m.stderr(), /precision 'auto' is taken only by \/api\/v3\/write_lp/);
    assert.equal(server.requests.length, 0);
  });
});
