/**
 * What the checks follow (issue #10 item 8) and exactly what the language server is sent for them
 * (issue #9 §6: never a connection, URL or credential).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSettingsOf, describeFollow, type CheckInputs } from '../../client/src/checkSettings';
import { readConnections } from '../../client/src/connections';

const [prod, local] = readConnections([
  { name: 'prod', url: 'https://us-east-1-1.aws.cloud2.influxdata.com', target: 'cloud-serverless', bucket: 'b', org: 'o', precision: 's' },
  { name: 'local', url: 'http://localhost:8086', target: 'v1', bucket: 'db' },
]).connections;

/** The section as VS Code resolves it with every setting at its default. */
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

void describe('checkSettingsOf', () => {
  void it('follows the active connection by default: its product, precision and retention', () => {
    const { sent, follows, precisionOfConnection } = checkSettingsOf({ ...defaults, target: 'cloud-serverless', active: prod, activeRetention: '30d' });
    assert.deepEqual(sent, {
      target: 'cloud-serverless',
      precision: 's',
      retentionPeriod: '30d',
      shardGroupDuration: '7d',
      maxDiagnostics: 1000,
      inlayHints: { timestamps: true },
      precisionPlace: "connection 'prod'",
    });
    assert.deepEqual(follows, { kind: 'connection', product: 'cloud-serverless', connection: 'prod' });
    assert.equal(precisionOfConnection, true);
    assert.equal(describeFollow(follows), "Checks follow connection 'prod' (InfluxDB Cloud Serverless)");
  });

  void it('a connection without precision or retention: the settings give them (as the write uses the precision setting then)', () => {
    const { sent, follows, precisionOfConnection } = checkSettingsOf({ ...defaults, precision: 'ms', retentionPeriod: '7d', active: local });
    assert.deepEqual(sent, {
      target: 'v1',
      precision: 'ms',
      retentionPeriod: '7d',
      shardGroupDuration: '7d',
      maxDiagnostics: 1000,
      inlayHints: { timestamps: true },
      precisionPlace: 'the influxLineProtocol.precision setting',
    });
    assert.equal(follows.product, 'v1');
    assert.equal(precisionOfConnection, false);
  });

  void it('the issue\'s case: a Cloud Serverless connection with the target setting at its default checks against Cloud Serverless, not 1.x', () => {
    assert.equal(checkSettingsOf({ ...defaults, active: prod }).sent.target, 'cloud-serverless');
  });

  void it('a target someone set overrides the connection\'s product; timestamps are still read with the precision the write sends', () => {
    const { sent, follows, precisionOfConnection } = checkSettingsOf({ ...defaults, explicitTarget: 'v1', target: 'v1', precision: 'us', active: prod, activeRetention: '30d' });
    assert.deepEqual(sent, {
      target: 'v1',
      precision: 's',
      retentionPeriod: '30d',
      shardGroupDuration: '7d',
      maxDiagnostics: 1000,
      inlayHints: { timestamps: true },
      precisionPlace: "connection 'prod'",
    });
    assert.equal(precisionOfConnection, true);
    assert.deepEqual(follows, { kind: 'setting', product: 'v1' });
    assert.equal(describeFollow(follows), 'Checks follow the influxLineProtocol.target setting (InfluxDB 1.x)');
    assert.equal(checkSettingsOf({ ...defaults, explicitTarget: 'v1', target: 'v1', precision: 'us', active: local }).sent.precision, 'us');
  });

  void it('no active connection: the settings, with their defaults', () => {
    const { sent, follows } = checkSettingsOf(defaults);
    assert.equal(sent.target, 'cloud-serverless');
    assert.deepEqual(follows, { kind: 'default', product: 'cloud-serverless' });
    assert.equal(describeFollow(follows), 'Checks follow the influxLineProtocol.target default (InfluxDB Cloud Serverless): no active connection');
  });

  void it('sends only the checks\' settings: no connection, URL, bucket, org or name of a secret', () => {
    const json = JSON.stringify(checkSettingsOf({ ...defaults, active: prod }).sent);
    for (const word of ['connections', 'url', 'https://', 'bucket', 'org', 'token', 'password']) assert.ok(!json.includes(word), `${word} in ${json}`);
  });
});
