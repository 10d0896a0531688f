/**
 * The keys of the data line being checked. The column-limit and family steps run after every key
 * of the line is judged, and need to know which keys the line would add: these lists keep that
 * while the line is checked. One `LineKeys` serves every line of one chunk's check (checkChunk makes
 * it), so the hot path allocates nothing per line and no state outlives the check.
 */
import type { KeyEntry } from './chunkColumns';

export class LineKeys {
  /** The line's tag and field keys, by position (entries past the line's counts are stale). */
  readonly tags: string[] = [];
  readonly fields: string[] = [];
  /** The remembered entry of each key (chunkColumns.ts), whose fact is set when the line claims it. */
  readonly tagEntries: KeyEntry[] = [];
  readonly fieldEntries: KeyEntry[] = [];
  /** Whether key j is a column without a fact before the line (the line would add it). */
  readonly tagIsNew: boolean[] = [];
  readonly fieldIsNew: boolean[] = [];
}

/** The first position before `before` holding `key` in `keys`; `before` when none does. */
export function indexIn(keys: readonly string[], key: string, before: number): number {
  for (let x = 0; x < before; x++) if (keys[x] === key) return x;
  return before;
}
