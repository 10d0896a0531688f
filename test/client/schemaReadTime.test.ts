/**
 * The read time the language status and hovers show (schemaCache.ts): after a Refresh or a write
 * it is the time of that read, not of a measurement a closed file or a half-typed name once asked.
 * The steps are those of StoredSchema.readNow: keepNeeded, planRead, mergeRead, schemaParams.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredMeasurement } from '../../core/src/tools/bucketSchema';
import { EMPTY_CACHE, keepNeeded, MAX_NAMED_MEASUREMENTS, mergeRead, planRead, schemaParams, type SchemaCache } from '../../client/src/schemaCache';

const weather: StoredMeasurement = { name: 'weather', tags: ['location'], fields: [{ name: 'temp', types: ['float'] }] };
const cpu: StoredMeasurement = { name: 'cpu', tags: ['host'], fields: [{ name: 'usage', types: ['float'] }] };
const server = new Map([weather, cpu].map((m) => [m.name, m]));

/** One read as the editor does it: the documents use `needed`; the server holds weather and cpu. */
function read(cache: SchemaCache, needed: readonly string[], fresh: boolean, atMs: number): SchemaCache {
  const kept = keepNeeded(cache, new Set(needed));
  const ask = planRead(kept, new Set(needed), fresh);
  if (ask === null) return kept;
  const answer = ask.measurements === undefined ? [...server.values()] : ask.measurements.flatMap((name) => server.get(name) ?? []);
  return mergeRead(kept, ask, answer, atMs);
}

void describe('the schema read time after a Refresh or a write', () => {
  void it('is the time of the fresh read once a file using another measurement is closed', () => {
    let cache = read(EMPTY_CACHE, ['weather', 'cpu'], false, 1000);
    // The file using cpu is closed; Refresh re-reads weather only.
    cache = read(cache, ['weather'], true, 2000);
    assert.deepEqual(schemaParams(cache, "database 'examples'"), { where: "database 'examples'", readAtMs: 2000, measurements: [weather] });
  });

  void it('is not held back by a half-typed name asked while typing', () => {
    let cache = read(EMPTY_CACHE, ['weather'], false, 1000);
    cache = read(cache, ['weather', 'wea'], false, 1500);
    // The name was finished: a write then re-reads what the documents use now.
    cache = read(cache, ['weather'], true, 3000);
    assert.equal(schemaParams(cache, "database 'examples'")?.readAtMs, 3000);
    assert.deepEqual([...cache.asked.keys()], ['weather']);
  });

  void it('keeps what a whole-bucket read learnt about the needed names, including that one is not stored', () => {
    const many = Array.from({ length: MAX_NAMED_MEASUREMENTS + 1 }, (_, i) => `m${i}`);
    let cache = read(EMPTY_CACHE, [...many, 'weather'], false, 1000);
    assert.equal(cache.allReadAtMs, 1000);
    const kept = keepNeeded(cache, new Set(['weather', 'm1']));
    // Nothing to ask: weather is stored, m1 is known not to be.
    assert.equal(planRead(kept, new Set(['weather', 'm1']), false), null);
    assert.deepEqual(kept.asked.get('m1'), { stored: undefined, readAtMs: 1000 });
    cache = read(kept, ['weather'], true, 4000);
    assert.deepEqual(schemaParams(cache, "database 'examples'"), { where: "database 'examples'", readAtMs: 4000, measurements: [weather] });
  });
});
