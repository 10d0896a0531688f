/**
 * The checks of a document against the stored schema of the bucket written to (issue 12,
 * core/src/analysis/storedFacts.ts): errors where the server rejects a point for what it holds,
 * nothing where it holds nothing of a measurement or field, the in-file rules on top, a note only
 * on 1.x/2.x (types hold per shard group), and the same results after edits and with the facts
 * carried region by region (the command line).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { fixesOf } from '../../core/src/analysis/fixes';
import { resolveSettings } from '../../core/src/analysis/settings';
import { StoredSchema } from '../../core/src/analysis/storedFacts';

const NOW = 1700000000000000000n;
const now = () => NOW;

const stored = new StoredSchema({
  where: "bucket 'sensors'",
  readAtMs: 0,
  measurements: [
    { name: 'weather', tags: ['site'], fields: [{ name: 'temp', types: ['float'] }, { name: 'count', types: ['integer'] }] },
    { name: 'wide', tags: ['t1', 't2'], fields: [{ name: 'f1', types: ['float'] }] },
  ],
});

/** `schema` null: no stored schema. */
function analyse(text: string, target: string, schema: StoredSchema | null = stored) {
  return new DocumentAnalysis(text, resolveSettings({ target }), { now, stored: schema ?? undefined });
}

function summary(a: DocumentAnalysis): string[] {
  return a.diagnostics().map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.severity} ${d.code}`);
}

void describe('stored schema: per-table products (Cloud Serverless, InfluxDB 3)', () => {
  void it('flags a field written with another type than stored, with the product, where and a fix', () => {
    const text = 'weather,site=a temp=21i 1700000000000000000';
    const a = analyse(text, 'cloud-serverless');
    const [d, ...rest] = a.diagnostics();
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'stored-field-type');
    assert.equal(d.severity, 'error');
    assert.equal(
      d.message,
      "InfluxDB Cloud Serverless stores 'temp' of 'weather' as float in bucket 'sensors': this integer point is rejected. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).",
    );
    assert.equal(d.related, undefined);
    assert.ok(d.fix);
    const [fix] = fixesOf(a, d.range, d.fix);
    assert.deepEqual(fix.edits, [{ range: d.range, newText: '21.0' }]);
  });

  void it('the file\'s first use must agree with the stored type; later lines keep the in-file rules', () => {
    const text = ['weather temp=1i 1700000000000000000', 'weather temp=2i 1700000000000000001', 'weather temp=3.5 1700000000000000002', 'weather count=1.5 1700000000000000003', 'weather count=2i 1700000000000000004'].join('\n');
    assert.deepEqual(summary(analyse(text, 'core')), ['1:13 error stored-field-type', '2:13 error stored-field-type', '4:14 error stored-field-type']);
  });

  void it('a stored tag used as a field, and a stored field used as a tag', () => {
    const text = ['weather site=1 1700000000000000000', 'weather,temp=x count=1i 1700000000000000001'].join('\n');
    const a = analyse(text, 'cloud-dedicated');
    assert.deepEqual(summary(a), ['1:8 error stored-tag-field', '2:8 error stored-tag-field']);
    assert.match(a.diagnostics()[0].message, /^InfluxDB Cloud Dedicated stores 'site' of 'weather' as a tag in bucket 'sensors'/);
    assert.match(a.diagnostics()[1].message, /^InfluxDB Cloud Dedicated stores 'temp' of 'weather' as a float field in bucket 'sensors'/);
  });

  void it('no alarm for what the bucket does not hold', () => {
    const text = ['other temp=1i 1700000000000000000', 'weather humidity="x",site2=1i 1700000000000000001', 'weather,site=b temp=1.5,count=3i 1700000000000000002'].join('\n');
    assert.deepEqual(summary(analyse(text, 'cloud-serverless')), []);
  });

  void it('counts the stored columns toward the column limit', () => {
    // Cloud Serverless allows 200 columns per table; `wide` stores 3 (and time).
    const fields = Array.from({ length: 197 }, (_, k) => `n${k}=1`).join(',');
    assert.deepEqual(summary(analyse(`wide ${fields} 1700000000000000000`, 'cloud-serverless', null)), []);
    const a = analyse(`wide ${fields} 1700000000000000000`, 'cloud-serverless');
    assert.deepEqual(summary(a), ['1:5 error stored-column-limit']);
    assert.match(a.diagnostics()[0].message, /would then have 201 columns \(time included, 3 of them already stored in bucket 'sensors'\)/);
    // 196 new columns + 3 stored + time = 200: fits.
    assert.deepEqual(summary(analyse(`wide ${fields.replace(/,n196=1$/, '')} 1700000000000000000`, 'cloud-serverless')), []);
  });

  void it('edits, a new stored schema and forgetting it give what a fresh analysis gives', () => {
    const text = ['weather temp=1.5 1700000000000000000', 'weather temp=2.5 1700000000000000001'].join('\n');
    const a = analyse(text, 'cloud-serverless');
    assert.deepEqual(summary(a), []);
    a.applyChange({ start: { line: 0, character: 13 }, end: { line: 0, character: 16 } }, '1i');
    assert.deepEqual(summary(a), ['1:13 error stored-field-type']);
    a.setStored(undefined);
    // Without the stored schema, the file's own first line sets integer, and line 2 conflicts with it.
    assert.deepEqual(summary(a), ['2:13 error field-type-conflict']);
    a.setStored(stored);
    assert.deepEqual(summary(a), summary(analyse(a.getText(), 'cloud-serverless')));
  });

  void it('carries the stored schema region by region without exporting its facts', () => {
    const first = analyse('weather temp=1.5,humidity=0.5 1700000000000000000', 'core');
    const prior = first.priorFacts();
    assert.equal([...prior.keys()].length, 1, 'only the file\'s own facts are carried');
    const second = new DocumentAnalysis('weather count=1.5 1700000000000000001', resolveSettings({ target: 'core' }), { now, stored, priorFacts: prior, lineOffset: 1 });
    assert.deepEqual(summary(second), ['1:14 error stored-field-type']);
  });
});

void describe('stored schema: 1.x and OSS 2.x (types per shard group)', () => {
  void it('notes, never errs, where another type is stored in some shard group', () => {
    const text = ['weather temp=1i 1700000000000000000', 'weather temp=2i 1700000000000000001', 'weather temp=2.5 1700000000000000002', 'weather site=1i 1700000000000000003'].join('\n');
    for (const target of ['v1', 'oss-v2']) {
      const a = analyse(text, target);
      // Line 3 conflicts with line 1 within the file (same shard group): the in-file rule stays.
      assert.deepEqual(summary(a), ['1:13 information stored-type-other-shard', '3:13 error field-type-conflict'], target);
      assert.match(a.diagnostics()[0].message, /stores 'temp' of 'weather' as float in some shard group of bucket 'sensors'\. A type holds per shard group: this integer point is rejected only if its own shard group already holds that type\./);
    }
  });
});

void describe('stored schema: 1.x with the type per shard group known', () => {
  // 7-day shard groups start on Mondays: 2023-11-13 (1699833600 s) is one.
  const monday = 1699833600n * 1_000_000_000n;
  const week = 7n * 86400n * 1_000_000_000n;
  const grouped = new StoredSchema({
    where: "database 'db'",
    readAtMs: 0,
    measurements: [
      {
        name: 'weather',
        tags: [],
        fields: [{ name: 'temp', types: ['float', 'integer'], byShardGroup: [{ startNs: String(monday), endNs: String(monday + week), type: 'float' }, { startNs: String(monday + week), endNs: String(monday + 2n * week), type: 'integer' }] }],
      },
    ],
  });

  void it('errs in the group that holds the other type, notes elsewhere', () => {
    const text = [`weather temp=1i ${monday + 1n}`, `weather temp=1.5 ${monday + week + 1n}`, `weather temp=2i ${monday + week + 2n}`, `weather temp=1i ${monday + 3n * week}`].join('\n');
    const a = new DocumentAnalysis(text, resolveSettings({ target: 'v1' }), { now, stored: grouped });
    assert.deepEqual(summary(a), ['1:13 error stored-field-type', '2:13 error stored-field-type', '4:13 information stored-type-other-shard']);
    assert.match(a.diagnostics()[0].message, /as float in database 'db' \(in the shard group starting 2023-11-13T00:00:00\.000000000Z, the point's\): this integer point is rejected/);
  });

  void it('a shard-group duration other than the server\'s: no error (nothing is known on that grid)', () => {
    const a = new DocumentAnalysis(`weather temp=1i ${monday + 1n}`, resolveSettings({ target: 'v1', shardGroupDuration: '1d' }), { now, stored: grouped });
    assert.deepEqual(summary(a), ['1:13 information stored-type-other-shard']);
  });
});

void describe('stored schema: judged by the rules of the product that stores it', () => {
  // The checks follow an explicit target; the schema was read from the connection's product.
  const weekOf = (t: bigint) => {
    const a = new DocumentAnalysis('', resolveSettings({ target: 'v1' }), { now });
    const start = a.scope.windowStart(t);
    return { startNs: String(start), endNs: String(start + 7n * 24n * 3600n * 1_000_000_000n) };
  };
  const schemaStoredBy = (storedBy: string) =>
    new StoredSchema({
      where: "database 'telegraf'",
      readAtMs: 0,
      storedBy,
      measurements: [{ name: 'weather', tags: ['site'], fields: [{ name: 'temp', types: ['float'], byShardGroup: [{ ...weekOf(NOW), type: 'float' }] }] }],
    });
  const text = ['weather temp=21i 1700000000000000000', 'weather site=1.5 1700000000000000001'].join('\n');

  void it('a 1.x schema checked for Cloud Serverless: no table-wide error, a note where another type is stored', () => {
    // 1.x keeps a type per shard group and tags apart from fields: Cloud's per-table rules would
    // reject both lines, the bucket that stores the schema accepts the second and judges the first
    // by its shard group, which the per-table checks do not place.
    const a = analyse(text, 'cloud-serverless', schemaStoredBy('InfluxDB 1.x'));
    assert.deepEqual(summary(a), ['1:13 information stored-type-other-shard']);
    assert.match(a.diagnostics()[0].message, /^InfluxDB 1\.x stores 'temp' of 'weather' as float in some shard group of database 'telegraf'/);
  });

  void it('the same schema stored by Cloud Serverless: both lines are rejected', () => {
    assert.deepEqual(summary(analyse(text, 'cloud-serverless', schemaStoredBy('InfluxDB Cloud Serverless'))), ['1:13 error stored-field-type', '2:8 error stored-tag-field']);
  });

  void it('a 1.x schema checked for 1.x: the shard group that holds float rejects the integer', () => {
    assert.deepEqual(summary(analyse(text, 'v1', schemaStoredBy('InfluxDB 1.x'))), ['1:13 error stored-field-type']);
  });

  void it('applying the 1.x schema after open gives the same', () => {
    const a = analyse(text, 'cloud-serverless', null);
    a.setStored(schemaStoredBy('InfluxDB 1.x'));
    assert.deepEqual(summary(a), ['1:13 information stored-type-other-shard']);
  });
});
