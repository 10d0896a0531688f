/**
 * A stored schema applied to an open document (it arrives after the document opened, is read again
 * after a write or on Refresh, or is forgotten) checks only what it may change (storedChange.ts):
 * the result must be exactly what opening the document with that schema gives. Random documents
 * cut into small chunks, random schemas, schemas that change only some measurements, the same
 * schema read again, and no schema, for per-table and per-shard-group products.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { StoredSchema, type StoredMeasurementInput } from '../../core/src/analysis/storedFacts';
import { createRandom } from '../../bench/generate';

const NOW = 1700000000000000000n;
const WEEK_NS = 7n * 24n * 3600n * 1_000_000_000n;
const MEASUREMENTS = ['cpu', 'mem', 'wide', 'gone'];
const KEYS = ['host', 'region', 'f', 'g', 'h', 'fam::a', 'fam::b'];
const TYPES = ['float', 'integer', 'uinteger', 'string', 'boolean'] as const;
const VALUES: Record<(typeof TYPES)[number], string> = { float: '1.5', integer: '2i', uinteger: '3u', string: '"s"', boolean: 't' };
/** Timestamps in two shard groups of the 1.x grid, and none (the point takes the server's time). */
const TIMES = [' 1700000000000000000', ' 1700700000000000000', ''];

type Random = () => number;
const pick = <T>(rand: Random, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

function randomDocument(rand: Random, lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const m = pick(rand, MEASUREMENTS.slice(0, 3));
    const keys = KEYS.filter(() => rand() < 0.35);
    const tags = keys.filter(() => rand() < 0.3).map((k) => `,${k}=v`).join('');
    const fields = keys.filter((k) => !tags.includes(`,${k}=`)).map((k) => `${k}=${VALUES[pick(rand, TYPES)]}`);
    if (fields.length === 0) fields.push(`f=${VALUES[pick(rand, TYPES)]}`);
    // Many columns in `wide`: near Cloud Serverless's 200-column limit with the stored ones.
    if (m === 'wide' && rand() < 0.3) for (let c = 0; c < 3; c++) fields.push(`w${Math.floor(rand() * 12)}=1`);
    out.push(`${m}${tags} ${fields.join(',')}${pick(rand, TIMES)}`);
  }
  return out.join('\n') + '\n';
}

/** The 1.x shard groups (7 days on Go's grid) that hold the document's two timestamps. */
function groupsOf(scope: { windowStart(raw: bigint | undefined): bigint }): { startNs: string; endNs: string }[] {
  return [1700000000000000000n, 1700700000000000000n].map((t) => {
    const start = scope.windowStart(t);
    return { startNs: String(start), endNs: String(start + WEEK_NS) };
  });
}

function randomMeasurement(rand: Random, name: string, groups: { startNs: string; endNs: string }[]): StoredMeasurementInput {
  const tags = KEYS.filter(() => rand() < 0.2);
  const fields = KEYS.filter((k) => !tags.includes(k) && rand() < 0.5).map((k) => {
    const types = rand() < 0.15 ? [pick(rand, TYPES), pick(rand, TYPES)] : [pick(rand, TYPES)];
    const byShardGroup = groups.filter(() => rand() < 0.5).map((g) => ({ ...g, type: pick(rand, types) }));
    return { name: k, types, byShardGroup };
  });
  // Stored columns the document never writes: 190 of them take `wide` near the column limit.
  const extra = name === 'wide' && rand() < 0.6 ? 190 : Math.floor(rand() * 4);
  for (let c = 0; c < extra; c++) fields.push({ name: `stored_${c}`, types: ['float'], byShardGroup: [] });
  return { name, tags, fields };
}

function randomSchema(rand: Random, groups: { startNs: string; endNs: string }[]): StoredMeasurementInput[] {
  return MEASUREMENTS.filter(() => rand() < 0.75).map((m) => randomMeasurement(rand, m, groups));
}

/** The same schema with one or two measurements read differently (or dropped). */
function changedSome(rand: Random, measurements: StoredMeasurementInput[], groups: { startNs: string; endNs: string }[]): StoredMeasurementInput[] {
  const out = measurements.map((m) => (rand() < 0.35 ? randomMeasurement(rand, m.name, groups) : m)).filter(() => rand() < 0.9);
  if (rand() < 0.5) out.push(randomMeasurement(rand, pick(rand, MEASUREMENTS), groups));
  return out.filter((m, i) => out.findIndex((o) => o.name === m.name) === i);
}

