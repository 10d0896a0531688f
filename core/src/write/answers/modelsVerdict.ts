/**
 * The verdict on a 1.x or 2.x answer (write-api.md §3): `unable to parse` entries matched to the
 * lines sent, storage drops (`partial write … dropped=N`) handed to locate.ts, 1.x's bare
 * `field type conflict`.
 */
import { NANOS_PER } from '../../products';
import { lineCount, quotedTexts, type Batch } from '../batch';
import { markParseErrors, type AnswerContext, type Verdict } from './judging';
import { ParsedBatch } from './lines';
import { droppedCount, firstReason, isBeyondRetention, isPartialWrite, parseFieldTypeConflict, parseUnableToParse, type UnmatchedEntry } from './models';

/** 1.x's shard group duration for a retention policy of infinite duration (the default `autogen`). */
const SHARD_GROUP_NS = 7n * 24n * 3600n * 1_000_000_000n;
const HOUR_NS = 3600n * 1_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/**
 * `unable to parse` entries whose quoted text is none of the lines sent (a line the server split
 * differently): paired in order with the lines no entry named that the local parser refuses when
 * their numbers agree; when nothing was stored (1.x without `partial write`: every line failed),
 * with every line no entry named; else the lines no entry named stay open.
 */
function unmatchedEntries(
  unmatched: readonly UnmatchedEntry[],
  batch: Batch,
  rejected: Map<number, string>,
  partial: boolean,
  context: AnswerContext,
  parse: () => ParsedBatch,
): Map<number, string> | 'paired' | 'unresolved' {
  const unnamed: number[] = [];
  for (let i = 0; i < lineCount(batch); i++) if (!rejected.has(i)) unnamed.push(i);
  const refused = unnamed.filter((i) => parse().parseError(i) !== undefined);
  const note = ' (the server quoted this line differently from the text sent; it lists the lines it could not parse in order)';
  const pair = (lines: readonly number[]): 'paired' => {
    lines.forEach((i, k) => rejected.set(i, `${unmatched[k].message}${note}`));
    return 'paired';
  };
  if (!partial && context.dialect === 'v1' && unnamed.length === unmatched.length) return pair(unnamed);
  if (refused.length === unmatched.length) return pair(refused);
  if (!partial) return 'unresolved';
  const open = new Map<number, string>();
  const reason = `the server could not parse ${unmatched.length} line(s) of ${context.describeBatch} and quoted them with a text that matches none of the lines sent (${unmatched.map((u) => u.message).join('; ')}); it stored the other lines, so this one may or may not be stored`;
  for (const i of unnamed) open.set(i, reason);
  return open;
}

