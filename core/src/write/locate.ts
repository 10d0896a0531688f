/**
 * Locating the points an InfluxDB 1.x/2.x server dropped without naming them. A storage error
 * (`partial write: <first reason> dropped=N`, write-api.md §3) names only its first reason and
 * counts every dropped point; the other lines of the request were stored. Which N lines?
 *
 * 1. The local checks predict them (a `time` tag, only `time` fields, the named type conflict,
 *    the oldest points for retention: `ParsedBatch.predictStorageDrops`). When the prediction
 *    names exactly N lines, the other lines are re-sent once to confirm that none of them is
 *    dropped (the server answers 204).
 * 2. Otherwise (or when that confirmation fails), the lines are re-sent in halves, each answer
 *    counting the drops in that half, down to single lines, whose answer gives the server's own
 *    reason for that line.
 *
 * Re-sending stores nothing twice only for points with their own timestamp: an identical point
 * (same series, same time) overwrites itself. So only timestamped lines are ever re-sent, and
 * lines that write the same point are re-sent together, in their order, so the point ends as it
 * was. A line without a timestamp is never sent twice: it is decided by the counts, or by the
 * prediction when the counts agree with it, else reported unconfirmed. So is every line still
 * undecided when a re-sent part gets no usable answer or the request budget is spent.
 */
import { errorMessage } from './answers/body';
import { droppedCount, firstReason, isPartialWrite, parseUnableToParse } from './answers/models';
import type { Unaccounted } from './answers/verdict';
import { textOf, type Batch } from './batch';

/** The answer to one re-sent part. */
export interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
  readonly influxError: string | null;
}

/**
 * Sends the batch's lines at `indices` (in that order) once, as one request, without retries.
 * Undefined when no usable answer came (network error, timeout, cancelled).
 */
export type Probe = (indices: readonly number[]) => Promise<ProbeAnswer | undefined>;

export interface Located {
  /** Batch index → the reason: the server's own for a line re-sent alone. */
  readonly rejected: Map<number, string>;
  /** Batch index → why it is not known whether the server stored it. */
  readonly unconfirmed: Map<number, string>;
  /** Requests made to locate them. */
  readonly probes: number;
}

/** Re-sent parts per answer at most: about 4 dropped points in a batch of 5,000 lines (log2 ≈ 13 each). */
export const MAX_PROBES = 48;

/** Confirmations of the lines taken as stored, each possibly finding drops the counts missed. */
const CONFIRM_ROUNDS = 3;

/** What a re-sent part's answer says: how many of its points were dropped, and the first reason. */
interface Count {
  readonly dropped: number;
  readonly reason: string;
}

function readCount(answer: ProbeAnswer, size: number, texts: readonly string[]): Count | undefined {
  if (answer.status >= 200 && answer.status < 300) return answer.body.trim() === '' ? { dropped: 0, reason: '' } : undefined;
  if (answer.status !== 400 && answer.status !== 422) return undefined;
  const message = errorMessage(answer.body, answer.influxError);
  if (!isPartialWrite(message)) return undefined;
  // Lines the server now says it cannot parse were parsed the first time: the answers disagree.
  const entries = parseUnableToParse(message, texts);
  if (entries.errors.length > 0 || entries.unmatched.length > 0) return undefined;
  const dropped = droppedCount(message);
  if (dropped === undefined || dropped > size) return undefined;
  return { dropped, reason: firstReason(message) };
}

/**
 * Splits `part` in two halves of whole points: lines writing the same point (same series, same
 * time) stay together, in their order. The second half is empty when `part` is one point.
 */
function halvesOf(part: readonly number[], pointKeys: ReadonlyMap<number, string | undefined>): [number[], number[]] {
  const atoms = new Map<string, number[]>();
  for (const i of part) {
    const key = pointKeys.get(i) as string;
    const atom = atoms.get(key);
    if (atom) atom.push(i);
    else atoms.set(key, [i]);
  }
  if (atoms.size === 1) return [[...part], []];
  const first: number[] = [];
  for (const atom of atoms.values()) {
    if (first.length > 0 && first.length + atom.length > part.length / 2) break;
    first.push(...atom);
  }
  first.sort((a, b) => a - b);
  const inFirst = new Set(first);
  return [first, part.filter((i) => !inFirst.has(i))];
}

