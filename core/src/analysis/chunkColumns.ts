/**
 * The column facts a chunk's lines are judged by, as its check meets them: per measurement, the
 * document-wide facts and the ones the chunk's own stored lines set, and the keys its lines write.
 * A later line's key is compared with the remembered one in place, so a repeated key costs no new
 * string, no decoding and no map lookup.
 */
import type { LineTable } from '../api';
import type { Chunk } from './chunks';
import type { Occurrence, SchemaFacts } from './schema';

/** What the column facts of a check need of its pass. */
export interface FactsView {
  readonly facts: SchemaFacts;
  /** True during the first pass over the document, which claims each column's fact as it goes. */
  readonly building: boolean;
}

/**
 * A tag or field key met in lines of one measurement, with what the checks need of it. A later
 * line's key is compared with `raw` in place, so a key seen before costs no new string, no decoding
 * and no map lookup.
 */
export interface KeyEntry {
  /** The key as written (escapes included). */
  readonly raw: string;
  readonly key: string;
  readonly reserved: boolean;
  /** The column's fact in the scope `window` (see ConflictScope.windowOf), once one is known. */
  window: string | undefined;
  fact: Occurrence | undefined;
  /** Kept in the measurement's list (else its kinds go to the measurement's `overflow`). */
  readonly remembered: boolean;
  /** The kinds the chunk's lines write under this key (KIND_BIT), for chunkMentions' result. */
  kinds: number;
}

/** Keys remembered per measurement and kind: a measurement has few, and its lines repeat them. */
const MAX_KEY_ENTRIES = 64;

/**
 * A measurement's column facts and the keys met in its lines, for the check of one chunk. Only
 * stored lines (lines the server accepts) set facts: a rejected line is rolled back entirely on
 * every product (schema-and-influxdb3.md §5), so it sets no column's type and adds no column.
 */
export interface KnownColumns {
  /** The measurement as written. */
  readonly raw: string;
  readonly measurement: string;
  /** The document-wide facts of the measurement (live). */
  readonly columns: Map<string, Occurrence> | undefined;
  /**
   * The facts this chunk's stored lines set (outside the first pass: the document-wide ones of
   * this chunk or a later one do not hold for its lines, which are judged by what comes before).
   */
  readonly local: Map<string, Occurrence>;
  readonly tags: KeyEntry[];
  readonly fields: KeyEntry[];
  /** The kinds written under keys beyond the remembered ones. */
  readonly overflow: Map<string, number>;
  /** The most columns one of the measurement's lines writes. */
  maxColumns: number;
}

/** The measurements of the current chunk, most recent first (a file has few, and they repeat). */
export class KnownMeasurements {
  readonly list: KnownColumns[] = [];
  /** Every measurement met in the chunk (the recent list forgets some). */
  readonly all: KnownColumns[] = [];
  /** Per measurement, the first occurrence in this chunk of every column its stored lines write. */
  readonly claims = new Map<string, Map<string, Occurrence>>();
}

const RECENT_MEASUREMENTS = 16;

/** Whether `text[start, end)` is `raw`. */
function writtenAs(raw: string, text: string, start: number, end: number): boolean {
  return raw.length === end - start && text.startsWith(raw, start);
}

export function knownColumns(ctx: FactsView, known: KnownMeasurements, table: LineTable, i: number, text: string): KnownColumns {
  const list = known.list;
  const start = table.start(i);
  const end = table.measurementEnd(i);
  for (let x = 0; x < list.length; x++) {
    const k = list[x];
    if (writtenAs(k.raw, text, start, end)) return k;
  }
  const m = table.measurement(i, text, 0);
  let local = known.claims.get(m);
  if (local === undefined) known.claims.set(m, (local = new Map<string, Occurrence>()));
  const k: KnownColumns = { raw: text.slice(start, end), measurement: m, columns: ctx.facts.columnsOf(m, ctx.building), local, tags: [], fields: [], overflow: new Map(), maxColumns: 0 };
  if (list.length >= RECENT_MEASUREMENTS) list.pop();
  list.unshift(k);
  known.all.push(k);
  return k;
}

