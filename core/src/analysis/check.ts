/**
 * The checks of one chunk: every reason the configured target would reject (or silently change)
 * a line, on the exact characters. Good lines are read through the table's cheap accessors; a
 * line is decoded in full only when it has a problem, to find the spans.
 *
 * A line is judged against the facts of the lines stored before it, as the servers do: each line
 * goes through its own writer and a rejected one is rolled back entirely (schema-and-influxdb3.md
 * §5), so only a line with no error sets the facts of its new columns.
 */
import type { LineTable, ParseOptions } from '../api';
import type { FieldType, LineResult, Point } from '../model';
import { parseRegion } from '../parse/parseRegion';
import { NANOS_PER } from '../products';
import type { Chunk } from './chunks';
import { addEncodingDiagnostics } from './encoding';
import { mayEscape, parseHint } from './parseErrorHints';
import { acceptedTimes, flatKey, KIND_BIT, typeName, type ConflictScope, type MeasurementMentions, type Occurrence, type SchemaFacts } from './schema';
import type { CheckerSettings } from './settings';
import { formatDuration, formatInstant, guessPrecision, PRECISION_NAMES } from './time';

export type Severity = 'error' | 'warning' | 'information';

/** What a quick fix needs to know beyond the diagnostic's range. */
export type FixData =
  | { readonly fix: 'set-type'; readonly type: FieldType }
  | { readonly fix: 'crlf' }
  | { readonly fix: 'trailing-whitespace' }
  | { readonly fix: 'remove-field' }
  /** The line to try escaping in (without its line ending and trailing blanks); the error is the diagnostic's start. */
  | { readonly fix: 'escape'; readonly lineStart: number; readonly lineEnd: number };

/** A problem found in one chunk; offsets are relative to the chunk. */
export interface ChunkDiagnostic {
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly code: string;
  /** `{first}` stands for where the related fact was set ("line 3"), filled in when published. */
  readonly message: string;
  /** The conflict key whose first occurrence set the fact this one contradicts. */
  readonly relatedKey?: string;
  readonly relatedColumn?: string;
  readonly fix?: FixData;
}

export interface CheckContext {
  readonly settings: CheckerSettings;
  readonly scope: ConflictScope;
  readonly facts: SchemaFacts;
  /** True during the first pass over the document, which claims each column's fact as it goes. */
  building: boolean;
  readonly parseOptions: ParseOptions;
  readonly nowNs: bigint;
  /** Precomputed timestamp bounds under the configured precision. */
  readonly bounds: TimestampBounds;
  /** What messages call the write precision choice (a setting in the editor, an option on the command line). */
  readonly precisionSetting: string;
  /** Column facts of the measurements met in the chunk being checked. */
  known?: KnownMeasurements;
}

export interface TimestampBounds {
  readonly minRaw: bigint;
  readonly maxRaw: bigint;
  /** Raw values in [plausibleLow, plausibleHigh] need no precision guess. */
  readonly plausibleLow: bigint;
  readonly plausibleHigh: bigint;
  /** Raw values below this are older than the retention period (undefined: infinite retention). */
  readonly retentionRaw: bigint | undefined;
  /** Raw values in [quietLow, quietHigh] pass every timestamp check. */
  readonly quietLow: bigint;
  readonly quietHigh: bigint;
  /** The same two bounds in decimal, to compare a timestamp's digits without making a bigint. */
  readonly quietLowDigits: string;
  readonly quietHighDigits: string;
}

export function timestampBounds(settings: CheckerSettings, nowNs: bigint): TimestampBounds {
  const mult = NANOS_PER[settings.precision];
  const { minRaw, maxRaw, retentionRaw } = acceptedTimes(settings, nowNs);
  const digits = (nowNs / mult).toString().length;
  const plausibleLow = 10n ** BigInt(Math.max(0, digits - 2));
  const plausibleHigh = 10n ** BigInt(digits + 1) - 1n;
  const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
  const quietLow = max(max(minRaw, plausibleLow), retentionRaw ?? minRaw);
  const quietHigh = maxRaw < plausibleHigh ? maxRaw : plausibleHigh;
  return { minRaw, maxRaw, plausibleLow, plausibleHigh, retentionRaw, quietLow, quietHigh, quietLowDigits: quietLow.toString(), quietHighDigits: quietHigh.toString() };
}

