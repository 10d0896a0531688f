/**
 * The minimal inputs of issue 10, per product: the lines flagged as errors must be exactly the
 * lines the server refuses (observed on InfluxDB 1.6.7, and from the IOx write path of
 * line-protocol.md §6 and write-api.md §3 for Cloud and InfluxDB 3):
 * - a refused line sets no column type and adds no column (schema-and-influxdb3.md §5);
 * - 1.x shard groups start on Mondays, and their length follows the retention policy;
 * - a field repeated with another type is refused on 1.x/2.x too ("field type conflict");
 * - a line that takes a table past the column limit fails the whole request on Cloud;
 * - 1.x reads `ma\=x` as measurement `ma=x`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis, type AnalysisDiagnostic } from '../../core/src/analysis';
import { impliedShardGroupNs, resolveSettings, type RawSettings } from '../../core/src/analysis/settings';

const NOW = 1796083200000000000n;
const IOX = ['cloud-serverless', 'cloud-dedicated', 'clustered'];
const V3 = ['core', 'enterprise'];
const MODELS = ['oss-v2', 'v1'];
const ALL = [...IOX, ...V3, ...MODELS];

function analyse(lines: readonly string[], target: string, settings: RawSettings = {}): AnalysisDiagnostic[] {
  return new DocumentAnalysis(lines.join('\n') + '\n', resolveSettings({ target, maxDiagnostics: 100000, ...settings }), { now: () => NOW }).diagnostics();
}

/** The 1-based lines with an error. */
function refused(lines: readonly string[], target: string, settings: RawSettings = {}): number[] {
  return [...new Set(analyse(lines, target, settings).filter((d) => d.severity === 'error').map((d) => d.range.start.line + 1))];
}

function expectRefused(lines: readonly string[], expected: Readonly<Record<string, number[]>>, settings: RawSettings = {}): void {
  for (const [targets, want] of Object.entries(expected)) {
    for (const target of targets.split(' ')) assert.deepEqual(refused(lines, target, settings), want, `${JSON.stringify(lines)} on ${target}`);
  }
}

const groups = (spec: Record<string, number[]>): Record<string, number[]> => {
  const out: Record<string, number[]> = {};
  for (const [names, lines] of Object.entries(spec)) out[names.replace('IOX', IOX.join(' ')).replace('V3', V3.join(' ')).replace('MODELS', MODELS.join(' '))] = lines;
  return out;
};

void test('a refused line with a repeated tag sets no column type', () => {
  // 1.x/2.x refuse the repeated tag while parsing; the write path of IOx and InfluxDB 3 after it.
  expectRefused(['m,t=a,t=b f=1i', 'm f=1'], groups({ 'IOX V3 MODELS': [1] }));
});

void test('a refused line with a tag named time sets no column type (1.6.7: "invalid tag key")', () => {
  expectRefused(['m,time=1 f=1i', 'm f=1'], groups({ 'IOX V3 MODELS': [1] }));
});

void test('a field repeated with another type: refused everywhere, and it sets nothing', () => {
  expectRefused(['m f=1,f="a"', 'm f=1'], groups({ 'IOX V3 MODELS': [1] }));
  for (const target of MODELS) {
    const d = analyse(['m f=1,f=true'], target).find((x) => x.code === 'duplicate-field');
    assert.equal(d?.severity, 'error', target);
    assert.match(d?.message ?? '', /conflicting types \(float and boolean\).*rejects the point \("field type conflict"\)/);
  }
  // The same type twice is kept (the last value) except on InfluxDB 3 Core/Enterprise.
  expectRefused(['m f=1,f=2'], groups({ 'IOX MODELS': [], V3: [1] }));
});

void test('a tag and a field of one name in a line: refused per table, and it sets nothing', () => {
  // 1.x/2.x keep tags and fields apart: line 1 is stored, and its integer f refuses line 2.
  expectRefused(['m,f=x f=1i', 'm f=1'], groups({ 'IOX V3': [1], MODELS: [2] }));
  const [d] = analyse(['m,f=x f=1i'], 'cloud-serverless');
  assert.equal(d.code, 'tag-field-conflict');
  assert.match(d.message, /\(in this line\)/);
  assert.equal(d.related, undefined);
});

void test('a line refused for one column sets none of its other columns', () => {
  expectRefused(['m a=1', 'm a=1i,b=1i', 'm b=1'], groups({ 'IOX V3 MODELS': [2] }));
});

void test('the miss: after a refused line, a stored one sets the column and a later one is refused', () => {
  // Line 1 is refused; line 2 stores tag f (per table); line 3's field f meets the tag.
  expectRefused(['m f=1,f=true', 'm,f=x g=1', 'm f=1'], groups({ 'IOX V3': [1, 3], MODELS: [1] }));
});

void test('1.x: a point refused for a field type conflict keeps the new fields written before it (observed on 1.6.7)', () => {
  // Line 1 is refused at its second n, but 1.x created a and n (integer) while validating it.
  const lines = ['m a=1i,n=1i,n=0.25', 'm n=true', 'm a=1', 'm n=2i'];
  expectRefused(lines, { v1: [1, 2, 3], 'oss-v2 cloud-serverless core': [1, 4] });
  // Refused for another reason first (a tag named time): nothing is created.
  expectRefused(['m,time=x a=1i,f=1i,f=true', 'm a=1'], { v1: [1] });
  // The fields after the conflicting one are not created.
  expectRefused(['m f=1,f=true,b=1i', 'm b=1'], { v1: [1] });
});