export async function locateDropped(batch: Batch, task: Unaccounted, probe: Probe, maxProbes = MAX_PROBES): Promise<Located> {
  const rejected = new Map<number, string>();
  const unconfirmed = new Map<number, string>();
  /** Lines a 204 answered for: stored for certain. */
  const proven = new Set<number>();
  /** Lines re-sent alone, or in a part whose every point was dropped: dropped for certain. */
  const provenDropped = new Set<number>();
  let probes = 0;
  let stopped: string | undefined;
  const reasonOf = (i: number): string => {
    const predicted = task.predicted.get(i);
    if (predicted === undefined) return `not stored: the server dropped this point and named only its first reason for the request (${task.reason})`;
    return predicted.startsWith(task.reason) ? predicted : `${predicted} (the server named only its first reason for the request, "${task.reason}"; the local checks found this line)`;
  };
  const stamped = (i: number): boolean => task.pointKeys.get(i) !== undefined;
  const open = (part: readonly number[], why: string): void => {
    for (const i of part) if (!rejected.has(i)) unconfirmed.set(i, why);
  };
  const undecided = (part: readonly number[], dropped: number | undefined): string =>
    `the server dropped ${dropped ?? 'some'} of ${part.length === 1 ? 'this point and' : `${part.length} points, this one among them, and`} did not say which (${task.reason})${stopped ? `; ${stopped}` : ''}: it may or may not be stored`;

  const looseReason = (): string =>
    `the server dropped ${task.dropped ?? 'some'} point(s) of this request without naming them all (${task.reason}); this line has no timestamp, so it is never sent again to find out, and 1.x/2.x count the drops of one shard only when a request spans several: it may or may not be stored`;

  const send = async (part: readonly number[]): Promise<Count | undefined> => {
    if (stopped !== undefined) return undefined;
    if (probes >= maxProbes) {
      stopped = `the ${maxProbes} request(s) allowed for locating them were spent`;
      return undefined;
    }
    probes++;
    const answer = await probe(part);
    const count = answer && readCount(answer, part.length, part.map((i) => textOf(batch, i)));
    if (count === undefined) stopped = answer ? `re-sending part of the request to find them got an unexpected answer (${answer.status})` : 're-sending part of the request to find them got no answer';
    else if (count.dropped === 0) for (const i of part) proven.add(i);
    else if (count.dropped === part.length) for (const i of part) provenDropped.add(i);
    return count;
  };

  /** Without re-sending: by the count alone, or by the prediction when it agrees with the count. */
  const decide = (part: readonly number[], dropped: number | undefined): void => {
    if (part.length === 0 || dropped === 0) return;
    if (dropped === part.length) {
      for (const i of part) rejected.set(i, reasonOf(i));
      return;
    }
    const predicted = part.filter((i) => task.predicted.has(i));
    if (dropped !== undefined && dropped > 0 && dropped < part.length && predicted.length === dropped) {
      for (const i of predicted) rejected.set(i, reasonOf(i));
      return;
    }
    open(part, undecided(part, dropped));
  };

  /** `dropped` of the points of `part` were dropped; `reason` is the answer's for exactly `part`. */
  const resolve = async (part: readonly number[], dropped: number | undefined, reason?: string): Promise<void> => {
    if (part.length === 0 || dropped === 0) return;
    if (dropped !== undefined && dropped > part.length) return open(part, undecided(part, undefined));
    const loose = part.filter((i) => !stamped(i));
    const fixed = part.filter(stamped);
    // Only lines stamped by the server: one shard group (now), so the count is the whole story.
    // Else a count covers the lines without a timestamp only when every point is in the hour of now.
    if (fixed.length === 0) return decide(part, dropped);
    if (loose.length > 0 || dropped === undefined) {
      const count = await send(fixed);
      if (count !== undefined) await resolve(fixed, count.dropped, fixed.length === 1 ? count.reason : undefined);
      else decide(fixed, undefined);
      // A request whose points span several shard groups is answered with one shard's error
      // only (seen on 1.6.7: a type conflict in the shard of "now" went unreported beside a
      // partial write elsewhere), so its count cannot clear the lines stamped by the server.
      if (loose.length === 0) return;
      if (task.oneShardGroup && dropped !== undefined && count !== undefined) return decide(loose, dropped - count.dropped);
      open(loose, looseReason());
      return;
    }
    if (dropped === part.length && part.every((i) => task.predicted.has(i))) return decide(part, dropped);
    if (part.length === 1) {
      const count = reason === undefined ? await send(part) : { dropped: 1, reason };
      // Answered 204 when re-sent alone: it is stored now, whatever the counts suggested.
      if (count?.dropped === 0) return;
      rejected.set(part[0], count?.dropped === 1 && count.reason !== '' ? count.reason : reasonOf(part[0]));
      return;
    }
    const [first, second] = halvesOf(part, task.pointKeys);
    if (second.length === 0) return decide(part, dropped);
    const count = await send(first);
    if (count === undefined || count.dropped > dropped) return decide(part, dropped);
    await resolve(first, count.dropped, first.length === 1 ? count.reason : undefined);
    await resolve(second, dropped - count.dropped);
  };

  /**
   * The timestamped lines taken as dropped by a count or by a prediction that depends on what is
   * stored are re-sent to prove it (whole points only, in their order): a request that spans shard
   * groups is answered with one shard's count (1.6.7), and a type-conflict prediction can name a
   * point that another shard group stored. Only an answer for a part all of whose points were
   * dropped, or for one line, says "rejected"; a 204 says stored. Within one shard group the
   * counts and that prediction are exact, and nothing needs proving; a line without a timestamp,
   * which cannot be re-sent, is unconfirmed across shard groups.
   */
  const proveDropped = async (): Promise<void> => {
    if (task.inOneHour) return;
    // A line without a timestamp is never sent twice, so nothing can prove it dropped: across
    // shard groups only a reason the point alone decides (a `time` tag) may say so.
    const loose = [...rejected.keys()].filter((i) => !stamped(i) && !task.intrinsic.has(i));
    for (const i of loose) rejected.delete(i);
    open(loose, looseReason());
    const lines = [...rejected.keys()].filter((i) => stamped(i) && !provenDropped.has(i) && !task.intrinsic.has(i));
    // A point some other line also writes, and which is taken as stored, is left as decided:
    // re-sending only its dropped lines could change the point the server holds.
    const keptPoints = new Set(task.candidates.filter((j) => !rejected.has(j)).map((j) => task.pointKeys.get(j)));
    const whole = (i: number): boolean => !keptPoints.has(task.pointKeys.get(i));
    const prove = async (part: readonly number[]): Promise<void> => {
      const count = await send(part);
      if (count === undefined) {
        for (const i of part) rejected.delete(i);
        open(part, `the server dropped points of this request without naming them all (${task.reason}); the counts point at this line, but re-sending it to confirm ${stopped ?? 'failed'}: it may or may not be stored`);
        return;
      }
      if (count.dropped === part.length) {
        if (part.length === 1 && count.reason !== '') rejected.set(part[0], count.reason);
        return;
      }
      if (count.dropped === 0) {
        for (const i of part) rejected.delete(i);
        return;
      }
      const [first, second] = halvesOf(part, task.pointKeys);
      if (second.length === 0) {
        for (const i of part) rejected.delete(i);
        open(part, undecided(part, count.dropped));
        return;
      }
      await prove(first);
      await prove(second);
    };
    const doubtful = lines.filter(whole).sort((a, b) => a - b);
    if (doubtful.length > 0) await prove(doubtful);
  };

  const total = task.dropped;
  const predicted = task.candidates.filter((i) => task.predicted.has(i));
  if (total !== undefined && total > 0 && predicted.length === total) {
    // The prediction accounts for every dropped point: the other lines are confirmed below.
    decide(predicted, predicted.length);
    const loose = task.candidates.filter((i) => !stamped(i) && !task.predicted.has(i));
    if (loose.length > 0 && task.candidates.some(stamped) && !task.oneShardGroup) {
      open(loose, looseReason());
    }
  } else {
    await resolve(task.candidates, total);
  }
  // Counts decided some lines by subtraction: confirm that the timestamped lines taken as stored
  // are (a 204), else find the drops the counts missed among them the same way.
  const unproven = (): number[] => task.candidates.filter((i) => stamped(i) && !proven.has(i) && !rejected.has(i) && !unconfirmed.has(i));
  for (let round = 0; round < CONFIRM_ROUNDS && unproven().length > 0; round++) {
    const lines = unproven();
    const count = await send(lines);
    if (count !== undefined && count.dropped > 0) await resolve(lines, count.dropped, lines.length === 1 ? count.reason : undefined);
    if (count === undefined) break;
  }
  await proveDropped();
  const left = unproven();
  if (left.length > 0) open(left, `the server dropped points of this request without naming them (${task.reason}), and re-sending the others to confirm them did not succeed${stopped ? ` (${stopped})` : ''}: it may or may not be stored`);
  return { rejected, unconfirmed, probes };
}

/** Indices grouped by their reason, each group ascending (one report entry per reason). */
export function byReason(reasons: ReadonlyMap<number, string>): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const [index, reason] of [...reasons].sort((a, b) => a[0] - b[0])) {
    const group = groups.get(reason);
    if (group) group.push(index);
    else groups.set(reason, [index]);
  }
  return groups;
}
