/**
 * A full garbage collection, asked for between the regions of a large input checked region by
 * region (analysisRun.ts), so that memory stays bounded whatever the input's size.
 *
 * Why: each region's analysis leaves its tables and texts behind as garbage (the live heap stays
 * at about 20–30 MB), but V8 lets that garbage pile up while it has room: on a machine with 8 GB
 * its heap may grow to 4 GB, and `lp check` of the bench's 1 GB file peaked at 329 MB of RSS, its
 * heap still growing (a 196 MB file: 258 MB). With a collection every 64 MiB of text the same
 * check stays at about 120 MB past its start (measured on the 1 GB file: a peak of 198 MB, set by
 * the whole-file limit's read-ahead at the start). No flag can be put on the command line of an
 * installed `lp` (`#!/usr/bin/env node`), and `--max-old-space-size` set at run time is ignored
 * (tried: the heap limit stays as it was), so `gc` is taken from a new context once `--expose-gc`
 * is set at run time. Where that fails the check goes on without it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Text (UTF-16 code units) analysed between two collections. */
export const COLLECT_EVERY_CHARS = 64 * 1024 * 1024;

let collector: (() => void) | null | undefined;

/** Collects all garbage now (a no-op where the runtime does not allow it). */
export function collectGarbage(): void {
  if (collector === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collector = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collector = null;
    }
  }
  collector?.();
}
