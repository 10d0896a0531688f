/**
 * The checks of a data line that parsed: its keys against the column facts of its measurement
 * (duplicates, reserved keys, a type other than the one set before, a tag key used as a field),
 * then its timestamp. A point nothing rejects goes on to newColumns.ts, which may still reject it
 * for the column limits, and else sets the facts of the columns it is the first to write.
 *
 * This is the hot path of every check: a good line is read through the table's cheap accessors
 * and its keys compared in place with the ones remembered (chunkColumns.ts); the point is decoded
 * in full only when there is something to report, to find the spans.
 */
import { claim, factOf, keyAt, knownColumns, lookupFact, mention, type KnownMeasurements } from './chunkColumns';
import type { CheckContext } from './checkContext';
import type { Chunk } from './chunks';
import { describe } from './describe';
import { malformedQualifier } from './families';
import type { ChunkDiagnostic, Finding } from './findings';
import { indexIn, type LineKeys } from './lineKeys';
import { settleColumns } from './newColumns';
import { flatKey, KIND_BIT } from './schema';
import { storedOrigin } from './storedFacts';
import { digitsInQuietRange } from './timestamps';
import { reservedColumnAnswer } from '../influxdb3';

/**
 * Checks a line that parsed: its keys against the column facts of its measurement (`chunkKnown`
 * gathers them for the chunk), then its timestamp; a stored line sets the facts of its new columns.
 */
export function checkGoodLine(chunk: Chunk, i: number, ctx: CheckContext, chunkKnown: KnownMeasurements, keys: LineKeys, out: ChunkDiagnostic[]): void {
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
      // Stored by 1.x/2.x: types hold per shard group, which SHOW FIELD KEYS does not name: a note, never an error.
      if (ctx.stored !== undefined && ctx.stored.notesOtherShards(perTable)) {
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
