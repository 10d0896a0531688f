/**
 * The checks of a document's chunks and the schema facts they keep in step. The first pass checks
 * every chunk in document order, building the facts as it goes: a column's fact is its first
 * occurrence in a stored line, so every line finds its facts already set, and a line sets facts only
 * once it is judged stored. After an edit only the touched chunks are checked again, and later
 * chunks whose lines a changed fact may judge otherwise (see markDirty).
 */
import { checkChunk, type ChunkCheck } from './check';
import { isBefore } from './chunkColumns';
import { familyFieldCount, familyMayFill } from './familyCounts';
import { familyOf } from './families';
import { checkContext, type CheckContext } from './checkContext';
import type { Chunk } from './chunks';
import type { ChunkDiagnostic } from './findings';
import type { FactPlaces } from './priorFacts';
import type { CheckerSettings } from './settings';
import { chunkMentions, columnOfKey, KIND_BIT, measurementOfKey, SchemaFacts, type MeasurementMentions, type Occurrence } from './schema';
import { chunkStats, type MeasurementStats } from './stats';
import { StoredChunk, type StoredSchema } from './storedFacts';
import type { DiagnosticCode } from './codes';

/** Every column kind's bit (see KIND_BIT). */
const ALL_KINDS = 63;

/** The codes of a line rejected for a limit on the columns it adds (their count is in the message). */
const LIMIT_CODES: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['column-limit', 'stored-column-limit', 'field-family-limit']);

/**
 * A key whose fact is gone from before chunk `claimer`, the first chunk after it that writes the key
 * with the old fact's kind: its first stored line of that kind sets the fact now. If it stores none,
 * the search goes on from there (see recheckFrom).
 */
export interface ClaimSearch {
  readonly old: Occurrence;
  readonly claimer: Chunk;
}

/** Whether an occurrence is a fact of the stored schema (messages say so, see describe.ts). */
function isStored(occ: Occurrence): boolean {
  return occ.chunk instanceof StoredChunk;
}

export class CheckedChunks {
  /** Per chunk, the first occurrence of each key among its stored lines (set by its check). */
  private keys = new WeakMap<Chunk, Map<string, Occurrence>>();
  private mentions = new WeakMap<Chunk, Map<string, MeasurementMentions>>();
  private stats = new WeakMap<Chunk, Map<string, MeasurementStats>>();
  private checks = new WeakMap<Chunk, ChunkDiagnostic[]>();
  readonly facts = new SchemaFacts();
  /** Set by checkAll, which the constructor calls. */
  private context!: CheckContext;

  constructor(
    chunks: readonly Chunk[],
    settings: CheckerSettings,
    nowNs: bigint,
    private readonly places: FactPlaces,
    /** What messages call the write precision choice. */
    private readonly precisionSetting: string,
  ) {
    this.checkAll(chunks, settings, nowNs);
  }

  /** The context of the checks since the last `checkAll`. */
  get ctx(): CheckContext {
    return this.context;
  }

  /** Later checks judge by another stored schema (storedChange.ts sets its facts). */
  setStoredContext(stored: StoredSchema | undefined): void {
    this.context = { ...this.context, stored };
  }

  /**
   * Checks every chunk again (new text, new settings, or a new day for retention), in one pass that
   * builds the facts from scratch (after the prior ones).
   */
  checkAll(chunks: readonly Chunk[], settings: CheckerSettings, nowNs: bigint): void {
    const first = checkContext(settings, this.facts, nowNs, this.precisionSetting, true, this.places.stored);
    // The same scope and bounds for the checks after the first pass.
    this.context = { ...first, building: false };
    this.keys = new WeakMap();
    this.mentions = new WeakMap();
    this.stats = new WeakMap();
    this.checks = new WeakMap();
    this.facts.clear();
    this.places.claimPriors(this.facts, first.scope);
    for (const c of chunks) this.store(c, checkChunk(c, first));
  }

  private store(chunk: Chunk, check: ChunkCheck): void {
    this.checks.set(chunk, check.diagnostics);
    this.keys.set(chunk, check.keys);
    this.mentions.set(chunk, check.mentions);
  }

  /** Takes a chunk's checks as they were made elsewhere (see parts.ts). */
  adopt(chunk: Chunk, check: ChunkCheck): void {
    this.store(chunk, check);
  }

