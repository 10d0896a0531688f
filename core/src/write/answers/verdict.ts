/**
 * Turning a 400/422 (or a 2xx with a body) into per-line outcomes for one batch, per dialect
 * (write-api.md §3). Pure: the answer text and the batch in, the verdict out.
 */
import type { ParseOptions } from '../../api';
import { NANOS_PER, type ErrorDialect, type Precision } from '../../products';
import { quotedTexts, type Batch } from '../batch';
import { errorMessage, parseJson } from './body';
import { IOX_MAX_LISTED_ERRORS, parseIoxErrors, parseIoxRetention, parseIoxSchemaConflict, type NumberedError } from './iox';
import { columnKind, ParsedBatch } from './lines';
import { droppedCount, isBeyondRetention, isPartialWrite, parseFieldTypeConflict, parseUnableToParse } from './models';
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
}

export interface AnswerContext {
  readonly dialect: ErrorDialect;
  readonly parse: ParseOptions;
  /** "lines 12–5011" of the file: for warnings. */
  readonly describeBatch: string;
  /** Precision of the timestamps written (to compare them with a retention limit). Default ns. */
  readonly precision?: Precision;
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
  return { rejected, othersWritten, warnings, message };
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
    return { rejected, othersWritten: true, warnings, message };
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
  return { rejected: new Map(), othersWritten: false, warnings, message };
}

function v3(body: string, message: string, batch: Batch, context: AnswerContext): Verdict {
  const warnings: string[] = [];
  const errors = parseV3Errors(parseJson(body));
  if (errors.length > 0) {
    // With accept_partial=true the good lines are stored; the non-partial form names one line only.
    const partial = !/line protocol parsing error|parsing failed for write_lp endpoint/.test(message);
    return { rejected: numbered(errors, batch, warnings), othersWritten: partial, warnings, message };
  }
  const conflict = parseColumnTypeConflict(message);
  if (conflict) {
    const kind = columnKind(conflict.got);
    const lines = kind ? new ParsedBatch(batch, context.parse).linesWithColumn(conflict.column, kind) : [];
    return conflictVerdict(lines, `${message.trim()} (the server named no line: this line writes '${conflict.column}' as ${conflict.got})`, false, message, warnings);
  }
  return { rejected: new Map(), othersWritten: false, warnings, message };
}

/** 1.x and 2.x. */
function models(message: string, batch: Batch, context: AnswerContext): Verdict {
  const warnings: string[] = [];
  const rejected = new Map<number, string>();
  const partial = isPartialWrite(message);
  const parsed = parseUnableToParse(message, quotedTexts(batch));
  for (const error of parsed.errors) rejected.set(error.index, error.message);
  if (parsed.unmatched > 0) {
    warnings.push(`The server could not parse ${parsed.unmatched} line(s) in ${context.describeBatch} whose text did not match any line sent: ${message.slice(0, 300)}`);
  }
  const conflict = parseFieldTypeConflict(message);
  const retention = isBeyondRetention(message);
  const dropped = droppedCount(message);
  if (conflict || retention) {
    const batchParse = new ParsedBatch(batch, context.parse);
    let found: number[];
    if (conflict) {
      const kind = columnKind(conflict.attempted);
      found = kind ? batchParse.linesWithColumn(conflict.field, kind, conflict.measurement) : [];
      const reason = `field type conflict: field '${conflict.field}' of measurement '${conflict.measurement}' is already type ${conflict.existing}, this line writes it as ${conflict.attempted}`;
      for (const i of found) if (!rejected.has(i)) rejected.set(i, reason);
    } else {
      found = batchParse.oldest(dropped ?? 0);
      const reason = `point is older than the retention policy allows (the server dropped ${dropped ?? 'some'} point(s) beyond retention and does not say which: these are the oldest of the request)`;
      for (const i of found) if (!rejected.has(i)) rejected.set(i, reason);
    }
    // The server names only its first storage reason; lines its parser refused are not listed then.
    markParseErrors(batchParse, 0, rejected, "the server's answer named only its first storage error");
    if (dropped !== undefined && dropped > found.length) {
      warnings.push(
        `The server dropped ${dropped} point(s) in ${context.describeBatch} but names only its first reason (${message.trim()}): ${dropped - found.length} more point(s) were not stored and cannot be located.`,
      );
    }
  }
  if (!partial && rejected.size === 0 && isBareTypeConflict(message)) {
    // 1.x answers just "field type conflict", storing nothing, when lines of one request disagree
    // on a field's type in a shard that request creates: find those lines; the others are sent again.
    const batchParse = new ParsedBatch(batch, context.parse);
    for (const { index, reason } of batchParse.conflictsWithinBatch()) rejected.set(index, reason);
    if (rejected.size > 0) markParseErrors(batchParse, 0, rejected, "the server's answer named only a type conflict");
  }
  // 1.x: "partial write" means the good lines were stored. 2.x: parse errors refuse the whole
  // request (400), storage errors are partial (422, "partial write" in the message).
  const othersWritten = partial;
  return { rejected, othersWritten, warnings, message };
}

/** `field type conflict` with no field, measurement or count named. */
function isBareTypeConflict(message: string): boolean {
  return message.trim() === 'field type conflict';
}

export function judgeAnswer(body: string, headerError: string | null, batch: Batch, context: AnswerContext): Verdict {
  const message = errorMessage(body, headerError);
  switch (context.dialect) {
    case 'iox':
      return iox(message, batch, context);
    case 'v3':
      return v3(body, message, batch, context);
    case 'v2':
    case 'v1':
      return models(message, batch, context);
  }
}
