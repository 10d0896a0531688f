/**
 * InfluxDB 3's limits and answers as of 2026 (issue 13 §4), each from the server's sources:
 * - columns per table: influxdb3_catalog/src/catalog/versions/v3/transaction.rs `check_columns_limit`
 *   (tag + field columns `>= column_limit` refuses the next; "The timestamp column is exempt"),
 *   error.rs `TooManyColumns` ("Update to schema would exceed number of columns per table limit of
 *   {0} columns"); Core's 500 in influxdb3/src/commands/serve.rs `CORE_NUM_COLUMNS_PER_TABLE_LIMIT`,
 *   Enterprise's in catalog/versions/v2.rs `NUM_COLUMNS_PER_TABLE_LIMIT` (main d7834110, v3.10.1).
 * - duplicate tag keys: rejected since 3.9.8 / 3.10.3 (docs-v2 v3-core-enterprise-release-notes), with
 *   "invalid line protocol - multiple instances of '{key}' tag found" (recorded from Core and Enterprise
 *   3.11.0 in influxdata/influxdb3_mcp_server tests/fixtures/write-errors.ts; test/write/v3RepeatedKeys.test.ts).
 * - connections of Core, Enterprise and InfluxDB 3 Cloud always write to /api/v3/write_lp, which
 *   names rejected lines by `line_number` (/api/v2/write on Core names none: write-api.md §2).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { writeUrl } from '../../core/src/write/endpoint';
import { defaultConnectionLimits } from '../../core/src/write/index';

const NOW = 1_780_000_000_000_000_000n;

function wide(fields: number, tags = 0): string {
  const tagText = Array.from({ length: tags }, (_, i) => `,t${i}=a`).join('');
  return `w${tagText} ${Array.from({ length: fields }, (_, i) => `f${i}=1i`).join(',')}`;
}

void describe('columns per table on InfluxDB 3 (transaction.rs check_columns_limit: time is not counted)', () => {
  for (const target of ['core', 'enterprise', 'influxdb3-cloud']) {
    void it(`${target}: 500 tag and field columns are taken, the 501st refuses its line alone, with the server's words`, () => {
      const settings = resolveSettings({ target });
      assert.deepEqual(new DocumentAnalysis(`${wide(498, 2)}\n`, settings, { now: () => NOW }).diagnostics(), []);
      const a = new DocumentAnalysis(`${wide(498, 2)}\nw extra=1i\nw f0=2i\n`, settings, { now: () => NOW });
      const found = a.diagnostics();
      assert.deepEqual(found.map((d) => [d.range.start.line, d.code, d.severity]), [[1, 'column-limit', 'error']]);
      assert.match(
        found[0].message,
        /^This line adds column 'extra' to table 'w', which would then have 501 tag and field columns \(time is not counted\): InfluxDB 3 .* rejects the point \("Update to schema would exceed number of columns per table limit of 500 columns"\) and stores the other lines\./,
      );
    });
  }
  void it('Cloud Serverless still counts time and fails the whole request (write-api.md §3 "Column limit")', () => {
    const serverless = resolveSettings({ target: 'cloud-serverless' });
    const found = new DocumentAnalysis(`${wide(200)}\n`, serverless, { now: () => NOW }).diagnostics();
    assert.equal(found.length, 1);
    assert.match(found[0].message, /would then have 201 columns \(time included\): InfluxDB Cloud Serverless allows 200 per table and fails the whole write request/);
    assert.deepEqual(new DocumentAnalysis(`${wide(199)}\n`, serverless, { now: () => NOW }).diagnostics(), []);
  });
});

void describe('duplicate tag keys on InfluxDB 3 (release notes v3.9.8 / v3.10.3)', () => {
  void it("are an error that quotes the server's words and says since when", () => {
    const found = new DocumentAnalysis('m,t=a,t=a f=1i\n', resolveSettings({ target: 'core' }), { now: () => NOW }).diagnostics();
    assert.deepEqual(found.map((d) => [d.code, d.severity]), [['duplicate-tag', 'error']]);
    assert.equal(
      found[0].message,
      "Tag 't' appears more than once: InfluxDB 3 Core rejects the point (\"invalid line protocol - multiple instances of 't' tag found\"), even when the values are equal (since 3.9.8 and 3.10.3; an older server stores it and then fails to snapshot the table). Keep one.",
    );
  });
});

void describe('the endpoint of an InfluxDB 3 connection', () => {
  void it('is /api/v3/write_lp for Core, Enterprise and InfluxDB 3 Cloud (never /api/v2/write, which names no line on Core)', () => {
    for (const product of ['core', 'enterprise', 'influxdb3-cloud'] as const) {
      const url = writeUrl({ url: 'http://localhost:8181', product, bucket: 'db', org: undefined, precision: 'ns', ...defaultConnectionLimits(product) });
      assert.equal(url.pathname, '/api/v3/write_lp', product);
    }
  });
});
