/**
 * Schema facts: how a target scopes conflicts, which columns each chunk's lines write (a summary
 * made from the chunk alone), and the document-wide facts. A column's type is set by its first occurrence
 * among the points the server stores (a rejected point is rolled back entirely, and sets nothing);
 * every later point that writes another type is one the server rejects. Facts are updated per
 * edited chunk, never recomputed for the whole file.
 */
import { afterMeasurement, extendKey, flatKey, measurementOfKey } from '../keys';
import type { ColumnKind } from '../model';
import { NANOS_PER } from '../products';
import type { Chunk } from './chunks';
import type { CheckerSettings } from './settings';
import { acceptedTimes, type AcceptedTimes } from './timestamps';

// Defined in ../model and ../keys; re-exported for the analysis modules that import them from here.
export type { ColumnKind } from '../model';
export { columnOfKey, flatKey, measurementOfKey } from '../keys';

/**
 * A key written in a stored line: data line `line` of `chunk`, as a column of kind `kind` (the
 * key's own span is found again from the line when needed, see keyRange).
 */
export interface Occurrence {
  readonly chunk: Chunk;
  readonly line: number;
  readonly kind: ColumnKind;
}

/** Nanoseconds from Go's zero time (0001-01-01T00:00:00Z) to the Unix epoch: 62135596800 s. */
const GO_ZERO_TO_EPOCH_NS = 62_135_596_800n * 1_000_000_000n;

/**
 * How a target scopes type conflicts: InfluxDB 3 and Cloud per table (tags and fields share the
 * column namespace), 1.x/2.x per field and shard group (tags never conflict with fields there).
 */
export class ConflictScope {
  readonly perTable: boolean;
  private readonly multiplier: bigint;
  private readonly shardNs: bigint;
  /** How far the shard-group grid is shifted from the Unix epoch (see `shard`). */
  private readonly shardShiftNs: bigint;
  private readonly nowShard: string;
  private readonly times: AcceptedTimes;

  constructor(
    settings: CheckerSettings,
    readonly nowNs: bigint,
  ) {
    this.perTable = settings.profile.typeConflictScope === 'table';
    this.multiplier = NANOS_PER[settings.precision];
    this.shardNs = settings.shardGroupNs;
    this.shardShiftNs = GO_ZERO_TO_EPOCH_NS % this.shardNs;
    this.nowShard = this.shard(nowNs);
    this.times = acceptedTimes(settings, nowNs);
  }

  /**
   * Whether a point with this raw timestamp can reach a table. One beyond the range or older than
   * the retention period is rejected whatever its columns: it sets no column's type and conflicts
   * with nothing (its time, and so its shard group, may not even mean anything).
   */
  reaches(raw: bigint | undefined): boolean {
    if (raw === undefined) return true;
    const { minRaw, maxRaw, retentionRaw } = this.times;
    return raw >= minRaw && raw <= maxRaw && (retentionRaw === undefined || raw >= retentionRaw);
  }

  /**
   * The shard group of an instant, as its index on the grid. InfluxDB aligns shard groups with Go's
   * `time.Truncate`, which counts from Go's zero time (year 1, January 1, a Monday), not from the
   * Unix epoch (a Thursday): 7-day groups start on Mondays (schema-and-influxdb3.md §4).
   */
  private shard(ns: bigint): string {
    const shifted = ns + this.shardShiftNs;
    let s = shifted / this.shardNs;
    if (shifted < 0n && s * this.shardNs !== shifted) s -= 1n;
    return s.toString();
  }

  /** The conflict column of a tag key within its measurement; undefined where tags never conflict. */
  tagColumn(key: string): string | undefined {
    return this.perTable ? key : undefined;
  }

  /**
   * The scope of a point's field types: '' per table (the whole table is one scope), else its
   * shard group; `raw` is the line's timestamp as written (no precision applied).
   */
  windowOf(raw: bigint | undefined): string {
    if (this.perTable) return '';
    return raw === undefined ? this.nowShard : this.shard(raw * this.multiplier);
  }

  /** The conflict column of a field key in the scope `windowOf` gave. */
  fieldColumnIn(key: string, window: string): string {
    return extendKey(key, window);
  }

  /** The conflict column of a field key; `raw` is the line's timestamp as written (no precision applied). */
  fieldColumn(key: string, raw: bigint | undefined): string {
    return this.fieldColumnIn(key, this.windowOf(raw));
  }

  /**
   * The window of a server's shard group [startNs, endNs), when it is one of this scope's (same
   * duration, same alignment); undefined otherwise, and where types are set per table.
   */
  groupWindow(startNs: bigint, endNs: bigint): string | undefined {
    if (this.perTable || endNs - startNs !== this.shardNs) return undefined;
    const window = this.shard(startNs);
    return BigInt(window) * this.shardNs - this.shardShiftNs === startNs ? window : undefined;
  }

  /** The shard-group window of a timestamp, as the start instant in ns (for messages). */
  windowStart(raw: bigint | undefined): bigint {
    const ns = raw === undefined ? this.nowNs : raw * this.multiplier;
    return BigInt(this.shard(ns)) * this.shardNs - this.shardShiftNs;
  }
}

/** A column kind as one bit, so that a set of kinds is a number. */
export const KIND_BIT: Readonly<Record<ColumnKind, number>> = { tag: 1, float: 2, integer: 4, uinteger: 8, string: 16, boolean: 32 };

/** What the checks of a chunk's lines of one measurement depend on. */
export interface MeasurementMentions {
  /**
   * Every tag and field key the lines write, with the kinds written (KIND_BIT). Keys, not columns:
   * on 1.x/2.x a field stands for its columns in every shard group (a superset is safe: it only
   * makes an edit check a chunk again that it need not have).
   */
  readonly columns: Map<string, number>;
  /** The most columns one line writes (tags and fields). */
  maxColumns: number;
}

