/**
 * The last step of a line's checks, for a point that nothing else rejects: the columns it would
 * add. Where the target limits the columns of a table (Cloud) or the fields of a named family
 * (InfluxDB 3), a point that would pass the limit is rejected; otherwise it is stored, and its new
 * columns set the facts that later lines are judged by.
 */
import { timeColumnCounted } from '../influxdb3';
import { claim, columnsBefore, type KnownColumns } from './chunkColumns';
import type { CheckContext } from './checkContext';
import type { Chunk } from './chunks';
import { familyOf, FIELDS_PER_FAMILY_LIMIT } from './families';
import { familyFieldsBefore, familyLimitFirst } from './familyCounts';
import type { Finding } from './findings';
import type { LineKeys } from './lineKeys';
import { StoredChunk, type StoredSchema } from './storedFacts';

/** How many of the line's new columns the server adds before its field `field` (all new tags, then the new fields before it). */
function newColumnsBefore(nTags: number, field: number, keys: LineKeys): number {
  let n = 0;
  for (let j = 0; j < nTags; j++) if (keys.tagIsNew[j]) n++;
  for (let j = 0; j < field; j++) if (keys.fieldIsNew[j]) n++;
  return n;
}

/** The first new field of the line that its named family has no room for, in the order the server adds them. */
function fullFamily(chunk: Chunk, known: KnownColumns, nFields: number, keys: LineKeys, ctx: CheckContext): Extract<Finding, { what: 'family-limit' }> | undefined {
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
export function settleColumns(chunk: Chunk, i: number, known: KnownColumns, window: string, nTags: number, nFields: number, keys: LineKeys, ctx: CheckContext, report: (f: Finding) => void): boolean {
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
      // InfluxDB 3 adds the new columns one by one, tags then fields, checking each against the
      // column limit and then a field against its family's (familyCounts.ts familyLimitFirst).
      const full = ctx.settings.profile.dialect === 'v3' ? fullFamily(chunk, known, nFields, keys, ctx) : undefined;
      if (full !== undefined && familyLimitFirst(newColumnsBefore(nTags, full.index, keys), columns - added, limit)) {
        report(full);
        return true;
      }
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