  /** The first occurrence of each conflict key among a chunk's stored lines (set when the chunk is checked). */
  keysOf(chunk: Chunk): Map<string, Occurrence> {
    let k = this.keys.get(chunk);
    if (k === undefined) {
      // Every chunk is checked when it enters the document: this is only a safety net.
      const check = checkChunk(chunk, this.context);
      this.store(chunk, check);
      k = check.keys;
    }
    return k;
  }

  /** The keys a chunk's checks read, per measurement (gathered by its check; made here only as a safety net). */
  mentionsOf(chunk: Chunk): Map<string, MeasurementMentions> {
    let m = this.mentions.get(chunk);
    if (m === undefined) {
      m = chunkMentions(chunk, this.context.scope);
      this.mentions.set(chunk, m);
    }
    return m;
  }

  /** Per-measurement statistics of a chunk (made on demand, for hovers, completion, the outline). */
  statsOf(chunk: Chunk): Map<string, MeasurementStats> {
    let s = this.stats.get(chunk);
    if (s === undefined) {
      s = chunkStats(chunk);
      this.stats.set(chunk, s);
    }
    return s;
  }

  checksOf(chunk: Chunk): ChunkDiagnostic[] {
    let d = this.checks.get(chunk);
    if (d === undefined) {
      // Every chunk is checked when it enters the document: this is only a safety net.
      const check = checkChunk(chunk, this.context);
      this.store(chunk, check);
      d = check.diagnostics;
    }
    return d;
  }

  /**
   * After chunks `removed` were replaced by `added` at `index` of `chunks`: the facts the removed
   * chunks' stored lines set are gone, and the walk of recheckFrom finds the new ones. Each is
   * remembered at the start of the edited text, with its kind, to tell which later lines may read it
   * differently.
   */
  replaced(chunks: readonly Chunk[], index: number, removed: readonly Chunk[], added: readonly Chunk[]): void {
    const removedChunks = new Set<Chunk>(removed);
    const pending = new Map<string, Occurrence | undefined>();
    for (const c of removed) {
      for (const key of (this.keys.get(c) ?? new Map<string, Occurrence>()).keys()) {
        const fact = this.facts.get(key);
        if (fact === undefined || !removedChunks.has(fact.chunk)) continue;
        pending.set(key, { chunk: added[0], line: -1, kind: fact.kind });
        this.facts.set(key, undefined);
      }
    }
    this.recheckFrom(chunks, index, new Set(added), pending);
  }

  /**
   * Checks the `dirty` chunks again in document order from index `from`, and keeps the facts in
   * step: a chunk's stored lines depend on the facts before it, and the facts it sets decide how the
   * chunks after it are judged, so a change of a fact marks every later chunk whose verdicts it may
   * change (see markDirty). `pending`: keys whose facts the edit removed, with where they were.
   */
  recheckFrom(chunks: readonly Chunk[], from: number, dirty: Set<Chunk>, pending: Map<string, Occurrence | undefined>, searching = new Map<string, ClaimSearch>()): void {
    for (let k = from; k < chunks.length && dirty.size > 0; k++) {
      const c = chunks[k];
      if (!dirty.delete(c)) continue;
      const previous = this.keys.get(c);
      const check = checkChunk(c, this.context);
      this.store(c, check);
      const candidates = new Map<string, Occurrence | undefined>(pending);
      pending.clear();
      for (const [key, search] of searching) {
        if (search.claimer !== c) continue;
        searching.delete(key);
        if (!candidates.has(key)) candidates.set(key, search.old);
      }
      for (const key of previous?.keys() ?? []) if (!candidates.has(key)) candidates.set(key, this.facts.get(key));
      for (const key of check.keys.keys()) if (!candidates.has(key)) candidates.set(key, this.facts.get(key));
      for (const [key, old] of candidates) {
        const current = this.facts.get(key);
        // A fact set before this chunk stays.
        if (current !== undefined && isBefore(current, c)) continue;
        let next = check.keys.get(key);
        for (let j = k + 1; next === undefined && j < chunks.length; j++) next = this.keys.get(chunks[j])?.get(key);
        this.facts.set(key, next);
        if (old !== next) this.markDirty(chunks, key, old, next, k, dirty, searching);
      }
    }
  }