/** A key met in a chunk's lines: compared with the text as written, so that a repeat costs no decoding. */
interface MentionedKey {
  readonly raw: string;
  readonly key: string;
  kinds: number;
}

interface MentionedMeasurement {
  readonly raw: string;
  readonly mentions: MeasurementMentions;
  readonly keys: MentionedKey[];
}

/** Keys remembered per measurement while a chunk is read (more go straight to the map). */
const MAX_MENTIONED_KEYS = 64;
const RECENT_MENTIONED = 16;

function writtenAt(raw: string, text: string, start: number, end: number): boolean {
  return raw.length === end - start && text.startsWith(raw, start);
}

/**
 * Per measurement, every key the chunk's points write, stored or not (whether a point is stored
 * depends on the facts before it): the keys whose facts its checks read. Points that reach no
 * table are counted too (a superset, as above), so that no timestamp needs to be read.
 */
export function chunkMentions(chunk: Chunk, scope: ConflictScope): Map<string, MeasurementMentions> {
  const { table, text } = chunk;
  const out = new Map<string, MeasurementMentions>();
  const recent: MentionedMeasurement[] = [];
  const all: MentionedMeasurement[] = [];
  const mention = (m: MentionedMeasurement, start: number, end: number, j: number, decode: () => string, bit: number): void => {
    const keys = m.keys;
    let e: MentionedKey | undefined = keys[j] !== undefined && writtenAt(keys[j].raw, text, start, end) ? keys[j] : undefined;
    for (let x = 0; e === undefined && x < keys.length; x++) if (writtenAt(keys[x].raw, text, start, end)) e = keys[x];
    if (e === undefined) {
      if (keys.length >= MAX_MENTIONED_KEYS) {
        const key = decode();
        m.mentions.columns.set(key, (m.mentions.columns.get(key) ?? 0) | bit);
        return;
      }
      keys.push((e = { raw: text.slice(start, end), key: decode(), kinds: 0 }));
    }
    e.kinds |= bit;
  };
  for (let i = 0; i < table.count; i++) {
    if (!table.ok(i)) continue;
    const ms = table.start(i);
    const me = table.measurementEnd(i);
    let m: MentionedMeasurement | undefined;
    for (let x = 0; m === undefined && x < recent.length; x++) if (writtenAt(recent[x].raw, text, ms, me)) m = recent[x];
    if (m === undefined) {
      const name = table.measurement(i, text, 0);
      let mentions = out.get(name);
      if (mentions === undefined) out.set(name, (mentions = { columns: new Map(), maxColumns: 0 }));
      m = { raw: text.slice(ms, me), mentions, keys: [] };
      all.push(m);
      if (recent.length >= RECENT_MENTIONED) recent.pop();
      recent.unshift(m);
    }
    const nTags = table.tagCount(i);
    const nFields = table.fieldCount(i);
    if (nTags + nFields > m.mentions.maxColumns) m.mentions.maxColumns = nTags + nFields;
    // Tags have columns of their own only per table.
    if (scope.perTable) for (let j = 0; j < nTags; j++) mention(m, table.tagKeyStart(i, j), table.tagKeyEnd(i, j), j, () => table.tagKey(i, j, text, 0), KIND_BIT.tag);
    for (let j = 0; j < nFields; j++) mention(m, table.fieldKeyStart(i, j), table.fieldKeyEnd(i, j), nTags + j, () => table.fieldKey(i, j, text, 0), KIND_BIT[table.fieldType(i, j)]);
  }
  for (const m of all) {
    const columns = m.mentions.columns;
    for (const e of m.keys) columns.set(e.key, (columns.get(e.key) ?? 0) | e.kinds);
  }
  return out;
}

/**
 * The document-wide first occurrence of every conflict key among the points the server stores,
 * kept per measurement so that the check of a line looks a column up without building a key string.
 */
export class SchemaFacts {
  private readonly byMeasurement = new Map<string, Map<string, Occurrence>>();

  clear(): void {
    this.byMeasurement.clear();
  }

  /** The columns of a measurement (live), created empty when `create` is set. */
  columnsOf(measurement: string, create: boolean): Map<string, Occurrence> | undefined {
    let columns = this.byMeasurement.get(measurement);
    if (columns === undefined && create) this.byMeasurement.set(measurement, (columns = new Map<string, Occurrence>()));
    return columns;
  }

  lookup(measurement: string, column: string): Occurrence | undefined {
    return this.byMeasurement.get(measurement)?.get(column);
  }

  get(key: string): Occurrence | undefined {
    return this.lookup(measurementOfKey(key), afterMeasurement(key));
  }

  set(key: string, occ: Occurrence | undefined): void {
    const m = measurementOfKey(key);
    const column = key.slice(m.length + 1);
    let columns = this.byMeasurement.get(m);
    if (occ === undefined) {
      columns?.delete(column);
      if (columns?.size === 0) this.byMeasurement.delete(m);
      return;
    }
    if (columns === undefined) this.byMeasurement.set(m, (columns = new Map<string, Occurrence>()));
    columns.set(column, occ);
  }

  /** Sets a key's fact unless it has one; returns the fact the key has now. */
  claim(key: string, occ: Occurrence): Occurrence {
    const old = this.get(key);
    if (old !== undefined) return old;
    this.set(key, occ);
    return occ;
  }

  /** Every fact as [flat key, occurrence]. */
  *entries(): IterableIterator<[string, Occurrence]> {
    for (const [m, columns] of this.byMeasurement) for (const [column, occ] of columns) yield [flatKey(m, column), occ];
  }
}
