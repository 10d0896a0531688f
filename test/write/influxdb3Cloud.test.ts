/**
 * InfluxDB 3 Cloud (issue 13 §1): the managed InfluxDB 3 Enterprise, written through
 * `/api/v3/write_lp?db=…` (docs.influxdata.com/influxdb3/cloud/write-data/http-api/v3-write-lp/),
 * with Enterprise's rules and the same `data[]` answer as Core (influxdb3_server/src/http.rs,
 * `Error::PartialLpWrite`; write-api.md §3). The fake server answers as that documented server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { PROFILES } from '../../core/src/products';
import { writeLineProtocol } from '../../core/src/write/index';
import { first20Bytes } from '../support/fakeInflux/answers';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { memoryIo } from '../cli/memoryIo';
import { assertAccounted, connectionTo } from './helpers';

const TOKEN = 'cloud3-token-91c2';
const token = { kind: 'token', token: TOKEN } as const;

void describe('InfluxDB 3 Cloud as a product', () => {
  void it('has Enterprise\'s rules and its own label', () => {
    const { id, label, ...rules } = PROFILES['influxdb3-cloud'];
    const { id: _e, label: _l, ...enterprise } = PROFILES.enterprise;
    assert.deepEqual([id, label], ['influxdb3-cloud', 'InfluxDB 3 Cloud']);
    assert.deepEqual(rules, enterprise);
  });
});

void describe('writing to InfluxDB 3 Cloud (/api/v3/write_lp, data[] answers)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'influxdb3-cloud', bucket: 'sensors', token: TOKEN })));
  after(() => server.close());

  void it('writes to /api/v3/write_lp with db and Bearer, and maps a rejected line by line_number', async () => {
    const text = ['# readings', 'home,room=Kitchen temp=72.0 1', '', 'home,room=Hall temp= 2', 'home,room=Den temp=71.5 3'].join('\n');
    const report = await writeLineProtocol(text, connectionTo(server.url, 'influxdb3-cloud', { bucket: 'sensors' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine, r.status]), [[4, 2, 400]]);
    assert.equal(report.written, 2);
    assert.equal(server.requests[0].url, '/api/v3/write_lp?db=sensors&precision=nanosecond&accept_partial=true');
    assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(server.store.lines, ['home,room=Kitchen temp=72.0 1', 'home,room=Den temp=71.5 3']);
    assertAccounted(report, text);
  });

  void it('the fake cuts original_line to 20 bytes on a character boundary, as WriteLineError serializes it', () => {
    // influxdb3_types/src/write.rs: TRUNCATE_LIMIT = 20, `floor_char_boundary`.
    assert.equal(first20Bytes('home,room=Hall temp= 2'), 'home,room=Hall temp=');
    assert.equal(first20Bytes('m,t=ééééééééé f=1'), 'm,t=éééééééé'); // 4 + 16 bytes; the 9th é would cross 20
  });
});

void describe('lp check --target influxdb3-cloud', () => {
  void it('applies Enterprise\'s rules (a repeated field is rejected), which Cloud Serverless does not', async () => {
    const files = { 'a.lp': 'm a=1,a=2 1\n' };
    const cloud3 = memoryIo(files);
    assert.equal(await runCli(['check', '--target', 'influxdb3-cloud', 'a.lp'], cloud3.io), 1);
    assert.equal(cloud3.stdout(), `a.lp:1:7: error duplicate-field: Field 'a' appears more than once: InfluxDB 3 Cloud rejects the line ("multiple instances of 'a' field found"). Remove the duplicate.\n`);
    assert.match(cloud3.stderr(), /checked against influxdb3-cloud: 1 error/);
    const serverless = memoryIo(files);
    assert.equal(await runCli(['check', '--target', 'cloud-serverless', 'a.lp'], serverless.io), 0);
  });

  void it('lp write --help names it among the targets', async () => {
    const m = memoryIo({});
    assert.equal(await runCli(['write', '--help'], m.io), 0);
    assert.match(m.stdout(), /--target PRODUCT\s+.*\benterprise, influxdb3-cloud, oss-v2\b/);
  });
});
