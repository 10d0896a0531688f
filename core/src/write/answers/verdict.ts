/**
 * Turning a 400/422 (or a 2xx with a body) into per-line outcomes for one batch, per dialect
 * (write-api.md §3). Pure: the answer text and the batch in, the verdict out.
 */
import { NANOS_PER } from '../../products';
import type { Batch } from '../batch';
import type { AnswerText } from './body';
import { IOX_MAX_LISTED_ERRORS, parseIoxErrors, parseIoxRetention, parseIoxSchemaConflict } from './iox';
import { parseIoxServiceLimit, serviceLimitVerdict } from './serviceLimits';
import { conflictVerdict, markParseErrors, notPerLine, numbered, type AnswerContext, type Verdict } from './judging';
import { columnKind, ParsedBatch } from './lines';
import { models } from './modelsVerdict';
import { parseColumnTypeConflict, parseV3Errors } from './v3';

export type { AnswerContext, Unaccounted, Verdict } from './judging';

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
  const limit = parseIoxServiceLimit(message);
  if (limit) return serviceLimitVerdict(limit, message, batch, new ParsedBatch(batch, context.parse));
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
