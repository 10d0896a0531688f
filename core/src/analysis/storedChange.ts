/**
 * Applying another stored schema to a checked document (issue 12: a schema arrives after the
 * document opened, is read again after a write or on Refresh, or is forgotten) without checking
 * every chunk again. The stored schema stands before the first line, so a change of it is checked
 * as an edit there would be: each fact that differs is set anew, and only the chunks whose verdicts
 * it may change are checked again (CheckedChunks.markDirty), with the walk that keeps later facts
 * in step (recheckFrom). A table stored as before keeps its facts untouched (one stand-in for the
 * schema, StoredChunk.rebase), so reading a large bucket's schema again costs a comparison.
 * The result is what checking everything with the new schema gives (test/schema/storedApply.test.ts).
 */
import type { CheckedChunks, ClaimSearch } from './checkedChunks';
import type { Chunk } from './chunks';
import { flatKey, type ColumnKind, type Occurrence } from './schema';
import { claimsOf, sameColumns } from './storedClaims';
import type { StoredChunk, StoredSchema } from './storedFacts';

/**
 * Whether a change from `before` to `after` can be applied this way: not when both are set and
 * messages name them differently (another bucket or product: every stored message changes), nor
 * when facts of text before this one (priorFacts.ts) may take a forgotten stored fact's place.
 */
export function appliesInPlace(before: StoredSchema | undefined, after: StoredSchema | undefined, hasPriors: boolean): boolean {
  if (hasPriors) return false;
  if (before === undefined || after === undefined) return true;
  return before.where === after.where && before.storedBy === after.storedBy;
}

/**
 * Checks the document's chunks against `after` in place of `before` (see appliesInPlace);
 * `standIn` stands for `after` in the occurrences of its facts (undefined when `after` is).
 */
export function applyStoredChange(checked: CheckedChunks, chunks: readonly Chunk[], before: StoredSchema | undefined, after: StoredSchema | undefined, standIn: StoredChunk | undefined): void {
  const scope = checked.ctx.scope;
  checked.setStoredContext(after);
  // A table no chunk mentions has no verdict to change (most of a large bucket's tables).
  const mentioned = new Set<string>();
  for (const c of chunks) for (const m of checked.mentionsOf(c).keys()) mentioned.add(m);
  const facts = checked.facts;
  const dirty = new Set<Chunk>();
  const searching = new Map<string, ClaimSearch>();
  // One fact at a time, each judged right after it changes: a table's column count moves by one
  // between two judgements, as markDirty's limit rule expects.
  const change = (m: string, column: string, next: Occurrence | undefined): void => {
    if (!mentioned.has(m)) {
      // Only stored facts: set in the table's own map, without building a key.
      if (next !== undefined) (facts.columnsOf(m, true) as Map<string, Occurrence>).set(column, next);
      else facts.set(flatKey(m, column), undefined);
      return;
    }
    const key = flatKey(m, column);
    const old = facts.get(key);
    facts.set(key, next);
    checked.markDirty(chunks, key, old, next, -1, dirty, searching);
  };
  const changedTables: string[] = [];
  const names = new Set([...(before?.measurements.keys() ?? []), ...(after?.measurements.keys() ?? [])]);
  for (const m of names) {
    const was = before?.columnsOf(m);
    const is = after?.columnsOf(m);
    if (was !== undefined && is !== undefined && sameColumns(was, is)) continue;
    changedTables.push(m);
    const oldClaims = before === undefined ? new Map<string, ColumnKind>() : claimsOf(before, was, scope);
    const newClaims = after === undefined ? new Map<string, ColumnKind>() : claimsOf(after, is, scope);
    for (const [column, kind] of newClaims) if (oldClaims.get(column) !== kind) change(m, column, { chunk: standIn as StoredChunk, line: 0, kind });
    for (const column of oldClaims.keys()) if (!newClaims.has(column)) change(m, column, undefined);
  }
  // Stored by 1.x/2.x: a field's first use is noted with the types stored in some shard group
  // (StoredSchema.otherTypes): the chunks writing a changed table's fields are checked again.
  if ((before?.notesOtherShards(scope.perTable) ?? false) || (after?.notesOtherShards(scope.perTable) ?? false)) {
    for (const c of chunks) {
      if (dirty.has(c)) continue;
      const mentions = checked.mentionsOf(c);
      if (changedTables.some((m) => mentions.has(m))) dirty.add(c);
    }
  }
  checked.recheckFrom(chunks, 0, dirty, new Map(), searching);
}
