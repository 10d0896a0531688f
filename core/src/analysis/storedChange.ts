/**
 * Applying another stored schema to a checked document (issue 12: a schema arrives after the
 * document opened, is read again after a write or on Refresh, or is forgotten) without checking
 * every chunk again. The stored schema stands before the first line, so a change of it is checked
 * as an edit there would be: each fact that differs is set anew, and only the chunks whose verdicts
 * it may change are checked again (CheckedChunks.markDirty), with the walk that keeps later facts
 * in step (recheckFrom). A fact read again with the same kind only takes the new schema's place.
 * The result is what checking everything with the new schema gives (test/schema/storedApply.test.ts).
 */
import type { CheckedChunks, ClaimSearch } from './checkedChunks';
import type { Chunk } from './chunks';
import { measurementOfKey, type Occurrence } from './schema';
import { storedClaims } from './storedClaims';
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

/** Checks the document's chunks against `after` in place of `before` (see appliesInPlace). */
export function applyStoredChange(checked: CheckedChunks, chunks: readonly Chunk[], before: StoredChunk | undefined, after: StoredChunk | undefined): void {
  const scope = checked.ctx.scope;
  checked.setStoredContext(after?.schema);
  const oldClaims = storedClaims(before?.schema, scope);
  const newClaims = storedClaims(after?.schema, scope);
  // A table no chunk mentions has no verdict to change (most of a large bucket's tables).
  const mentioned = new Set<string>();
  for (const c of chunks) for (const m of checked.mentionsOf(c).keys()) mentioned.add(m);
  const facts = checked.facts;
  const dirty = new Set<Chunk>();
  const searching = new Map<string, ClaimSearch>();
  // One fact at a time, each judged right after it changes: a table's column count moves by one
  // between two judgements, as markDirty's limit rule expects.
  const change = (key: string, next: Occurrence | undefined): void => {
    const old = facts.get(key);
    facts.set(key, next);
    if (mentioned.has(measurementOfKey(key))) checked.markDirty(chunks, key, old, next, -1, dirty, searching);
  };
  for (const [key, kind] of newClaims) {
    const next: Occurrence = { chunk: after as StoredChunk, line: 0, kind };
    if (oldClaims.get(key) === kind) facts.set(key, next);
    else change(key, next);
  }
  for (const key of oldClaims.keys()) if (!newClaims.has(key)) change(key, undefined);
  // 1.x/2.x: a field's first use in its shard group is noted with the types stored in other groups.
  if (!scope.perTable) markOtherTypeNotes(checked, chunks, before?.schema, after?.schema, dirty);
  checked.recheckFrom(chunks, 0, dirty, new Map(), searching);
}

/** Marks the chunks writing a field whose stored types (StoredSchema.otherTypes) differ between the schemas. */
function markOtherTypeNotes(checked: CheckedChunks, chunks: readonly Chunk[], before: StoredSchema | undefined, after: StoredSchema | undefined, dirty: Set<Chunk>): void {
  const changed = new Map<string, Set<string>>();
  const compare = (a: StoredSchema | undefined, b: StoredSchema | undefined): void => {
    for (const [m, columns] of a?.measurements ?? []) {
      const other = b?.measurements.get(m);
      for (const [field, types] of columns.fields) {
        const theirs = other?.fields.get(field);
        if (theirs !== undefined && theirs.length === types.length && theirs.every((t, i) => t === types[i])) continue;
        let fields = changed.get(m);
        if (fields === undefined) changed.set(m, (fields = new Set()));
        fields.add(field);
      }
    }
  };
  compare(before, after);
  compare(after, before);
  if (changed.size === 0) return;
  for (const c of chunks) {
    if (dirty.has(c)) continue;
    for (const [m, mentions] of checked.mentionsOf(c)) {
      const fields = changed.get(m);
      if (fields !== undefined && [...mentions.columns.keys()].some((k) => fields.has(k))) dirty.add(c);
    }
  }
}