/** The checks' product, and the product that stores the schema when it is another (its rules judge the stored facts). */
const TARGETS: [string, string?][] = [['cloud-serverless'], ['core'], ['v1'], ['oss-v2'], ['cloud-serverless', 'InfluxDB 1.x'], ['v1', 'InfluxDB 3 Core']];

for (const [target, storedBy] of TARGETS) {
  void test(`a stored schema applied after open gives what opening with it gives (${target}${storedBy === undefined ? '' : `, stored by ${storedBy}`})`, () => {
    const settings = resolveSettings({ target, maxDiagnostics: 100000 });
    const options = { now: () => NOW, chunkSize: 80, openChunkSize: 80 };
    const rand = createRandom(target.length * 104729 + (storedBy?.length ?? 7));
    const schema = (measurements: StoredMeasurementInput[], where = "bucket 'sensors'") => new StoredSchema({ where, readAtMs: 0, storedBy, measurements });
    for (let trial = 0; trial < 12; trial++) {
      const text = randomDocument(rand, 30 + Math.floor(rand() * 40));
      const a = new DocumentAnalysis(text, settings, options);
      const groups = groupsOf(a.scope);
      // Each step from the measurements of the one before (undefined: no schema).
      const steps: [string, (last: StoredMeasurementInput[] | undefined) => StoredMeasurementInput[] | undefined, string?][] = [
        ['a schema after open', () => randomSchema(rand, groups)],
        ['the same schema read again', (last) => last],
        ['some measurements changed', (last) => changedSome(rand, last ?? [], groups)],
        ['no schema', () => undefined],
        ['another random schema', () => randomSchema(rand, groups)],
        ['some measurements changed again', (last) => changedSome(rand, last ?? [], groups)],
        ['another bucket', (last) => changedSome(rand, last ?? [], groups), "bucket 'other'"],
      ];
      let last: StoredMeasurementInput[] | undefined;
      for (const [what, next, where] of steps) {
        last = next(last);
        const s = last === undefined ? undefined : schema(last, where);
        a.setStored(s);
        const fresh = new DocumentAnalysis(text, settings, { ...options, stored: s });
        const context = `trial ${trial}, ${what}: ${JSON.stringify(text)}`;
        assert.deepEqual(a.diagnostics(), fresh.diagnostics(), context);
        // The document's own facts agree too (what the command line carries to the next region).
        assert.deepEqual([...a.priorFacts()].sort(), [...fresh.priorFacts()].sort(), context);
      }
    }
  });
}

void test('the schema bench document: applying a matching stored schema checks only the chunks it may change', () => {
  // Every column of the document stored with its own type, and its tables near the column limit:
  // no verdict changes, so only the chunk whose lines set the facts is checked again.
  const lines = Array.from({ length: 400 }, (_, i) => `cpu,host=h${i % 3} usage=${i}.5,n=${i}i ${1700000000000000000 + i}`);
  const text = lines.join('\n') + '\n';
  const settings = resolveSettings({ target: 'cloud-serverless' });
  const options = { now: () => NOW, chunkSize: 400, openChunkSize: 400 };
  const a = new DocumentAnalysis(text, settings, options);
  const fields = [{ name: 'usage', types: ['float'] }, { name: 'n', types: ['integer'] }, ...Array.from({ length: 196 }, (_, c) => ({ name: `s${c}`, types: ['float'] }))];
  const stored = new StoredSchema({ where: "bucket 'sensors'", readAtMs: 0, measurements: [{ name: 'cpu', tags: ['host'], fields }] });
  const before = new Map(a.chunks.map((c) => [c, a.mentionsOf(c)]));
  a.setStored(stored);
  const again = a.chunks.filter((c) => a.mentionsOf(c) !== before.get(c));
  assert.ok(a.chunks.length > 50);
  assert.equal(again.length, 1, 'chunks checked again');
  assert.deepEqual(a.diagnostics(), new DocumentAnalysis(text, settings, { ...options, stored }).diagnostics());
});