  /**
   * After the fact of `key` changed from `old` to `next` (both at or after chunk `at`), marks the
   * later chunks whose verdicts may differ: a line of kind x is rejected for the key exactly when a
   * fact before it has another kind (and its message says which, and whether it is stored), so a
   * chunk is marked when that changes for a kind it writes (or a fact lies inside it). A chunk left
   * with no fact before it sets one with its first stored line of the old kind: the first such chunk
   * is marked, and `searching` says so (without it, `next` must lie before every later chunk). Where
   * the target limits columns per table, a later chunk of a table near the limit is marked when its
   * lines may add a column (their count of the columns before them may change the verdict).
   */
  markDirty(chunks: readonly Chunk[], key: string, old: Occurrence | undefined, next: Occurrence | undefined, at: number, dirty: Set<Chunk>, searching?: Map<string, ClaimSearch>): void {
    const m = measurementOfKey(key);
    // Mentions are by key: a 1.x/2.x field column's key without its shard group.
    const column = columnOfKey(key);
    const limit = this.context.scope.perTable ? this.context.settings.profile.columnLimit : undefined;
    const tableColumns = limit === undefined ? 0 : (this.facts.columnsOf(m, false)?.size ?? 0) + 1;
    // InfluxDB 3's per-family field limit (families.ts): the family of the key, and its fields in the table.
    const family = this.context.scope.perTable && this.context.settings.profile.dialect === 'v3' ? familyOf(column) : undefined;
    const familyFields = family === undefined ? 0 : familyFieldCount(family, this.facts.columnsOf(m, false));
    // A stored fact and a line's of one kind reject the same lines, in other words.
    const originChanged = old !== undefined && next !== undefined && isStored(old) !== isStored(next);
    let claimerFound = searching === undefined;
    for (let j = at + 1; j < chunks.length; j++) {
      const c = chunks[j];
      if (claimerFound && dirty.has(c)) continue;
      // Both facts before the chunk, of one kind and origin: its lines see the same fact and the
      // same number of columns (the usual case after an edit, decided without reading the chunk).
      if (!originChanged && old !== undefined && next !== undefined && old.kind === next.kind && isBefore(old, c) && isBefore(next, c)) continue;
      const mentions = this.mentionsOf(c).get(m);
      if (mentions === undefined) continue;
      const kinds = mentions.columns.get(column);
      const oldBit = old !== undefined && isBefore(old, c) ? KIND_BIT[old.kind] : 0;
      const nextBit = next !== undefined && isBefore(next, c) ? KIND_BIT[next.kind] : 0;
      if (!claimerFound && old !== undefined && searching !== undefined && kinds !== undefined && nextBit === 0 && (kinds & oldBit) !== 0) {
        claimerFound = true;
        dirty.add(c);
        searching.set(key, { old, claimer: c });
        continue;
      }
      if (dirty.has(c)) continue;
      if (limit !== undefined && tableColumns + mentions.maxColumns + 1 > limit && this.mayAddColumns(c, m, mentions)) {
        dirty.add(c);
        continue;
      }
      // A chunk writing fields of a near-full family.
      if (family !== undefined && familyMayFill(family, familyFields, mentions.columns) && this.mayAddColumns(c, m, mentions)) {
        dirty.add(c);
        continue;
      }
      if (kinds === undefined) continue;
      if (old?.chunk === c || next?.chunk === c) {
        dirty.add(c);
        continue;
      }
      if (oldBit === nextBit && !originChanged) continue;
      // A line of kind x reads the fact's kind when it differs from x (its message names it): that
      // changes for every kind, except the old fact's own kind when no fact is left, the new fact's
      // own kind when there was none, and the fact's own kind when only its origin changed.
      let changed = ALL_KINDS;
      if (nextBit === 0) changed &= ~oldBit;
      if (oldBit === 0) changed &= ~nextBit;
      if (oldBit === nextBit) changed &= ~oldBit;
      if ((changed & kinds) !== 0) dirty.add(c);
    }
  }

  /**
   * Whether a line of chunk `c` may add a column to table `m`, before or after a change of the
   * facts: it mentions a column without a fact before the chunk (now), its stored lines set one,
   * or it has a line rejected for a limit on the columns it adds. Otherwise no line of it adds a
   * column either way, and the count of the table's columns cannot change its verdicts.
   */
  private mayAddColumns(c: Chunk, m: string, mentions: MeasurementMentions): boolean {
    const own = this.keys.get(c);
    const checks = this.checks.get(c);
    if (own === undefined || checks === undefined) return true;
    for (const key of mentions.columns.keys()) {
      const fact = this.facts.lookup(m, key);
      if (fact === undefined || !isBefore(fact, c)) return true;
    }
    for (const key of own.keys()) if (measurementOfKey(key) === m) return true;
    return checks.some((d) => LIMIT_CODES.has(d.code));
  }
}