void test('1.x shard groups start on Mondays (Go counts from year 1), not on Thursdays', () => {
  // Thursday 2026-11-26 12:00 and Monday 2026-11-30 12:00: two shard groups, both stored.
  expectRefused(['m f=1 1795694400000000000', 'm f="s" 1796040000000000000'], groups({ MODELS: [] }));
  // Tuesday 2026-11-24 and Friday 2026-11-27: one shard group, line 2 refused.
  expectRefused(['m f=1 1795521600000000000', 'm f="s" 1795780800000000000'], groups({ MODELS: [2] }));
  const [d] = analyse(['m f=1 1795521600000000000', 'm f="s" 1795780800000000000'], 'v1');
  assert.match(d.message, /shard group starting 2026-11-23T00:00:00\.000000000Z/);
});

void test('the shard-group duration follows the retention policy when it is not given (1.x services/meta/data.go)', () => {
  const H = 3_600_000_000_000n;
  assert.equal(impliedShardGroupNs(undefined), 168n * H);
  assert.equal(impliedShardGroupNs(47n * H), H);
  assert.equal(impliedShardGroupNs(48n * H), 24n * H);
  assert.equal(impliedShardGroupNs(179n * 24n * H), 24n * H);
  assert.equal(impliedShardGroupNs(180n * 24n * H), 168n * H);
  assert.equal(resolveSettings({ target: 'v1', retentionPeriod: '1d' }).shardGroupNs, H);
  assert.equal(resolveSettings({ target: 'v1', retentionPeriod: '30d' }).shardGroupNs, 24n * H);
  assert.equal(resolveSettings({ target: 'v1', retentionPeriod: 'inf' }).shardGroupNs, 168n * H);
  // An explicit duration wins.
  assert.equal(resolveSettings({ target: 'v1', retentionPeriod: '1d', shardGroupDuration: '2h' }).shardGroupNs, 2n * H);
  // Retention 30d: 1-day groups, so two points a day apart do not conflict (timestamps within the period).
  const day = 86_400_000_000_000n;
  const t = NOW - 5n * day;
  expectRefused([`m f=1 ${t}`, `m f="s" ${t + day}`], groups({ MODELS: [], 'IOX V3': [2] }), { retentionPeriod: '30d' });
  expectRefused([`m f=1 ${t}`, `m f="s" ${t + 3_600_000_000_000n}`], groups({ MODELS: [2] }), { retentionPeriod: '30d' });
});

void test('column limit: the crossing line is refused, fails the whole request, and adds no column', () => {
  // 197 fields + time = 198 columns.
  const base = `wide ${Array.from({ length: 197 }, (_, i) => `f${i}=1i`).join(',')}`;
  const lines = [
    base,
    'wide g1=1i,g2=1i,g3=1i', // 201 columns: refused
    'wide g1=1i,g2=1i', // 200: stored
    'wide g3=1i', // 201: refused
    'wide f0="s",h1=1i', // a type conflict: refused, and h1 is not counted
    'wide f1=2i', // no new column
  ];
  expectRefused(lines, { 'cloud-serverless': [2, 4, 5], 'cloud-dedicated clustered core enterprise oss-v2 v1': [5] });
  const limits = analyse(lines, 'cloud-serverless').filter((d) => d.code === 'column-limit');
  assert.deepEqual(
    limits.map((d) => [d.range.start.line, d.message]),
    [
      [1, "This line adds columns 'g1', 'g2', 'g3' to table 'wide', which would then have 201 columns (time included): InfluxDB Cloud Serverless allows 200 per table and fails the whole write request, storing none of its lines. Write the other lines without this one, use fewer tags and fields, or split the measurement."],
      [3, "This line adds column 'g3' to table 'wide', which would then have 201 columns (time included): InfluxDB Cloud Serverless allows 200 per table and fails the whole write request, storing none of its lines. Write the other lines without this one, use fewer tags and fields, or split the measurement."],
    ],
  );
  // A refused line's new column is not counted: at 199 columns, after a refused line adding h1, h2 still fits.
  expectRefused([base, 'wide g1=1i', 'wide f0="s",h1=1i', 'wide h2=1i'], { 'cloud-serverless': [3] });
  expectRefused([base, 'wide g1=1i', 'wide f0=2i,h1=1i', 'wide h2=1i'], { 'cloud-serverless': [4] });
});

void test('a point whose only fields are reserved is refused; with another field it is stored without them', () => {
  expectRefused(['m time=1i', 'm time=1i,time=2i', 'm time=1i,v=2', 'm v=1'], groups({ 'IOX V3 MODELS': [1, 2] }));
});

void test('1.x: ma\\=x is measurement ma=x, so its fields conflict with those of ma=x; elsewhere they are two measurements', () => {
  expectRefused(['ma\\=x f=1', 'ma=x f="s"'], groups({ 'IOX V3': [], 'oss-v2': [], v1: [2] }));
  expectRefused(['mb\\"x f=1', 'mb"x f="s"'], groups({ 'IOX V3': [], 'oss-v2': [], v1: [2] }));
  const [d] = analyse(['ma\\=x f=1', 'ma=x f="s"'], 'v1');
  assert.match(d.message, /of measurement 'ma=x'/);
});

void test('every product is covered by the groups above', () => {
  assert.deepEqual([...IOX, ...V3, ...MODELS].sort(), [...ALL].sort());
});
