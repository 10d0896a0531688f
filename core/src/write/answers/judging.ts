/**
 * What judging an answer produces (the verdict) and what every dialect's judge shares: the lines
 * an answer numbers, the lines a conflict names, the lines the local parser refuses.
 */
import type { ParseOptions } from '../../api';
import type { ErrorDialect, Precision } from '../../products';
import { lineCount, type Batch } from '../batch';
import type { NumberedError } from './iox';
import type { ParsedBatch } from './lines';

export interface Verdict {
  /** Rejected lines: batch index (0-based) → the reason. */
  readonly rejected: ReadonlyMap<number, string>;
  /**
   * True when the lines not rejected were stored. False when the server refused the whole request
   * (2.x parse errors, IOx schema conflicts): the caller re-sends the other lines.
   */
  readonly othersWritten: boolean;
  readonly warnings: readonly string[];
  /** The server's message, for lines it did not name (used when nothing could be located). */
  readonly message: string;
  /** Lines whose fate the answer leaves open (they may or may not be stored), with why. */
  readonly unconfirmed?: ReadonlyMap<number, string>;
  /**
   * Set when the lines not rejected or unconfirmed must be sent again as several requests (each a
   * list of batch indices, in order) rather than as one.
   */
  readonly resend?: readonly (readonly number[])[];
  /** Points the server dropped without naming them: the writer locates them (locate.ts). */
  readonly unaccounted?: Unaccounted;
  /**
   * False when the answer is not a per-line answer this dialect knows (no line named, no refusal
   * it can place): an IOx 403 is then a permission error, not a verdict on the points.
   */
  readonly perLine: boolean;
}

/**
 * A 1.x/2.x partial write that dropped `dropped` points and named at most its first reason: the
 * dropped points are among `candidates` (the lines it parsed and did not name), the others are
 * stored.
 */
export interface Unaccounted {
  /** Batch indices (0-based), in order. */
  readonly candidates: readonly number[];
  /** `dropped=N`; undefined when the answer gives no count. */
  readonly dropped: number | undefined;
  /** The one reason the server named (without `partial write:` and `dropped=N`). */
  readonly reason: string;
  /** Lines the local checks predict dropped, with the reason in the server's words. */
  readonly predicted: ReadonlyMap<number, string>;
  /**
   * The lines the server drops whatever its shard groups store: a `time` tag, only `time` fields
   * (the point alone decides), and the oldest points of a retention drop. A type-conflict
   * prediction depends on what the point's shard group holds, so a re-sent answer must prove it.
   */
  readonly intrinsic: ReadonlySet<number>;
  /**
   * Per candidate: its point's series and time (lines with equal keys are re-sent together), or
   * undefined when it has no timestamp (such a line is never sent twice).
   */
  readonly pointKeys: ReadonlyMap<number, string | undefined>;
  /**
   * True when every point of the request lies in the hour of "now" (one shard group whatever its
   * duration), so the count covers the lines without a timestamp too.
   */
  readonly oneShardGroup: boolean;
  /**
   * True when every candidate lies in one clock hour (a line without a timestamp in the hour of
   * "now"), so in one shard group (shard groups last whole hours, at least one): the count is then
   * exact, and so is the prediction of the named type conflict (that group refuses every point
   * writing the other type).
   */
  readonly inOneHour: boolean;
}

export interface AnswerContext {
  readonly dialect: ErrorDialect;
  readonly parse: ParseOptions;
  /** "lines 12–5011" of the file: for warnings. */
  readonly describeBatch: string;
  /** Precision of the timestamps written (to compare them with a retention limit). Default ns. */
  readonly precision?: Precision;
  /** The time now in ns since the epoch: lines without a timestamp are stored at about this time. */
  readonly nowNs?: bigint;
}

export function numbered(errors: readonly NumberedError[], batch: Batch, warnings: string[]): Map<number, string> {
  const rejected = new Map<number, string>();
  for (const error of errors) {
    const index = error.line - 1;
    if (index >= lineCount(batch)) {
      warnings.push(`The server named line ${error.line} of a request of ${lineCount(batch)} lines (${error.message}): it could not be mapped to the file.`);
      continue;
    }
    if (!rejected.has(index)) rejected.set(index, error.message);
  }
  return rejected;
}

export function conflictVerdict(
  indices: readonly number[],
  reason: string,
  othersWritten: boolean,
  message: string,
  warnings: string[],
): Verdict {
  const rejected = new Map<number, string>();
  for (const i of indices) rejected.set(i, reason);
  return { rejected, othersWritten, warnings, message, perLine: true };
}

/**
 * Marks the lines from `from` on that the local parser refuses and `rejected` holds no reason for
 * yet, saying why the server's answer did not name them. Returns how many it marked.
 */
export function markParseErrors(parsed: ParsedBatch, from: number, rejected: Map<number, string>, why: string): number {
  let marked = 0;
  for (let i = from; i < parsed.count; i++) {
    const parseError = parsed.parseError(i);
    if (parseError !== undefined && !rejected.has(i)) {
      rejected.set(i, `${parseError} (found by the local parser: ${why})`);
      marked++;
    }
  }
  return marked;
}

/** An answer that names no line and no refusal this dialect can place. */
export function notPerLine(message: string, warnings: string[] = []): Verdict {
  return { rejected: new Map(), othersWritten: false, warnings, message, perLine: false };
}