/** The entry of the key written at `text[start, end)`: tried first at the key's position `j`, where the measurement's earlier lines usually had it. */
function findKey(entries: KeyEntry[], j: number, text: string, start: number, end: number): KeyEntry | undefined {
  const at = entries[j];
  if (at !== undefined && writtenAs(at.raw, text, start, end)) return at;
  for (let x = 0; x < entries.length; x++) {
    const e = entries[x];
    if (writtenAs(e.raw, text, start, end)) return e;
  }
  return undefined;
}

/**
 * Key j of data line i, a field's or a tag's: the measurement's remembered entry (made on first
 * use) when the point reaches a table (`entries`), else decoded for this line only.
 */
export function keyAt(entries: KeyEntry[] | undefined, table: LineTable, i: number, j: number, text: string, field: boolean, reserved: readonly string[]): KeyEntry {
  const start = field ? table.fieldKeyStart(i, j) : table.tagKeyStart(i, j);
  const end = field ? table.fieldKeyEnd(i, j) : table.tagKeyEnd(i, j);
  const found = entries === undefined ? undefined : findKey(entries, j, text, start, end);
  if (found !== undefined) return found;
  const key = field ? table.fieldKey(i, j, text, 0) : table.tagKey(i, j, text, 0);
  const remembered = entries !== undefined && entries.length < MAX_KEY_ENTRIES;
  const e: KeyEntry = { raw: text.slice(start, end), key, reserved: reserved.includes(key), window: undefined, fact: undefined, remembered, kinds: 0 };
  if (remembered) entries.push(e);
  return e;
}

/** Records that a line of the chunk writes a kind under a key (see chunkMentions). */
export function mention(known: KnownColumns, e: KeyEntry, bit: number): void {
  if (e.remembered) e.kinds |= bit;
  else known.overflow.set(e.key, (known.overflow.get(e.key) ?? 0) | bit);
}

/** Whether an occurrence lies in a chunk before `chunk` (a fact its lines are judged by outside the first pass). */
export function isBefore(occ: Occurrence, chunk: Chunk): boolean {
  return occ.chunk !== chunk && occ.chunk.offset < chunk.offset;
}

/**
 * The fact of `column` (in the scope `window`) that the lines before this one set, remembered in
 * the entry once found (facts, once set, do not change while a chunk is checked).
 */
export function lookupFact(e: KeyEntry, known: KnownColumns, column: string, window: string, ctx: FactsView, chunk: Chunk): Occurrence | undefined {
  let fact = known.columns?.get(column);
  // While the first pass builds the facts, every fact was set before this line.
  if (fact !== undefined && !ctx.building && !isBefore(fact, chunk)) fact = undefined;
  fact ??= known.local.get(column);
  if (fact !== undefined) {
    e.window = window;
    e.fact = fact;
  }
  return fact;
}

/** The fact a line's column is judged by (undefined: the line would be the first to write it). */
export function factOf(e: KeyEntry, known: KnownColumns, column: string, window: string, ctx: FactsView, chunk: Chunk): Occurrence | undefined {
  return e.window === window && e.fact !== undefined ? e.fact : lookupFact(e, known, column, window, ctx, chunk);
}

/** How many columns the table has before this line (time excluded): the stored lines' facts. */
export function columnsBefore(known: KnownColumns, ctx: FactsView, chunk: Chunk): number {
  const columns = known.columns;
  if (ctx.building) return columns?.size ?? 0;
  let n = known.local.size;
  if (columns !== undefined) for (const [column, fact] of columns) if (isBefore(fact, chunk) && !known.local.has(column)) n++;
  return n;
}

/**
 * Records the fact a stored line sets: the first occurrence of a column that had none before it
 * (so neither the document's facts before this chunk nor this chunk's own have it).
 */
export function claim(known: KnownColumns, e: KeyEntry, column: string, window: string, occ: Occurrence, ctx: FactsView): void {
  known.local.set(column, occ);
  if (ctx.building) known.columns?.set(column, occ);
  e.window = window;
  e.fact = occ;
}
