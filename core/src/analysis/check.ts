/**
 * The checks of one chunk: every reason the configured target would reject (or silently change)
 * a line, on the exact characters. Good lines are read through the table's cheap accessors; a
 * line is decoded in full only when it has a problem, to find the spans.
 */
import type { LineTable, ParseOptions } from '../api';
import type { FieldType, LineResult, Point } from '../model';
import { parseRegion } from '../parse/region';
import { NANOS_PER } from '../products';
import type { Chunk } from './chunks';
import { mayEscape, parseHint } from './hints';
import { acceptedTimes, flatKey, typeName, type ColumnKind, type ConflictScope, type Occurrence, type SchemaFacts } from './schema';
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
  /** Column facts of the measurements met in this pass (dropped when the pass ends). */
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


/** Checks every data line of a chunk. */
export function checkChunk(chunk: Chunk, ctx: CheckContext): ChunkDiagnostic[] {
  // Facts may have changed since the last chunk checked outside the first pass.
  if (!ctx.building) ctx.known = undefined;
  const out: ChunkDiagnostic[] = [];
  const { table, text } = chunk;
  for (let i = 0; i < table.count; i++) {
    if (table.ok(i)) checkGoodLine(chunk, i, ctx, out);
    else checkBadLine(table, text, i, ctx, out);
  }
  return out;
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
  | { readonly what: 'tag-conflict' | 'field-conflict'; readonly index: number; readonly key: string; readonly fact: string; readonly factKey: string }
  | { readonly what: 'duplicate-tag' | 'duplicate-field'; readonly index: number; readonly key: string; readonly other: number }
  | { readonly what: 'reserved-tag' | 'reserved-field'; readonly index: number; readonly key: string }
  | { readonly what: 'timestamp' };

/** Reused key lists (a line's keys are only needed while it is checked). */
const tagScratch: string[] = [];
const fieldScratch: string[] = [];

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
}

/** Keys remembered per measurement and kind: a measurement has few, and its lines repeat them. */
const MAX_KEY_ENTRIES = 64;

/**
 * A measurement's live column facts and the keys met in its lines. Valid for one pass: facts only
 * gain entries while the first pass builds them, and do not change at all while one chunk is
 * re-checked.
 */
interface KnownColumns {
  /** The measurement as written. */
  readonly raw: string;
  readonly measurement: string;
  readonly columns: Map<string, Occurrence> | undefined;
  readonly tags: KeyEntry[];
  readonly fields: KeyEntry[];
}

/** The measurements of the current pass, most recent first (a file has few, and they repeat). */
export class KnownMeasurements {
  readonly list: KnownColumns[] = [];
}

const RECENT_MEASUREMENTS = 16;

/** Whether `text[start, end)` is `raw`. */
function writtenAs(raw: string, text: string, start: number, end: number): boolean {
  return raw.length === end - start && text.startsWith(raw, start);
}

function knownColumns(ctx: CheckContext, table: LineTable, i: number, text: string): KnownColumns {
  const known = (ctx.known ??= new KnownMeasurements()).list;
  const start = table.start(i);
  const end = table.measurementEnd(i);
  for (let x = 0; x < known.length; x++) {
    const k = known[x];
    if (writtenAs(k.raw, text, start, end)) return k;
  }
  const m = table.measurement(i, text, 0);
  const k: KnownColumns = { raw: text.slice(start, end), measurement: m, columns: ctx.facts.columnsOf(m, ctx.building), tags: [], fields: [] };
  if (known.length >= RECENT_MEASUREMENTS) known.pop();
  known.unshift(k);
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
  const e: KeyEntry = { raw: text.slice(start, end), key, reserved: reserved.includes(key), window: undefined, fact: undefined };
  if (entries !== undefined && entries.length < MAX_KEY_ENTRIES) entries.push(e);
  return e;
}

/**
 * Looks up the fact of `column` (in the scope `window`) for an entry that has none for that scope
 * yet; while the first pass builds the facts, a column without one is claimed by this line.
 */
function lookupFact(e: KeyEntry, known: KnownColumns, column: string, window: string, ctx: CheckContext, chunk: Chunk, line: number, kind: ColumnKind): Occurrence | undefined {
  const columns = known.columns;
  let fact = columns?.get(column);
  if (fact === undefined && ctx.building && columns !== undefined) columns.set(column, (fact = { chunk, line, kind }));
  if (fact !== undefined) {
    e.window = window;
    e.fact = fact;
  }
  return fact;
}

