/**
 * The column facts a stored schema sets under a target's conflict scope, as column → kind per
 * measurement: where types are set per table, every stored tag and every field stored with one
 * type; on 1.x/2.x only a field's type in the shard groups known to hold it, on the scope's grid
 * (storedFacts.ts). Keyed exactly as the checks key columns, so that two schemas compare column by
 * column: a schema read again changes only the facts that differ (storedChange.ts).
 */
import type { ColumnKind, ConflictScope } from './schema';
import type { StoredColumns, StoredSchema } from './storedFacts';

/**
 * The facts one stored measurement of `schema` sets (none for undefined: not stored). A schema of a
 * product that keeps types per shard group sets no table-wide fact, even where the checks' product
 * sets types per table (its types are noted instead, see StoredSchema.notesOtherShards).
 */
export function claimsOf(schema: StoredSchema, columns: StoredColumns | undefined, scope: ConflictScope): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>();
  if (columns === undefined || (scope.perTable && schema.perShardGroup === true)) return out;
  // The first claim of a column holds (a tag and a field of one name: the tag, as the checks see it).
  const claim = (column: string, kind: ColumnKind): void => {
    if (!out.has(column)) out.set(column, kind);
  };
  if (scope.perTable) {
    for (const tag of columns.tags) claim(tag, 'tag');
    for (const [field, types] of columns.fields) if (types.length === 1) claim(scope.fieldColumnIn(field, ''), types[0]);
    return out;
  }
  for (const [field, groups] of columns.groups) {
    for (const g of groups) {
      const window = scope.groupWindow(g.startNs, g.endNs);
      if (window !== undefined) claim(scope.fieldColumnIn(field, window), g.type);
    }
  }
  return out;
}

/** Whether two stored measurements hold the same columns with the same types (so set the same facts). */
export function sameColumns(a: StoredColumns, b: StoredColumns): boolean {
  if (a.tags.size !== b.tags.size || a.fields.size !== b.fields.size || a.groups.size !== b.groups.size) return false;
  for (const tag of a.tags) if (!b.tags.has(tag)) return false;
  for (const [field, types] of a.fields) {
    const theirs = b.fields.get(field);
    if (theirs === undefined || theirs.length !== types.length || theirs.some((t, i) => t !== types[i])) return false;
  }
  for (const [field, groups] of a.groups) {
    const theirs = b.groups.get(field);
    if (theirs === undefined || theirs.length !== groups.length) return false;
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      const h = theirs[i];
      if (g.startNs !== h.startNs || g.endNs !== h.endNs || g.type !== h.type) return false;
    }
  }
  return true;
}
