/**
 * The checks of one chunk: every reason the configured target would reject (or silently change)
 * a line, on the exact characters. Good lines are read through the table's cheap accessors; a
 * line is decoded in full only when it has a problem, to find the spans.
 *
 * A line is judged against the facts of the lines stored before it, as the servers do: each line
 * goes through its own writer and a rejected one is rolled back entirely (schema-and-influxdb3.md
 * §5), so only a line with no error sets the facts of its new columns.
 */
import { claim, columnsBefore, factOf, keyAt, KnownMeasurements, knownColumns, lookupFact, mention, type KnownColumns } from './chunkColumns';
import type { CheckContext } from './checkContext';
import type { Chunk } from './chunks';
import { describe } from './describe';
import { indexIn, LineKeys } from './lineKeys';
import { addEncodingDiagnostics } from './encoding';
import { checkBadLine } from './badLine';
import type { ChunkDiagnostic, Finding } from './findings';
import { flatKey, KIND_BIT, type MeasurementMentions, type Occurrence } from './schema';
import { StoredChunk, storedOrigin, type StoredSchema } from './storedFacts';
import { digitsInQuietRange } from './timestamps';
import { reservedColumnAnswer, timeColumnCounted } from '../influxdb3';
import { familyOf, FIELDS_PER_FAMILY_LIMIT, malformedQualifier } from './families';
import { familyFieldsBefore } from './familyCounts';

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
  const known = new KnownMeasurements();
  const lineKeys = new LineKeys();
  const out: ChunkDiagnostic[] = [];
  const { table, text } = chunk;
  for (let i = 0; i < table.count; i++) {
    if (table.ok(i)) checkGoodLine(chunk, i, ctx, known, lineKeys, out);
    else checkBadLine(table, text, i, ctx, out);
  }
  addEncodingDiagnostics(out, text, ctx.settings.profile);
  const keys = new Map<string, Occurrence>();
  const mentions = new Map<string, MeasurementMentions>();
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
  return { diagnostics: out, keys, mentions };
}

/**
 * Checks a line that parsed: its keys against the column facts of its measurement (`chunkKnown`
 * gathers them for the chunk), then its timestamp; a stored line sets the facts of its new columns.
 */