const quote = (s: string): string => `'${s}'`;


/** The checks of a chunk, and the facts its stored lines set. */
export interface ChunkCheck {
  readonly diagnostics: ChunkDiagnostic[];
  /** Per conflict key (see flatKey), its first occurrence among the lines of the chunk the server stores. */
  readonly keys: Map<string, Occurrence>;
  /** What chunkMentions would say of the chunk, gathered on the way. */
  readonly mentions: Map<string, MeasurementMentions>;
}

/**
 * Checks every data line of a chunk. Outside the first pass, its lines are judged by the facts of
 * the chunks before it and of its own stored lines (see KnownColumns).
 */
export function checkChunk(chunk: Chunk, ctx: CheckContext): ChunkCheck {
  ctx.known = undefined;
  const out: ChunkDiagnostic[] = [];
  const { table, text } = chunk;
  for (let i = 0; i < table.count; i++) {
    if (table.ok(i)) checkGoodLine(chunk, i, ctx, out);
    else checkBadLine(table, text, i, ctx, out);
  }
  addEncodingDiagnostics(out, text, ctx.settings.profile);
  const keys = new Map<string, Occurrence>();
  const mentions = new Map<string, MeasurementMentions>();
  // (Set by the line checks above: the compiler cannot see it.)
  const known = ctx.known as KnownMeasurements | undefined;
  if (known !== undefined) {
    for (const [m, columns] of known.claims) for (const [column, occ] of columns) keys.set(flatKey(m, column), occ);
    for (const k of known.all) {
      let mm = mentions.get(k.measurement);
      if (mm === undefined) mentions.set(k.measurement, (mm = { columns: new Map(), maxColumns: 0 }));
      if (k.maxColumns > mm.maxColumns) mm.maxColumns = k.maxColumns;
      const columns = mm.columns;
      for (const e of k.tags) if (e.kinds !== 0) columns.set(e.key, (columns.get(e.key) ?? 0) | e.kinds);
      for (const e of k.fields) if (e.kinds !== 0) columns.set(e.key, (columns.get(e.key) ?? 0) | e.kinds);
      for (const [key, kinds] of k.overflow) columns.set(key, (columns.get(key) ?? 0) | kinds);
    }
  }
  ctx.known = undefined;
  return { diagnostics: out, keys, mentions };
}

function checkBadLine(table: LineTable, text: string, i: number, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const r = table.result(i, text, 0);
  if (r.ok) return;
  const label = ctx.settings.profile.label;
  const start = table.start(i);
  let end = table.end(i);
  let crlf = false;
  if (end > start && text.charCodeAt(end - 1) === 13) {
    crlf = true;
    end--;
  }
  let ws = end;
  if (ctx.settings.profile.parser === 'v3') while (ws > start && (text.charCodeAt(ws - 1) === 32 || text.charCodeAt(ws - 1) === 9)) ws--;
  if (crlf) {
    out.push({
      start: end,
      end: end + 1,
      severity: 'error',
      code: 'crlf',
      message: `CRLF line ending: ${label} does not treat '\\r' as part of the line break, so every line of a CRLF file is rejected. Convert the file to LF line endings.`,
      fix: { fix: 'crlf' },
    });
  }
  if (ws < end) {
    out.push({
      start: ws,
      end,
      severity: 'error',
      code: 'trailing-whitespace',
      message: `Trailing whitespace after the fields: ${label} rejects it unless a timestamp follows ("Could not parse entire line"). Remove it.`,
      fix: { fix: 'trailing-whitespace' },
    });
  }
  if (crlf || ws < end) {
    // Report what would still be wrong once the line ending and trailing blanks are fixed.
    const rest = text.slice(start, ws);
    const again = parseRegion(rest, 0, rest.length, ctx.parseOptions);
    if (again.count === 0) return;
    const r2 = again.result(0, rest, 0);
    if (r2.ok) return;
    pushParseError(r2, rest, start, start, ws, out);
    return;
  }
  pushParseError(r, text, 0, start, table.end(i), out);
}

