/**
 * A connection's `columnFamilies` (issue 13 §3): whether the server stores fields by column family.
 * On for InfluxDB 3 Cloud by default, a choice on Enterprise (its newer storage engine: docs-v2
 * content/influxdb3/enterprise/performance-preview), never on Core (Parquet storage). What the checks
 * get of it is the language server's `columnFamilies` setting (core/src/analysis/families.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSettingsOf, type CheckInputs } from '../../client/src/checkSettings';
import { readConnections } from '../../client/src/connections';
import { resolveSettings } from '../../core/src/analysis/settings';
import { runCli } from '../../cli/src/cli';
import { memoryIo } from '../cli/memoryIo';

const defaults: CheckInputs = {
  explicitTarget: undefined,
  target: 'cloud-serverless',
  precision: 'ns',
  retentionPeriod: '',
  shardGroupDuration: '7d',
  maxDiagnostics: 1000,
  inlayTimestamps: true,
  active: undefined,
  activeRetention: undefined,
};

void describe('columnFamilies in a connection', () => {
  const { connections, problems } = readConnections([
    { name: 'ent', url: 'http://localhost:8181', target: 'enterprise', bucket: 'db', columnFamilies: true },
    { name: 'cloud3', url: 'https://cluster-host.a.influxdb.io', target: 'influxdb3-cloud', bucket: 'db' },
    { name: 'cloud3-off', url: 'https://cluster-host.a.influxdb.io', target: 'influxdb3-cloud', bucket: 'db', columnFamilies: false },
  ]);
  void it('is read for Enterprise and InfluxDB 3 Cloud and sent to the language server, which applies the default when unset', () => {
    assert.deepEqual(problems, []);
    const [ent, cloud3, off] = connections;
    const sentEnt = checkSettingsOf({ ...defaults, active: ent }).sent;
    assert.equal(sentEnt.columnFamilies, true);
    assert.equal(resolveSettings(sentEnt).columnFamilies, true);
    const sentCloud = checkSettingsOf({ ...defaults, active: cloud3 }).sent;
    assert.equal(sentCloud.columnFamilies, undefined);
    assert.equal(resolveSettings(sentCloud).columnFamilies, true);
    assert.equal(resolveSettings(checkSettingsOf({ ...defaults, active: off }).sent).columnFamilies, undefined);
  });
  void it('is not sent when a target setting makes the checks follow another product', () => {
    const sent = checkSettingsOf({ ...defaults, explicitTarget: 'core', target: 'core', active: connections[0] }).sent;
    assert.equal(sent.columnFamilies, undefined);
    assert.equal(resolveSettings(sent).columnFamilies, undefined);
  });
  void it('is refused on Core and the other products, and when it is not true or false', () => {
    const refused = readConnections([
      { name: 'core', url: 'http://localhost:8181', target: 'core', bucket: 'db', columnFamilies: true },
      { name: 'v1', url: 'http://localhost:8086', target: 'v1', bucket: 'db', columnFamilies: true },
      { name: 'odd', url: 'http://localhost:8181', target: 'enterprise', bucket: 'db', columnFamilies: 'yes' },
    ]);
    assert.equal(refused.connections.length, 0);
    assert.match(refused.problems[0], /^Connection 'core' sets "columnFamilies" to true, but InfluxDB 3 Core does not store fields by column family/);
    assert.match(refused.problems[1], /^Connection 'v1' sets "columnFamilies" to true, but InfluxDB 1\.x/);
    assert.equal(refused.problems[2], `Connection 'odd' has a "columnFamilies" that is not true or false.`);
  });
});

void describe('lp check --column-families', () => {
  const text = 'm ::x=1i,cpu::user=2i\n';
  void it('on for Enterprise adds the malformed-qualifier note; influxdb3-cloud has it by default and off removes it', async () => {
    const on = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'enterprise', '--column-families', 'on', 'a.lp'], on.io), 0);
    assert.match(on.stdout(), /^a\.lp:1:3: information field-family-qualifier: Field '::x' has nothing before ::/);
    const cloud = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'influxdb3-cloud', 'a.lp'], cloud.io), 0);
    assert.match(cloud.stdout(), /field-family-qualifier/);
    const off = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'influxdb3-cloud', '--column-families', 'off', 'a.lp'], off.io), 0);
    assert.equal(off.stdout(), '');
  });
  void it('reports a full family on Core (the catalog rule applies on every InfluxDB 3 target) with exit status 1', async () => {
    const lines = Array.from({ length: 101 }, (_, i) => `m cpu::f${i}=1i`).join('\n') + '\n';
    const m = memoryIo({ 'a.lp': lines });
    assert.equal(await runCli(['check', '--target', 'core', 'a.lp'], m.io), 1);
    assert.match(m.stdout(), /^a\.lp:101:3: error field-family-limit: .*"Update to schema would exceed the field limit \(100\) for field family 'cpu'"/);
  });
  void it('is refused for a product without the choice, or a value other than on and off', async () => {
    const core = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'core', '--column-families', 'on', 'a.lp'], core.io), 2);
    assert.match(core.stderr(), /--column-families applies only to enterprise and influxdb3-cloud .*not to core/);
    const odd = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'enterprise', '--column-families', 'yes', 'a.lp'], odd.io), 2);
    assert.match(odd.stderr(), /--column-families 'yes' is neither on nor off/);
  });
});
