/**
 * The column facts a stored schema sets under a target's conflict scope, as conflict key → kind:
 * where types are set per table, every stored tag and every field stored with one type; on 1.x/2.x
 * only a field's type in the shard groups known to hold it, on the scope's grid (storedFacts.ts).
 * Keyed exactly as the checks key columns, so that two schemas compare key by key: a schema read
 * again changes only the facts that differ (CheckedChunks.storedChanged).
 */
import type { ColumnKind, ConflictScope } from './schema';
import { flatKey } from './schema';
import type { StoredSchema } from './storedFacts';

export function storedClaims(schema: StoredSchema | undefined, scope: ConflictScope): Map<string, ColumnKind> {
  const out = new Map<string, ColumnKind>();
  if (schema === undefined) return out;
  // The first claim of a key holds (a tag and a field of one name: the tag, as the checks see it).
  const claim = (key: string, kind: ColumnKind): void => {
    if (!out.has(key)) out.set(key, kind);
  };
  if (scope.perTable) {
    for (const [m, columns] of schema.measurements) {
      for (const tag of columns.tags) claim(flatKey(m, tag), 'tag');
      for (const [field, types] of columns.fields) if (types.length === 1) claim(flatKey(m, scope.fieldColumnIn(field, '')), types[0]);
    }
    return out;
  }
  for (const [m, columns] of schema.measurements) {
    for (const [field, groups] of columns.groups) {
      for (const g of groups) {
        const window = scope.groupWindow(g.startNs, g.endNs);
        if (window !== undefined) claim(flatKey(m, scope.fieldColumnIn(field, window)), g.type);
      }
    }
  }
  return out;
}