function checkGoodLine(chunk: Chunk, i: number, ctx: CheckContext, chunkKnown: KnownMeasurements, keys: LineKeys, out: ChunkDiagnostic[]): void {
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
  const known = quietDigits || scope.reaches(ts) ? knownColumns(ctx, chunkKnown, table, i, text) : undefined;
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
    keys.tags[j] = k;
    keys.tagEntries[j] = e;
    if (known !== undefined && perTable) mention(known, e, KIND_BIT.tag);
    if (e.reserved) {
      (findings ??= []).push({ what: 'reserved-tag', index: j, key: k });
      rejected = otherwise = true;
    }
    keys.tagIsNew[j] = false;
    const dup = indexIn(keys.tags, k, j);
    if (dup < j) {
      (findings ??= []).push({ what: 'duplicate-tag', index: j, key: k, other: dup });
      rejected = otherwise = true;
      continue;
    }
    // Tags have a column of their own only per table (1.x/2.x keep tags and fields apart).
    if (known === undefined || !perTable) continue;
    const fact = factOf(e, known, k, '', ctx, chunk);
    if (fact === undefined) keys.tagIsNew[j] = true;
    else if (fact.kind !== 'tag') {
      (findings ??= []).push({ what: 'tag-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known.measurement, k), stored: storedOrigin(fact) });
      rejected = otherwise = true;
    }
  }
  const reservedFields = profile.reservedFieldKeys;
  // Column families (families.ts): a `::x` or `x::` name gets a note where the server stores by family.
  const families = settings.columnFamilies === true;
  let reservedCount = 0;
  for (let j = 0; j < nFields; j++) {
    const type = table.fieldType(i, j);
    const e = keyAt(known?.fields, table, i, j, text, true, reservedFields);
    const k = e.key;
    keys.fields[j] = k;
    keys.fieldEntries[j] = e;
    if (families) {
      const how = malformedQualifier(k);
      if (how !== undefined) (findings ??= []).push({ what: 'family-qualifier', index: j, key: k, how });
    }
    if (known !== undefined) mention(known, e, KIND_BIT[type]);
    keys.fieldIsNew[j] = false;
    if (e.reserved) {
      (findings ??= []).push({ what: 'reserved-field', index: j, key: k });
      reservedCount++;
      // InfluxDB 3 refuses the whole line for `__chunk_order` (influxdb3.ts reservedColumnAnswer).
      if (reservedColumnAnswer(k) !== undefined) rejected = otherwise = true;
      continue;
    }
    const dup = indexIn(keys.fields, k, j);
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
        (findings ??= []).push({ what: 'field-conflict', index: j, key: k, fact: fact.kind, factKey: flatKey(known.measurement, scope.fieldColumnIn(k, window)), stored: storedOrigin(fact) });
        rejected = true;
        if (conflictAt < 0) conflictAt = j;
      }
    } else if (perTable && indexIn(keys.tags, k, nTags) < nTags) {
      // A tag of this line has the name: IOx writes the tags first, and the field then meets a tag column.
      (findings ??= []).push({ what: 'field-conflict', index: j, key: k, fact: 'tag', factKey: undefined, stored: undefined });
      rejected = otherwise = true;
    } else {
      keys.fieldIsNew[j] = true;
      // 1.x/2.x: stored types hold per shard group, which SHOW FIELD KEYS does not name: a note, never an error.
      if (!perTable && ctx.stored !== undefined) {
        const types = ctx.stored.otherTypes(known.measurement, k, type);
        if (types.length > 0) (findings ??= []).push({ what: 'stored-other-shard', index: j, key: k, types, stored: ctx.stored });
      }
    }
  }
  // Only reserved fields: once they are dropped, nothing is left to write.
  if (reservedCount === nFields) rejected = otherwise = true;
  // A stored point sets the facts of its columns (unless the column limit rejects it).
  if (known !== undefined && !rejected) settleColumns(chunk, i, known, window, nTags, nFields, keys, ctx, (f) => (findings ??= []).push(f));
  else if (known !== undefined && conflictAt > 0 && !otherwise && profile.conflictKeepsEarlierFields) {
    // 1.x: the new fields before the conflicting one were created while the point was validated.
    for (let j = 0; j < conflictAt; j++) {
      if (keys.fieldIsNew[j]) claim(known, keys.fieldEntries[j], scope.fieldColumnIn(keys.fields[j], window), window, { chunk, line: i, kind: table.fieldType(i, j) }, ctx);
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

/** The first new field of the line that its named family has no room for, in the order the server adds them. */
function fullFamily(chunk: Chunk, known: KnownColumns, nFields: number, keys: LineKeys, ctx: CheckContext): Finding | undefined {
  let counts: Map<string, number> | undefined;
  for (let j = 0; j < nFields; j++) {
    if (!keys.fieldIsNew[j]) continue;
    const family = familyOf(keys.fields[j]);
    if (family === undefined) continue;
    counts ??= new Map<string, number>();
    const n = counts.get(family) ?? familyFieldsBefore(known, ctx, chunk, family);
    if (n >= FIELDS_PER_FAMILY_LIMIT) return { what: 'family-limit', index: j, key: keys.fields[j], family };
    counts.set(family, n + 1);
  }
  return undefined;
}

/**
 * The last step for a point that nothing else rejects: where the target limits the columns per
 * table, a point whose new columns would take its table past the limit is rejected (Cloud fails
 * the whole request); otherwise it is stored, and its columns set the facts they are the first to
 * write. Returns whether the point is rejected.
 */
function settleColumns(chunk: Chunk, i: number, known: KnownColumns, window: string, nTags: number, nFields: number, keys: LineKeys, ctx: CheckContext, report: (f: Finding) => void): boolean {
  const perTable = ctx.scope.perTable;
  let added = 0;
  for (let j = 0; j < nTags; j++) if (keys.tagIsNew[j]) added++;
  for (let j = 0; j < nFields; j++) if (keys.fieldIsNew[j]) added++;
  // Most lines write only columns that have their facts already.
  if (added === 0) return false;
  const limit = ctx.settings.profile.columnLimit;
  if (limit !== undefined && perTable) {
    // The time column counts too, except on InfluxDB 3 (influxdb3.ts timeColumnCounted).
    const columns = columnsBefore(known, ctx, chunk) + added + timeColumnCounted(ctx.settings.profile);
    if (columns > limit) {
      const tags: number[] = [];
      const fields: number[] = [];
      for (let j = 0; j < nTags; j++) if (keys.tagIsNew[j]) tags.push(j);
      for (let j = 0; j < nFields; j++) if (keys.fieldIsNew[j]) fields.push(j);
      report({ what: 'column-limit', tags, fields, columns, stored: storedColumnsOf(known) });
      return true;
    }
  }
  // InfluxDB 3's catalog refuses a named family's 101st field, whatever the storage engine (families.ts).
  if (perTable && ctx.settings.profile.dialect === 'v3') {
    const full = fullFamily(chunk, known, nFields, keys, ctx);
    if (full !== undefined) {
      report(full);
      return true;
    }
  }
  for (let j = 0; j < nTags; j++) if (keys.tagIsNew[j]) claim(known, keys.tagEntries[j], keys.tags[j], '', { chunk, line: i, kind: 'tag' }, ctx);
  for (let j = 0; j < nFields; j++) {
    if (!keys.fieldIsNew[j]) continue;
    const e = keys.fieldEntries[j];
    claim(known, e, ctx.scope.fieldColumnIn(e.key, window), window, { chunk, line: i, kind: chunk.table.fieldType(i, j) }, ctx);
  }
  return false;
}

/** How many of a table's columns the stored schema holds (undefined: none, the file alone passes the limit). */
function storedColumnsOf(known: KnownColumns): { readonly schema: StoredSchema; readonly count: number } | undefined {
  let schema: StoredSchema | undefined;
  let count = 0;
  for (const occ of known.columns?.values() ?? []) {
    if (occ.chunk instanceof StoredChunk) {
      schema = occ.chunk.schema;
      count++;
    }
  }
  return schema === undefined ? undefined : { schema, count };
}
