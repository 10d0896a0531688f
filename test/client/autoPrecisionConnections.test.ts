/** A connection's `precision: "auto"` (issue 13 §2): only for /api/v3/write_lp targets (influxdb3_types/src/write.rs, `Precision::Auto`). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConnections, toWriteConnection } from '../../client/src/connections';

void describe('precision auto in a connection', () => {
  void it('is taken for InfluxDB 3 Cloud and sent as auto', () => {
    const { connections, problems } = readConnections([{ name: 'c3', url: 'https://cluster-host.a.influxdb.io', target: 'influxdb3-cloud', bucket: 'sensors', precision: 'auto' }]);
    assert.deepEqual(problems, []);
    const write = toWriteConnection(connections[0]);
    assert.equal(write.autoPrecision, true);
  });
  void it('is refused for a target whose endpoint does not take it, saying which do', () => {
    const { problems } = readConnections([{ name: 'd', url: 'https://cluster-id.a.influxdb.io', target: 'cloud-dedicated', bucket: 'db', precision: 'auto' }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /"precision" "auto", which only \/api\/v3\/write_lp takes \(InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud\), not InfluxDB Cloud Dedicated/);
  });
  void it('the file precision auto reaches the write when the connection sets none', () => {
    const { connections } = readConnections([{ name: 'core', url: 'http://localhost:8181', target: 'core', bucket: 'db' }]);
    assert.equal(toWriteConnection(connections[0], 'auto').autoPrecision, true);
    assert.equal(toWriteConnection(connections[0], 'ms').autoPrecision, undefined);
  });
});

/** `acceptPartial` (issue 13 §4): /api/v3/write_lp's `accept_partial`, default true (influxdb3_server/src/http.rs `write_lp_inner`). */
void describe('acceptPartial in a connection', () => {
  void it('false reaches the write for an InfluxDB 3 target; unset leaves the server default', () => {
    const { connections, problems } = readConnections([
      { name: 'strict', url: 'http://localhost:8181', target: 'enterprise', bucket: 'db', acceptPartial: false },
      { name: 'default', url: 'http://localhost:8181', target: 'core', bucket: 'db' },
    ]);
    assert.deepEqual(problems, []);
    assert.equal(toWriteConnection(connections[0]).acceptPartial, false);
    assert.equal(toWriteConnection(connections[1]).acceptPartial, undefined);
  });
  void it('is refused where the endpoint has no such parameter', () => {
    const { problems } = readConnections([{ name: 'v2', url: 'http://localhost:8086', target: 'oss-v2', bucket: 'b', org: 'o', acceptPartial: false }]);
    assert.match(problems[0] ?? '', /"acceptPartial" to false, which only \/api\/v3\/write_lp takes .*not InfluxDB OSS 2\.x/);
  });
});