function pushParseError(
  r: Extract<LineResult, { ok: false }>,
  /** The text the error's offsets are in (its hint may depend on what is there). */
  source: string,
  shift: number,
  lineStart: number,
  lineEnd: number,
  out: ChunkDiagnostic[],
): void {
  const { kind, message, offset, end } = r.error;
  const hint = parseHint(kind, source.slice(offset, end));
  out.push({
    start: offset + shift,
    end: end + shift,
    severity: 'error',
    code: kind,
    message: hint ? `${message}. ${hint}` : message,
    ...(mayEscape(kind) ? { fix: { fix: 'escape', lineStart, lineEnd } } : {}),
  });
}

/** Problems found by the cheap pass, resolved to spans afterwards. */
type Finding =
  /** `factKey` undefined: the fact was set by this very line (a tag and a field of one name). */
  | { readonly what: 'tag-conflict' | 'field-conflict'; readonly index: number; readonly key: string; readonly fact: string; readonly factKey: string | undefined }
  | { readonly what: 'duplicate-tag' | 'duplicate-field'; readonly index: number; readonly key: string; readonly other: number }
  | { readonly what: 'reserved-tag' | 'reserved-field'; readonly index: number; readonly key: string }
  /** The line's new columns (`tags`/`fields`: their indexes) would take the table past the column limit. */
  | { readonly what: 'column-limit'; readonly tags: readonly number[]; readonly fields: readonly number[]; readonly columns: number }
  | { readonly what: 'timestamp' };

/** Reused key lists (a line's keys are only needed while it is checked). */
const tagScratch: string[] = [];
const fieldScratch: string[] = [];
/** The entries of the line's keys, and the column (conflict key within the measurement) of each. */
const tagEntryScratch: KeyEntry[] = [];
const fieldEntryScratch: KeyEntry[] = [];
/** Whether the line's key j is a column without a fact before the line (the line would add it). */
const tagNewScratch: boolean[] = [];
const fieldNewScratch: boolean[] = [];

function indexIn(keys: string[], k: string, before: number): number {
  for (let x = 0; x < before; x++) if (keys[x] === k) return x;
  return before;
}

/**
 * A tag or field key met in lines of one measurement, with what the checks need of it. A later
 * line's key is compared with `raw` in place, so a key seen before costs no new string, no decoding
 * and no map lookup.
 */
