/**
 * Turning a 400/422 (or a 2xx with a body) into per-line outcomes for one batch, per dialect
 * (write-api.md §3). Pure: the answer text and the batch in, the verdict out.
 */
import type { ParseOptions } from '../../api';
import { NANOS_PER, type ErrorDialect, type Precision } from '../../products';
import { quotedTexts, type Batch } from '../batch';
import type { AnswerText } from './body';
import { IOX_MAX_LISTED_ERRORS, parseIoxErrors, parseIoxRetention, parseIoxSchemaConflict, type NumberedError } from './iox';
import { columnKind, ParsedBatch } from './lines';
import { droppedCount, firstReason, isBeyondRetention, isPartialWrite, parseFieldTypeConflict, parseUnableToParse, type UnmatchedEntry } from './models';
import { parseColumnTypeConflict, parseV3Errors } from './v3';

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
   * Per candidate: its point's series and time (lines with equal keys are re-sent together), or
   * undefined when it has no timestamp (such a line is never sent twice).
   */
  readonly pointKeys: ReadonlyMap<number, string | undefined>;
  /**
   * True when every point of the request lies in the hour of "now" (one shard group whatever its
   * duration), so the count covers the lines without a timestamp too.
   */
  readonly oneShardGroup: boolean;
}

/** 1.x's shard group duration for a retention policy of infinite duration (the default `autogen`). */
const SHARD_GROUP_NS = 7n * 24n * 3600n * 1_000_000_000n;
const HOUR_NS = 3600n * 1_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
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

function numbered(errors: readonly NumberedError[], batch: Batch, warnings: string[]): Map<number, string> {
  const rejected = new Map<number, string>();
  for (const error of errors) {
    const index = error.line - 1;
    if (index >= batch.texts.length) {
      warnings.push(`The server named line ${error.line} of a request of ${batch.texts.length} lines (${error.message}): it could not be mapped to the file.`);
      continue;
    }
    if (!rejected.has(index)) rejected.set(index, error.message);
  }
  return rejected;
}

function conflictVerdict(
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
function markParseErrors(parsed: ParsedBatch, from: number, rejected: Map<number, string>, why: string): number {
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

function iox(message: string, batch: Batch, context: AnswerContext): Verdict {
  const warnings: string[] = [];
  const errors = parseIoxErrors(message);
  if (errors.length > 0) {
    const rejected = numbered(errors, batch, warnings);
    if (errors.length >= IOX_MAX_LISTED_ERRORS) {
      const last = Math.max(...errors.map((e) => e.line));
      const lastLine = batch.lines[Math.min(last, batch.lines.length) - 1];
      // Past the listing, the lines the server's own parser refuses are found with the same parser.
      const found = markParseErrors(new ParsedBatch(batch, context.parse), last, rejected, `the server lists at most ${IOX_MAX_LISTED_ERRORS} errors per request`);
      warnings.push(
        `The server lists at most ${IOX_MAX_LISTED_ERRORS} rejected lines per request and listed ${errors.length} for ${context.describeBatch}, the last on line ${lastLine}: ${found} later line(s) that fail to parse are marked too, but later lines it refused for other reasons (e.g. type conflicts) are not named. Check them, or write with smaller batches.`,
      );
    }
    return { rejected, othersWritten: true, warnings, message, perLine: true };
  }
  const conflict = parseIoxSchemaConflict(message);
  if (conflict) {
    const kind = columnKind(conflict.attempted);
    const lines = kind ? new ParsedBatch(batch, context.parse).linesWithColumn(conflict.column, kind, conflict.table) : [];
    const reason = `${message.trim()} (the server named no line: this line writes '${conflict.column}' as ${conflict.attempted})`;
    return conflictVerdict(lines, reason, false, message, warnings);
  }
  const retention = parseIoxRetention(message);
  if (retention) {
    // The whole request is refused: the points older than the limit are rejected, the others sent again.
    const lines = new ParsedBatch(batch, context.parse).olderThan(retention.minimumNs, NANOS_PER[context.precision ?? 'ns'], retention.table);
    const reason = `outside the retention period: this point is older than ${retention.minimum}, the oldest time the server accepts${retention.table === undefined ? '' : ` in table ${retention.table}`} (the server refused the request naming no line: ${message.trim()})`;
    return conflictVerdict(lines, reason, false, message, warnings);
  }
  return notPerLine(message, warnings);
}

/** An answer that names no line and no refusal this dialect can place. */
function notPerLine(message: string, warnings: string[] = []): Verdict {
  return { rejected: new Map(), othersWritten: false, warnings, message, perLine: false };
}

function v3(json: unknown, message: string, batch: Batch, context: AnswerContext): Verdict {
  const warnings: string[] = [];
  const errors = parseV3Errors(json);
  if (errors.length > 0) {
    // With accept_partial=true the good lines are stored; the non-partial form names one line only.
    const partial = !/line protocol parsing error|parsing failed for write_lp endpoint/.test(message);
    return { rejected: numbered(errors, batch, warnings), othersWritten: partial, warnings, message, perLine: true };
  }
  const conflict = parseColumnTypeConflict(message);
  if (conflict) {
    const kind = columnKind(conflict.got);
    const lines = kind ? new ParsedBatch(batch, context.parse).linesWithColumn(conflict.column, kind) : [];
    return conflictVerdict(lines, `${message.trim()} (the server named no line: this line writes '${conflict.column}' as ${conflict.got})`, false, message, warnings);
  }
  return notPerLine(message, warnings);
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
  for (let i = 0; i < batch.texts.length; i++) if (!rejected.has(i)) unnamed.push(i);
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
function models(message: string, batch: Batch, context: AnswerContext): Verdict {
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
    for (let i = 0; i < batch.texts.length; i++) {
      if (rejected.has(i)) continue;
      candidates.push(i);
      pointKeys.set(i, parse().pointKey(i));
    }
    let predicted = parse().predictStorageDrops(conflict);
    if (isBeyondRetention(message)) {
      const reason = `points beyond retention policy (this point is older than the retention policy allows: one of the ${dropped ?? 'unknown number of'} oldest points of the request)`;
      for (const i of parse().oldest(dropped ?? 0)) if (!predicted.has(i)) predicted.set(i, reason);
    }
    predicted = new Map([...predicted].filter(([i]) => pointKeys.has(i)));
    const hour = (time: bigint | undefined): bigint => floorDiv(time === undefined ? (context.nowNs ?? 0n) : time * NANOS_PER[context.precision ?? 'ns'], HOUR_NS);
    const oneShardGroup = candidates.every((i) => hour(parse().time(i)) === hour(undefined));
    return { rejected, othersWritten: true, warnings, message, perLine: true, unaccounted: { candidates, dropped, reason: firstReason(message), predicted, pointKeys, oneShardGroup } };
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
    for (let i = 0; i < batch.texts.length; i++) {
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

/** The answer (read once: readAnswer) judged per line; `perLine` false when it is not a per-line answer. */
export function judgeAnswer(answer: AnswerText, batch: Batch, context: AnswerContext): Verdict {
  const { message } = answer;
  switch (context.dialect) {
    case 'iox':
      return iox(message, batch, context);
    case 'v3':
      return v3(answer.json, message, batch, context);
    case 'v2':
    case 'v1':
      return models(message, batch, context);
  }
}