function checkGoodLine(chunk: Chunk, i: number, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const { table, text } = chunk;
  const { scope, settings } = ctx;
  const profile = settings.profile;
  // Per-table targets need the timestamp only for its own checks: a usual one passes on its digits.
  const perTable = scope.perTable;
  const quietDigits = perTable && digitsInQuietRange(text, table.start(i), table.end(i), ctx.bounds);
  const ts = quietDigits ? undefined : table.timestamp(i, text, 0);
  // One lookup of the measurement per line; columns are looked up (or claimed, while the first
  // pass builds the facts) in its map. A point rejected for its time (beyond the range, older than
  // the retention period) never reaches a table: it claims no column and conflicts with none,
  // exactly as chunkKeys skips it; its own problems (duplicates, reserved keys) are still reported.
  const known = quietDigits || scope.reaches(ts) ? knownColumns(ctx, table, i, text) : undefined;
  const window = known === undefined ? '' : scope.windowOf(ts);
  let findings: Finding[] | undefined;
  // Every column claims its fact (while the first pass builds them), repeated and reserved ones
  // too, exactly as chunkKeys records them; only then is the line judged.
  const nTags = table.tagCount(i);
  const reservedTags = profile.reservedTagKeys;
  for (let j = 0; j < nTags; j++) {
    const e = keyAt(known?.tags, table, i, j, text, false, reservedTags);
    const k = e.key;
    // Tags have a column of their own only per table (1.x/2.x keep tags and fields apart).
    const fact = known === undefined || !perTable ? undefined : e.window === '' ? e.fact : lookupFact(e, known, k, '', ctx, chunk, i, 'tag');
    tagScratch[j] = k;
    if (e.reserved) (findings ??= []).push({ what: 'reserved-tag', index: j, key: k });
    const dup = indexIn(tagScratch, k, j);
    if (dup < j) (findings ??= []).push({ what: 'duplicate-tag', index: j, key: k, other: dup });
    else if (fact !== undefined && fact.kind !== 'tag') (findings ??= []).push({ what: 'tag-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known!.measurement, k) });
  }
  const nFields = table.fieldCount(i);
  const reservedFields = profile.reservedFieldKeys;
  for (let j = 0; j < nFields; j++) {
    const type = table.fieldType(i, j);
    const e = keyAt(known?.fields, table, i, j, text, true, reservedFields);
    const k = e.key;
    const fact = known === undefined ? undefined : e.window === window ? e.fact : lookupFact(e, known, scope.fieldColumnIn(k, window), window, ctx, chunk, i, type);
    fieldScratch[j] = k;
    if (e.reserved) {
      (findings ??= []).push({ what: 'reserved-field', index: j, key: k });
      continue;
    }
    const dup = indexIn(fieldScratch, k, j);
    if (dup < j) (findings ??= []).push({ what: 'duplicate-field', index: j, key: k, other: dup });
    else if (fact !== undefined && fact.kind !== type) {
      (findings ??= []).push({ what: 'field-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known!.measurement, scope.fieldColumnIn(k, window)) });
    }
  }
  // Two comparisons for the usual timestamp; the exact reason is worked out only when it is outside.
  if (!quietDigits && ts !== undefined && (ts < ctx.bounds.quietLow || ts > ctx.bounds.quietHigh)) (findings ??= []).push({ what: 'timestamp' });
  if (findings === undefined) return;
  const r = table.result(i, text, 0);
  if (!r.ok) return;
  const m = known?.measurement ?? r.point.measurement.value;
  for (const f of findings) describe(f, r.point, m, nFields, ts, ctx, out);
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

function describe(f: Finding, p: Point, m: string, nFields: number, ts: bigint | undefined, ctx: CheckContext, out: ChunkDiagnostic[]): void {
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
        relatedKey: f.factKey,
        relatedColumn: f.key,
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
          message: `Field ${quote(f.key)} has the name of a tag of measurement ${quote(m)} ({first}): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the field or the tag.`,
          relatedKey: f.factKey,
          relatedColumn: f.key,
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
        relatedKey: f.factKey,
        relatedColumn: f.key,
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
      } else if (mode === 'last-same-type' && !sameType) {
        severity = 'error';
        message = `Field ${quote(f.key)} is specified more than once with conflicting types (${typeName(first.value.type)} and ${typeName(field.value.type)}): ${label} rejects the point. Remove the duplicate.`;
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
      const only = nFields === 1;
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
    case 'timestamp':
      describeTimestamp(p, ctx, out);
  }
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
