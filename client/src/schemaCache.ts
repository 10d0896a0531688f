/**
 * The stored schema read so far for one connection and bucket: the measurements asked for (stored
 * or not) with when each was read, merged read after read, so that opening another document asks
 * only for the measurements not asked yet, and Refresh asks again for all that are needed. Pure.
 */
import type { StoredMeasurement as ReadMeasurement } from '../../core/src/tools/bucketSchema';
import type { ShardGroupType } from '../../core/src/tools/shardTypes';
import type { StoredSchemaParams } from '../../protocol/src/protocol';

/** A measurement as read; on 1.x each field may also carry its type per shard group (shardTypes.ts). */
export interface StoredMeasurement extends ReadMeasurement {
  readonly fields: readonly { readonly name: string; readonly types: readonly string[]; readonly byShardGroup?: readonly ShardGroupType[] }[];
}

/** Most measurements named in one read; a document that uses more has the whole bucket read instead. */
export const MAX_NAMED_MEASUREMENTS = 500;

/** What an asked measurement holds (undefined: asked, not stored), and when it was read. */
export interface AskedEntry {
  readonly stored: StoredMeasurement | undefined;
  readonly readAtMs: number;
}

export interface SchemaCache {
  /** Each asked measurement's entry. */
  readonly asked: ReadonlyMap<string, AskedEntry>;
  /** When the whole bucket was read (then a measurement not in `asked` is not stored); undefined if never. */
  readonly allReadAtMs: number | undefined;
}

export const EMPTY_CACHE: SchemaCache = { asked: new Map(), allReadAtMs: undefined };

/** What to read: these measurements, or (undefined) the whole bucket. */
export type SchemaAsk = { readonly measurements: readonly string[] } | { readonly measurements: undefined };

/**
 * What to ask the server for, given the measurements the open documents use: all of them when
 * `fresh` (Refresh, after a write), else those not asked yet; null when nothing is to be asked.
 */
export function planRead(cache: SchemaCache, needed: ReadonlySet<string>, fresh: boolean): SchemaAsk | null {
  const names = [...needed].filter((name) => fresh || (!cache.asked.has(name) && cache.allReadAtMs === undefined)).sort();
  if (names.length === 0) return null;
  if (names.length > MAX_NAMED_MEASUREMENTS) return { measurements: undefined };
  return { measurements: names };
}

/** The cache after a read of `ask` at `readAtMs` answered `read`: the measurements asked are replaced (dropped ones go). */
export function mergeRead(cache: SchemaCache, ask: SchemaAsk, read: readonly StoredMeasurement[], readAtMs: number): SchemaCache {
  const byName = new Map(read.map((m) => [m.name, m]));
  if (ask.measurements === undefined) {
    return { asked: new Map(read.map((m) => [m.name, { stored: m, readAtMs }])), allReadAtMs: readAtMs };
  }
  const asked = new Map(cache.asked);
  for (const name of ask.measurements) asked.set(name, { stored: byName.get(name), readAtMs });
  // A server that answers more than was asked (a reader without the filter): kept too, it is as true.
  for (const m of read) if (!asked.has(m.name)) asked.set(m.name, { stored: m, readAtMs });
  return { asked, allReadAtMs: cache.allReadAtMs };
}

/**
 * The cache cut to the measurements the open documents use now (before each read): an entry no
 * document needs (a closed file, a half-typed name) goes, so it neither drives the read time nor
 * is sent. A whole-bucket read becomes named entries for the needed names (a needed name it did not
 * hold: asked, not stored), since after the cut "absent" no longer means "not stored".
 */
export function keepNeeded(cache: SchemaCache, needed: ReadonlySet<string>): SchemaCache {
  const asked = new Map<string, AskedEntry>();
  for (const name of needed) {
    const entry = cache.asked.get(name) ?? (cache.allReadAtMs === undefined ? undefined : { stored: undefined, readAtMs: cache.allReadAtMs });
    if (entry) asked.set(name, entry);
  }
  return { asked, allReadAtMs: undefined };
}

/** The stored measurements in the cache, by name. */
export function storedMeasurements(cache: SchemaCache): StoredMeasurement[] {
  const stored: StoredMeasurement[] = [];
  for (const entry of cache.asked.values()) if (entry.stored) stored.push(entry.stored);
  return stored.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * What the language server is sent: every stored measurement known, and the time of the oldest
 * read among them (hovers say how old the schema is: never younger than its oldest part). Cut the
 * cache to what the documents use first (keepNeeded), or a long-closed file keeps the time old.
 */
export function schemaParams(cache: SchemaCache, where: string, storedBy?: string): StoredSchemaParams | null {
  let oldest: number | undefined = cache.allReadAtMs;
  for (const entry of cache.asked.values()) if (oldest === undefined || entry.readAtMs < oldest) oldest = entry.readAtMs;
  if (oldest === undefined) return null;
  return { where, readAtMs: oldest, measurements: storedMeasurements(cache), ...(storedBy === undefined ? {} : { storedBy }) };
}