/** 1.x and 2.x. */
export function models(message: string, batch: Batch, context: AnswerContext): Verdict {
  const warnings: string[] = [];
  const rejected = new Map<number, string>();
  const partial = isPartialWrite(message);
  let batchParse: ParsedBatch | undefined;
  const parse = (): ParsedBatch => (batchParse ??= new ParsedBatch(batch, context.parse));
  const parsed = parseUnableToParse(message, quotedTexts(batch));
  for (const error of parsed.errors) rejected.set(error.index, error.message);
  let unconfirmed: Map<number, string> | undefined;
  if (parsed.unmatched.length > 0) {
    const outcome = unmatchedEntries(parsed.unmatched, batch, rejected, partial, context, parse);
    if (outcome instanceof Map) unconfirmed = outcome;
    else if (outcome === 'unresolved') {
      // Nothing was stored: the lines not named are sent again, and answered for on their own.
      warnings.push(`The server could not parse ${parsed.unmatched.length} line(s) of ${context.describeBatch} and quoted a text that matches none of the lines sent: ${parsed.unmatched.map((u) => `'${u.text}'`).join('; ')}`);
    }
  }
  const dropped = droppedCount(message);
  const conflict = parseFieldTypeConflict(message);
  if (partial && unconfirmed === undefined && (dropped === undefined ? parsed.errors.length === 0 : dropped > 0)) {
    // A storage error: 1.x/2.x name only its first reason and count every point dropped, and the
    // lines their parser refused are not listed then; the local parser finds those.
    if (parsed.errors.length === 0) markParseErrors(parse(), 0, rejected, "the server's answer named only its first storage error");
    const candidates: number[] = [];
    const pointKeys = new Map<number, string | undefined>();
    for (let i = 0; i < lineCount(batch); i++) {
      if (rejected.has(i)) continue;
      candidates.push(i);
      pointKeys.set(i, parse().pointKey(i));
    }
    let predicted = parse().predictStorageDrops(conflict);
    const intrinsic = new Set(parse().predictStorageDrops(undefined).keys());
    if (isBeyondRetention(message)) {
      // 1.x/2.x name the retention drops only when no shard refused a point, and count them over
      // the whole request (the points before the policy's start): the oldest N, for certain.
      const reason = `points beyond retention policy (this point is older than the retention policy allows: one of the ${dropped ?? 'unknown number of'} oldest points of the request)`;
      for (const i of parse().oldest(dropped ?? 0)) {
        if (!predicted.has(i)) predicted.set(i, reason);
        if (dropped !== undefined) intrinsic.add(i);
      }
    }
    predicted = new Map([...predicted].filter(([i]) => pointKeys.has(i)));
    const hour = (time: bigint | undefined): bigint => floorDiv(time === undefined ? (context.nowNs ?? 0n) : time * NANOS_PER[context.precision ?? 'ns'], HOUR_NS);
    const oneShardGroup = candidates.every((i) => hour(parse().time(i)) === hour(undefined));
    const hours = new Set(candidates.map((i) => hour(parse().time(i))));
    return { rejected, othersWritten: true, warnings, message, perLine: true, unaccounted: { candidates, dropped, reason: firstReason(message), predicted, intrinsic, pointKeys, oneShardGroup, inOneHour: hours.size <= 1 } };
  }
  if (!partial && rejected.size === 0 && isBareTypeConflict(message)) {
    // 1.x answers just "field type conflict", storing nothing in that shard, when lines of one
    // request disagree on a field's type new to the shard.
    const nowNs = context.nowNs ?? 0n;
    const unit = NANOS_PER[context.precision ?? 'ns'];
    const shard = (time: bigint | undefined): string => String(floorDiv(time === undefined ? nowNs : time * unit, SHARD_GROUP_NS));
    /** Timestamped lines by shard group; lines without a timestamp (stamped "now" by the server) apart. */
    const groups = new Map<string, number[]>();
    const loose: number[] = [];
    for (let i = 0; i < lineCount(batch); i++) {
      if (parse().parseError(i) !== undefined) continue;
      if (!parse().timestamped(i)) loose.push(i);
      else groups.set(shard(parse().time(i)), [...(groups.get(shard(parse().time(i))) ?? []), i]);
    }
    // Lines without a timestamp are sent again only when nothing could have been stored: every
    // point in the hour of "now" (1 h is the shortest default shard group, so one shard for sure).
    const hour = (time: bigint | undefined): bigint => floorDiv(time === undefined ? nowNs : time * unit, HOUR_NS);
    const looseAtRisk = loose.length > 0 && [...groups.values()].flat().some((i) => hour(parse().time(i)) !== hour(undefined));
    if (groups.size > 1 || looseAtRisk) {
      // Points in several shard groups: 1.x answers with one shard's error only, and the other
      // shards may have stored their points. Each group of timestamped lines is sent again on its
      // own (rewriting a stored point is harmless) and answered for; lines stamped by the server
      // are never sent twice: whether they were stored is unknown.
      markParseErrors(parse(), 0, rejected, "the server's answer named only a type conflict");
      const open = new Map<number, string>();
      for (const i of loose) {
        open.set(i, `the server answered "${message.trim()}" for a request whose points may span several shard groups, which names one shard's error only: this line (stamped by the server) may or may not be stored, and lines without a timestamp are never sent twice`);
      }
      return { rejected, othersWritten: false, warnings, message, perLine: true, unconfirmed: open, resend: [...groups.values()] };
    }
    // One shard group, which stored nothing: find the conflicting lines; the others are sent again.
    for (const { index, reason } of parse().conflictsWithinBatch()) rejected.set(index, reason);
    if (rejected.size > 0) markParseErrors(parse(), 0, rejected, "the server's answer named only a type conflict");
  }
  // 1.x: "partial write" means the good lines were stored. 2.x: parse errors refuse the whole
  // request (400), storage errors are partial (422, "partial write" in the message).
  return { rejected, othersWritten: partial, warnings, message, perLine: true, ...(unconfirmed ? { unconfirmed } : {}) };
}

/** `field type conflict` with no field, measurement or count named. */
function isBareTypeConflict(message: string): boolean {
  return message.trim() === 'field type conflict';
}
