/**
 * Counting a table's fields per named column family along the document (families.ts has the rules):
 * what the per-family limit check reads, and when an edit may change its verdicts in later chunks.
 */
import type { Chunk } from './chunks';
import { isBefore, type FactsView, type KnownColumns } from './chunkColumns';
import { familyOf, FIELDS_PER_FAMILY_LIMIT } from './families';
import type { Occurrence } from './schema';

/**
 * Which limit InfluxDB 3 reports for a line that passes both the column limit and a family's: the
 * catalog adds the line's new columns one at a time (tags, then fields, in line order) and checks
 * each against the column limit first, then a field against its family's
 * (influxdb3_catalog/src/catalog/versions/v3/transaction.rs `add_field`: `check_columns_limit` before
 * `get_or_create_named_field_family`; v2/update.rs `add_field` the same; 3.10 branch c342445a, v3.10.1).
 * So the family's words win only when the full family's field still fits under the column limit:
 * `newBefore` new columns of the line come before it, `existing` columns the table holds already.
 */
export function familyLimitFirst(newBefore: number, existing: number, columnLimit: number): boolean {
  return existing + newBefore < columnLimit;
}

/**
 * How many fields of `family` the table has before the line being checked: the document's facts
 * before this chunk and the ones this chunk's stored lines set (as `columnsBefore` counts columns).
 */
export function familyFieldsBefore(known: KnownColumns, ctx: FactsView, chunk: Chunk, family: string): number {
  let n = 0;
  const columns = known.columns;
  if (ctx.building) {
    if (columns !== undefined) for (const [column, occ] of columns) if (occ.kind !== 'tag' && familyOf(column) === family) n++;
    return n;
  }
  for (const [column, occ] of known.local) if (occ.kind !== 'tag' && familyOf(column) === family) n++;
  if (columns !== undefined) for (const [column, occ] of columns) if (isBefore(occ, chunk) && !known.local.has(column) && occ.kind !== 'tag' && familyOf(column) === family) n++;
  return n;
}

/** How many fields of `family` a table has (its columns as the document's facts hold them). */
export function familyFieldCount(family: string, tableColumns: ReadonlyMap<string, Occurrence> | undefined): number {
  let n = 0;
  if (tableColumns !== undefined) for (const [c, occ] of tableColumns) if (occ.kind !== 'tag' && familyOf(c) === family) n++;
  return n;
}

/**
 * Whether a change of a fact in `family` (whose table has `tableFields` fields of it) may change the
 * verdicts of a later chunk's lines under the per-family limit: the chunk writes fields of the family
 * and, with the table's, they pass the limit. Cheap when far from it (the usual case).
 */
export function familyMayFill(family: string, tableFields: number, mentioned: ReadonlyMap<string, number>): boolean {
  if (tableFields + mentioned.size <= FIELDS_PER_FAMILY_LIMIT) return false;
  let n = 0;
  for (const key of mentioned.keys()) if (familyOf(key) === family) n++;
  return n > 0 && tableFields + n > FIELDS_PER_FAMILY_LIMIT;
}

/**
 * Whether a chunk that writes the keys `mentioned` of a table whose columns are `tableColumns` may
 * meet the per-family limit: some named family of its keys, counted with the table's, passes it.
 */
export function nearFullFamily(tableColumns: ReadonlyMap<string, Occurrence>, mentioned: ReadonlyMap<string, number>): boolean {
  let counts: Map<string, number> | undefined;
  for (const key of mentioned.keys()) {
    const family = familyOf(key);
    if (family !== undefined) (counts ??= new Map<string, number>()).set(family, (counts.get(family) ?? 0) + 1);
  }
  if (counts === undefined) return false;
  for (const [c, occ] of tableColumns) {
    if (occ.kind === 'tag') continue;
    const family = familyOf(c);
    if (family === undefined) continue;
    const n = counts.get(family);
    if (n !== undefined) counts.set(family, n + 1);
  }
  for (const n of counts.values()) if (n > FIELDS_PER_FAMILY_LIMIT) return true;
  return false;
}
