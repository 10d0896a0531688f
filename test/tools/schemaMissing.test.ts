/**
 * Reading a stored schema that the server has no database (or no DBRP mapping) for (issue 12): the
 * exact answers, and what the user is told.
 *
 * Sources:
 * - OSS 2.x, influxdata/influxdb v2.7.12: `/query` answers HTTP 200 with the statement's error in
 *   `results[0].error` (influxql/query/proxy_executor.go, executor.go: a normalize or execute error
 *   becomes `Result.Err`). Without a DBRP mapping for the database, v1/coordinator/statement_executor.go:
 *   SHOW MEASUREMENTS finds no mapping and lists nothing; SHOW TAG KEYS [FROM …] (rewritten with the
 *   FROM as a condition) fails in `getDefaultRP`: "default retention policy not set for: x"; SHOW
 *   FIELD KEYS [FROM …] (rewritten into a SELECT of `_fieldKeys`) fails in `normalizeMeasurement`:
 *   "database not found: x". Since v2.4.0 every bucket also has a virtual mapping by its own name
 *   unless the name holds a '/' (dbrp/service.go `FindMany`, `bucketToMapping`).
 * - Cloud Serverless: "database not found: <bucket>" for a bucket InfluxQL cannot map (docs-v2 PR 5117).
 * - InfluxDB 3, influxdata/influxdb 3.10 branch c342445a (v3.10.1): `/api/v3/query_sql` for an unknown
 *   database answers 404 `{"error":"query error: database not found: x"}` (influxdb3_query_executor
 *   `query_sql` → `get_db_namespace`: `QueryExecutorError::DatabaseNotFound`; influxdb3_server/src/http.rs
 *   `Error::Query` "query error: {0}", answered with `StatusCode::NOT_FOUND`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readBucketSchema } from '../../core/src/tools/bucketSchema';
import { createStore } from '../support/fakeInflux/answers';
import { answerInfluxQl, answerSql } from '../support/fakeInflux/query';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { connectionTo } from '../write/helpers';

const TOKEN = 'schema-missing-token-3c9e';
const token = { kind: 'token', token: TOKEN } as const;

function influxQl(product: 'oss-v2' | 'cloud-serverless', q: string): unknown {
  const url = new URL(`http://x/query?${new URLSearchParams({ db: 'sensors', q }).toString()}`);
  const answer = answerInfluxQl(product, url, createStore(), 'sensors', false);
  assert.equal(answer.status, 200);
  return JSON.parse(answer.body);
}

void describe('the in-repo servers answer a missing mapping or database as the sources say', () => {
  void it('OSS 2.x without a mapping: per statement (v2.7.12 statement_executor.go)', () => {
    assert.deepEqual(influxQl('oss-v2', 'SHOW MEASUREMENTS'), { results: [{ statement_id: 0 }] });
    assert.deepEqual(influxQl('oss-v2', 'SHOW TAG KEYS FROM "m"'), { results: [{ statement_id: 0, error: 'default retention policy not set for: sensors' }] });
    assert.deepEqual(influxQl('oss-v2', 'SHOW FIELD KEYS FROM "m"'), { results: [{ statement_id: 0, error: 'database not found: sensors' }] });
  });
  void it('Cloud Serverless without a mapping: database not found: <bucket>', () => {
    assert.deepEqual(influxQl('cloud-serverless', 'SHOW TAG KEYS FROM "m"'), { results: [{ statement_id: 0, error: 'database not found: sensors' }] });
  });
  void it('InfluxDB 3: 404 "query error: database not found: x"', () => {
    const answer = answerSql('core', JSON.stringify({ db: 'nope', q: 'SELECT measurement, key, data_type FROM system.influxdb_schema', format: 'json' }), createStore(), 'sensors');
    assert.deepEqual([answer.status, JSON.parse(answer.body)], [404, { error: 'query error: database not found: nope' }]);
  });
});

void describe('what the reader says of them', () => {
  let oss: FakeInflux;
  let core: FakeInflux;
  before(async () => {
    oss = await startFakeInflux({ product: 'oss-v2', bucket: 'sensors', org: 'o', token: TOKEN, dbrpMapping: false });
    core = await startFakeInflux({ product: 'core', bucket: 'sensors', token: TOKEN });
  });
  after(async () => {
    await oss.close();
    await core.close();
  });

  for (const measurements of [undefined, ['m']]) {
    void it(`OSS 2.x, ${measurements === undefined ? 'the whole bucket' : 'some measurements'}: no DBRP mapping, and how to create one`, async () => {
      const read = await readBucketSchema(connectionTo(oss.url, 'oss-v2', { bucket: 'sensors', org: 'o' }), token, fetch, measurements === undefined ? {} : { measurements });
      assert.equal(read.ok, false);
      if (read.ok) return;
      assert.equal(read.failure, 'mapping');
      assert.equal(
        read.reason,
        "no DBRP mapping for bucket 'sensors' (default retention policy not set for: sensors): create one with 'influx v1 dbrp create --db sensors --rp autogen --bucket-id <bucket id> --default' (POST /api/v2/dbrps), or write to the bucket once through the v1 /write, which creates it. OSS 2.4 and later map each bucket by its own name unless the name holds a '/': check that the bucket exists in the org.",
      );
      // The first statement that fails says it: SHOW TAG KEYS, not a later one.
      assert.ok(oss.requests.at(-1)?.url.includes('SHOW+TAG+KEYS'), oss.requests.at(-1)?.url);
    });
  }

  void it('InfluxDB 3: database … does not exist, quoting the 404', async () => {
    const read = await readBucketSchema(connectionTo(core.url, 'core', { bucket: 'nope' }), token);
    assert.deepEqual(read, {
      ok: false,
      failure: 'database',
      reason: 'database \'nope\' does not exist on the server (HTTP 404: {"error":"query error: database not found: nope"}). Nothing is stored yet, so nothing constrains the types.',
    });
  });
});