interface KeyEntry {
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
interface KnownColumns {
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

function knownColumns(ctx: CheckContext, table: LineTable, i: number, text: string): KnownColumns {
  const known = (ctx.known ??= new KnownMeasurements());
  const list = known.list;
  const start = table.start(i);
  const end = table.measurementEnd(i);
  for (let x = 0; x < list.length; x++) {
    const k = list[x];
    if (writtenAs(k.raw, text, start, end)) return k;
  }
  const m = table.measurement(i, text, 0);
  let local = known.claims.get(m);
  if (local === undefined) known.claims.set(m, (local = new Map()));
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
function keyAt(entries: KeyEntry[] | undefined, table: LineTable, i: number, j: number, text: string, field: boolean, reserved: readonly string[]): KeyEntry {
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
function mention(known: KnownColumns, e: KeyEntry, bit: number): void {
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
function lookupFact(e: KeyEntry, known: KnownColumns, column: string, window: string, ctx: CheckContext, chunk: Chunk): Occurrence | undefined {
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
function factOf(e: KeyEntry, known: KnownColumns, column: string, window: string, ctx: CheckContext, chunk: Chunk): Occurrence | undefined {
  return e.window === window && e.fact !== undefined ? e.fact : lookupFact(e, known, column, window, ctx, chunk);
}

/** How many columns the table has before this line (time excluded): the stored lines' facts. */
function columnsBefore(known: KnownColumns, ctx: CheckContext, chunk: Chunk): number {
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
function claim(known: KnownColumns, e: KeyEntry, column: string, window: string, occ: Occurrence, ctx: CheckContext): void {
  known.local.set(column, occ);
  if (ctx.building) known.columns?.set(column, occ);
  e.window = window;
  e.fact = occ;
}

function checkGoodLine(chunk: Chunk, i: number, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const { table, text } = chunk;
  const { scope, settings } = ctx;
  const profile = settings.profile;
  // Per-table targets need the timestamp only for its own checks: a usual one passes on its digits.
  const perTable = scope.perTable;
  const quietDigits = perTable && digitsInQuietRange(text, table.start(i), table.end(i), ctx.bounds);
  const ts = quietDigits ? undefined : table.timestamp(i, text, 0);
  // One lookup of the measurement per line; columns are looked up in its map. A point rejected for
  // its time (beyond the range, older than the retention period) never reaches a table: it sets no
  // column and conflicts with none, exactly as chunkMentions skips it; its own problems
  // (duplicates, reserved keys) are still reported.
  const known = quietDigits || scope.reaches(ts) ? knownColumns(ctx, table, i, text) : undefined;
  const window = known === undefined ? '' : scope.windowOf(ts);
  let findings: Finding[] | undefined;
  // Whether the server rejects the point (then it sets no fact at all, but see conflictAt).
  let rejected = false;
  // The first field that conflicts with a type (set earlier or in this line), and whether the
  // point is rejected for anything else.
  let conflictAt = -1;
  let otherwise = false;
  const nTags = table.tagCount(i);
  const nFields = table.fieldCount(i);
  if (known !== undefined && nTags + nFields > known.maxColumns) known.maxColumns = nTags + nFields;
  const reservedTags = profile.reservedTagKeys;
  for (let j = 0; j < nTags; j++) {
    const e = keyAt(known?.tags, table, i, j, text, false, reservedTags);
    const k = e.key;
    tagScratch[j] = k;
    tagEntryScratch[j] = e;
    if (known !== undefined && perTable) mention(known, e, KIND_BIT.tag);
    if (e.reserved) {
      (findings ??= []).push({ what: 'reserved-tag', index: j, key: k });
      rejected = otherwise = true;
    }
    tagNewScratch[j] = false;
    const dup = indexIn(tagScratch, k, j);
    if (dup < j) {
      (findings ??= []).push({ what: 'duplicate-tag', index: j, key: k, other: dup });
      rejected = otherwise = true;
      continue;
    }
    // Tags have a column of their own only per table (1.x/2.x keep tags and fields apart).
    if (known === undefined || !perTable) continue;
    const fact = factOf(e, known, k, '', ctx, chunk);
    if (fact === undefined) tagNewScratch[j] = true;
    else if (fact.kind !== 'tag') {
      (findings ??= []).push({ what: 'tag-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known.measurement, k) });
      rejected = otherwise = true;
    }
  }
  const reservedFields = profile.reservedFieldKeys;
  let reservedCount = 0;
  for (let j = 0; j < nFields; j++) {
    const type = table.fieldType(i, j);
    const e = keyAt(known?.fields, table, i, j, text, true, reservedFields);
    const k = e.key;
    fieldScratch[j] = k;
    fieldEntryScratch[j] = e;
    if (known !== undefined) mention(known, e, KIND_BIT[type]);
    fieldNewScratch[j] = false;
    if (e.reserved) {
      (findings ??= []).push({ what: 'reserved-field', index: j, key: k });
      reservedCount++;
      continue;
    }
    const dup = indexIn(fieldScratch, k, j);
    if (dup < j) {
      (findings ??= []).push({ what: 'duplicate-field', index: j, key: k, other: dup });
      // InfluxDB 3 Core rejects any repeated field; every other product rejects a repeat of another type.
      if (profile.duplicateFields === 'reject') rejected = otherwise = true;
      else if (table.fieldType(i, dup) !== type) {
        rejected = true;
        if (conflictAt < 0) conflictAt = j;
      }
      continue;
    }
    if (known === undefined) continue;
    const fact = e.window === window && e.fact !== undefined ? e.fact : lookupFact(e, known, scope.fieldColumnIn(k, window), window, ctx, chunk);
    if (fact !== undefined) {
      if (fact.kind !== type) {
        (findings ??= []).push({ what: 'field-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known.measurement, scope.fieldColumnIn(k, window)) });
        rejected = true;
        if (conflictAt < 0) conflictAt = j;
      }
    } else if (perTable && indexIn(tagScratch, k, nTags) < nTags) {
      // A tag of this line has the name: IOx writes the tags first, and the field then meets a tag column.
      (findings ??= []).push({ what: 'field-conflict', index: j, key: k, fact: 'tag', factKey: undefined });
      rejected = otherwise = true;
    } else fieldNewScratch[j] = true;
  }
  // Only reserved fields: once they are dropped, nothing is left to write.
  if (reservedCount === nFields) rejected = otherwise = true;
  // A stored point sets the facts of its columns (unless the column limit rejects it).
  if (known !== undefined && !rejected) settleColumns(chunk, i, known, window, nTags, nFields, ctx, (f) => (findings ??= []).push(f));
  else if (known !== undefined && conflictAt > 0 && !otherwise && profile.conflictKeepsEarlierFields) {
    // 1.x: the new fields before the conflicting one were created while the point was validated.
    for (let j = 0; j < conflictAt; j++) {
      if (fieldNewScratch[j]) claim(known, fieldEntryScratch[j], scope.fieldColumnIn(fieldScratch[j], window), window, { chunk, line: i, kind: table.fieldType(i, j) }, ctx);
    }
  }
  // Two comparisons for the usual timestamp; the exact reason is worked out only when it is outside.
  if (!quietDigits && ts !== undefined && (ts < ctx.bounds.quietLow || ts > ctx.bounds.quietHigh)) (findings ??= []).push({ what: 'timestamp' });
  if (findings === undefined) return;
  const r = table.result(i, text, 0);
  if (!r.ok) return;
  const m = known?.measurement ?? r.point.measurement.value;
  for (const f of findings) describe(f, r.point, m, ts, ctx, out);
}

/**
 * The last step for a point that nothing else rejects: where the target limits the columns per
 * table, a point whose new columns would take its table past the limit is rejected (Cloud fails
 * the whole request); otherwise it is stored, and its columns set the facts they are the first to
 * write. Returns whether the point is rejected.
 */
function settleColumns(chunk: Chunk, i: number, known: KnownColumns, window: string, nTags: number, nFields: number, ctx: CheckContext, report: (f: Finding) => void): boolean {
  const perTable = ctx.scope.perTable;
  let added = 0;
  for (let j = 0; j < nTags; j++) if (tagNewScratch[j]) added++;
  for (let j = 0; j < nFields; j++) if (fieldNewScratch[j]) added++;
  // Most lines write only columns that have their facts already.
  if (added === 0) return false;
  const limit = ctx.settings.profile.columnLimit;
  if (limit !== undefined && perTable) {
    // The time column counts too.
    const columns = columnsBefore(known, ctx, chunk) + added + 1;
    if (columns > limit) {
      const tags: number[] = [];
      const fields: number[] = [];
      for (let j = 0; j < nTags; j++) if (tagNewScratch[j]) tags.push(j);
      for (let j = 0; j < nFields; j++) if (fieldNewScratch[j]) fields.push(j);
      report({ what: 'column-limit', tags, fields, columns });
      return true;
    }
  }
  for (let j = 0; j < nTags; j++) if (tagNewScratch[j]) claim(known, tagEntryScratch[j], tagScratch[j], '', { chunk, line: i, kind: 'tag' }, ctx);
  for (let j = 0; j < nFields; j++) {
    if (!fieldNewScratch[j]) continue;
    const e = fieldEntryScratch[j];
    claim(known, e, ctx.scope.fieldColumnIn(e.key, window), window, { chunk, line: i, kind: chunk.table.fieldType(i, j) }, ctx);
  }
  return false;
}

/**
 * Whether a parsed line ends in a timestamp whose digits lie within the quiet bounds: a space or
 * TAB, then digits without a sign or leading zero, at the line's end. Nothing else in a parsed line
 * can end that way (a field value never holds an unquoted blank), so `false` only means "ask the
 * table": no timestamp, a negative or zero-padded one, or one outside the bounds.
 */
function digitsInQuietRange(text: string, start: number, end: number, bounds: TimestampBounds): boolean {
  let p = end;
  while (p > start && text.charCodeAt(p - 1) - 48 >>> 0 <= 9) p--;
  const len = end - p;
  if (len === 0 || p === start) return false;
  const before = text.charCodeAt(p - 1);
  if (before !== 32 && before !== 9) return false;
  if (len > 1 && text.charCodeAt(p) === 48) return false;
  const low = bounds.quietLowDigits;
  const high = bounds.quietHighDigits;
  if (len < low.length || len > high.length) return false;
  if (len === low.length && compareDigits(text, p, low) < 0) return false;
  if (len === high.length && compareDigits(text, p, high) > 0) return false;
  return true;
}

/** Compares the digits at `text[p…]` with `digits` of the same length. */
function compareDigits(text: string, p: number, digits: string): number {
  for (let k = 0; k < digits.length; k++) {
    const d = text.charCodeAt(p + k) - digits.charCodeAt(k);
    if (d !== 0) return d;
  }
  return 0;
}

function describe(f: Finding, p: Point, m: string, ts: bigint | undefined, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const { settings } = ctx;
  const profile = settings.profile;
  const label = profile.label;
  switch (f.what) {
    case 'tag-conflict': {
      const key = p.tags[f.index].key;
      out.push({
        start: key.start,
        end: key.end,
        severity: 'error',
        code: 'tag-field-conflict',
        message: `Tag ${quote(f.key)} has the name of a ${typeName(f.fact)} field of measurement ${quote(m)} ({first}): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the tag or the field.`,
        ...related(f.factKey, f.key),
      });
      return;
    }
    case 'field-conflict': {
      const field = p.fields[f.index];
      if (f.fact === 'tag') {
        out.push({
          start: field.key.start,
          end: field.key.end,
          severity: 'error',
          code: 'tag-field-conflict',
          message: `Field ${quote(f.key)} has the name of a tag of measurement ${quote(m)} (${f.factKey === undefined ? 'in this line' : '{first}'}): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the field or the tag.`,
          ...related(f.factKey, f.key),
        });
        return;
      }
      const where = ctx.scope.perTable
        ? `({first}, which sets the column type for the table)`
        : `({first}, which sets the type for the shard group starting ${formatInstant(ctx.scope.windowStart(ts))})`;
      out.push({
        start: field.valueSpan.start,
        end: field.valueSpan.end,
        severity: 'error',
        code: 'field-type-conflict',
        message: `Field ${quote(f.key)} of measurement ${quote(m)} is ${typeName(field.value.type)} here but ${typeName(f.fact)} earlier ${where}: ${label} rejects the point. Write the value as ${typeName(f.fact)}${conversionHint(field.value.type, f.fact as FieldType)}.`,
        ...related(f.factKey, f.key),
        fix: { fix: 'set-type', type: f.fact as FieldType },
      });
      return;
    }
    case 'duplicate-tag': {
      // The write path rejects a repeated tag key whatever its values (line-protocol.md §6).
      const tag = p.tags[f.index];
      const says = profile.duplicateTagMessage?.replace('{key}', f.key);
      out.push({
        start: tag.key.start,
        end: tag.value.end,
        severity: 'error',
        code: 'duplicate-tag',
        message: `Tag ${quote(f.key)} appears more than once: ${label} rejects the point${says === undefined ? '' : ` ("${says}")`}, even when the values are equal. Keep one.`,
      });
      return;
    }
    case 'duplicate-field': {
      const field = p.fields[f.index];
      const first = p.fields[f.other];
      const sameType = field.value.type === first.value.type;
      const start = field.key.start;
      const mode = profile.duplicateFields;
      let severity: Severity = 'warning';
      let message = `Field ${quote(f.key)} appears more than once: ${label} keeps only the last value. Remove the duplicate.`;
      if (mode === 'reject') {
        severity = 'error';
        message = `Field ${quote(f.key)} appears more than once: ${label} rejects the line ("multiple instances of '${f.key}' field found"). Remove the duplicate.`;
      } else if (!sameType) {
        // IOx: "the field 'K' is specified more than once with conflicting types"; 1.x/2.x create the
        // field from its first value and refuse the second ("field type conflict"), dropping the point.
        severity = 'error';
        const says = mode === 'last-same-type' ? '' : ' ("field type conflict")';
        message = `Field ${quote(f.key)} is specified more than once with conflicting types (${typeName(first.value.type)} and ${typeName(field.value.type)}): ${label} rejects the point${says}. Remove the duplicate.`;
      }
      out.push({ start, end: field.valueSpan.end, severity, code: 'duplicate-field', message, fix: { fix: 'remove-field' } });
      return;
    }
    case 'reserved-tag': {
      const key = p.tags[f.index].key;
      out.push({
        start: key.start,
        end: key.end,
        severity: 'error',
        code: 'reserved-tag',
        message: `Tag key ${quote(f.key)} is reserved: ${label} rejects the point (input tag "${f.key}" is invalid). Rename the tag.`,
      });
      return;
    }
    case 'reserved-field': {
      const key = p.fields[f.index].key;
      const reserved = profile.reservedFieldKeys;
      const only = p.fields.every((field) => reserved.includes(field.key.value));
      out.push({
        start: key.start,
        end: key.end,
        severity: only ? 'error' : 'warning',
        code: 'reserved-field',
        message: only
          ? `Field key ${quote(f.key)} is reserved and it is the only field: ${label} rejects the point (invalid field name). Rename the field.`
          : `Field key ${quote(f.key)} is reserved: ${label} drops this field and writes the rest of the point. Rename the field.`,
      });
      return;
    }
    case 'column-limit': {
      const names = [...f.tags.map((j) => p.tags[j].key), ...f.fields.map((j) => p.fields[j].key)].sort((a, b) => a.start - b.start);
      const limit = profile.columnLimit as number;
      const shown = names.slice(0, 3).map((t) => quote(t.value)).join(', ');
      const listed = names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
      out.push({
        start: names[0].start,
        end: names[names.length - 1].end,
        severity: 'error',
        code: 'column-limit',
        message: `This line adds ${names.length === 1 ? 'column' : 'columns'} ${listed} to table ${quote(m)}, which would then have ${f.columns} columns (time included): ${label} allows ${limit} per table and fails the whole write request, storing none of its lines. Write the other lines without this one, use fewer tags and fields, or split the measurement.`,
      });
      return;
    }
    case 'timestamp':
      describeTimestamp(p, ctx, out);
  }
}

/** The related fact of a conflict, when another line set it. */
function related(factKey: string | undefined, column: string): { relatedKey?: string; relatedColumn?: string } {
  return factKey === undefined ? {} : { relatedKey: factKey, relatedColumn: column };
}

function conversionHint(from: FieldType, to: FieldType): string {
  if (to === 'integer') return ' (an integer with the i suffix, e.g. 1i)';
  if (to === 'uinteger') return ' (a non-negative integer with the u suffix, e.g. 1u)';
  if (to === 'float') return from === 'integer' || from === 'uinteger' ? ' (drop the i/u suffix, e.g. 1 or 1.0)' : ' (a number without suffix, e.g. 1.0)';
  if (to === 'string') return ' (in double quotes)';
  return ' (true or false)';
}

function describeTimestamp(p: Point, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const token = p.timestamp;
  if (token === undefined) return;
  const raw = token.value;
  const { settings, bounds } = ctx;
  const precision = settings.precision;
  const label = settings.profile.label;
  const mult = NANOS_PER[precision];
  const at = { start: token.start, end: token.end };
  if (raw < bounds.minRaw || raw > bounds.maxRaw) {
    const range = settings.profile.parser === 'v3' ? 'the 64-bit nanosecond range' : `the range ${settings.profile.label} accepts (±9223372036854775806 ns)`;
    out.push({
      ...at,
      severity: 'error',
      code: 'timestamp-range',
      message: `Timestamp ${raw} in ${PRECISION_NAMES[precision]} is ${raw * mult} ns, beyond ${range}: ${label} rejects the point. Check the value and the precision setting.`,
    });
    return;
  }
  const ns = raw * mult;
  if (raw < bounds.plausibleLow || raw > bounds.plausibleHigh) {
    const guess = guessPrecision(raw, precision, ctx.nowNs);
    if (guess !== undefined) {
      out.push({
        ...at,
        severity: 'warning',
        code: 'timestamp-precision',
        message: `Timestamp ${raw} read as ${PRECISION_NAMES[precision]} is ${formatInstant(ns)}; it looks like ${PRECISION_NAMES[guess]} (${formatInstant(raw * NANOS_PER[guess])}). Set the write precision to ${guess} (${ctx.precisionSetting}) or write the timestamp in ${PRECISION_NAMES[precision]}.`,
      });
    }
  }
  if (bounds.retentionRaw !== undefined && raw < bounds.retentionRaw && settings.retentionNs !== undefined) {
    const answer = settings.profile.dialect === 'iox' ? ' (HTTP 403)' : '';
    out.push({
      ...at,
      severity: 'error',
      code: 'retention',
      message: `Point at ${formatInstant(ns)} is older than the retention period (${formatDuration(settings.retentionNs)}): ${label} rejects it${answer}. Use a newer timestamp or a bucket with a longer retention period.`,
    });
  }
}
