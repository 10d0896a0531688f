/**
 * The words shown for a write: the progress message, the final summary, and one log line per
 * request. Pure module; numbers are written the same way everywhere (en-US grouping).
 */
import { parseLineProtocol } from '../../core/src/parse/document';
import type { ParserTarget } from '../../core/src/model';
import type { Progress, RequestLog, WaitEvent, WriteReport } from '../../core/src/write/index';

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** "12,480 of 50,000 lines (3 requests)"; "12,480 lines (3 requests)" while the total is unknown. */
export function progressMessage(progress: Progress): string {
  const done = progress.linesTotal === undefined
    ? count(progress.linesDone, 'line')
    : `${progress.linesDone.toLocaleString('en-US')} of ${count(progress.linesTotal, 'line')}`;
  return `${done} (${count(progress.requests, 'request')})`;
}

export type SummaryLevel = 'info' | 'warning' | 'error';

export interface Summary {
  readonly level: SummaryLevel;
  readonly text: string;
  /** True when there are line problems to look at in the Problems view. */
  readonly hasProblems: boolean;
}

/** "8 s", "1.5 s", "0.2 s": how long a wait lasts, as a person reads it. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s >= 10 ? Math.round(s) : Number(s.toFixed(1))} s`;
}

/** "Server busy (429): retrying in 8 s (attempt 2 of 5)": what the write waits for, in its progress. */
export function waitMessage(wait: WaitEvent): string {
  return `${wait.reason}: retrying in ${seconds(wait.delayMs)} (attempt ${wait.attempt} of ${wait.maxAttempts})`;
}

/** Ends a sentence with a full stop unless it has its own. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A line of the write that rewrites the point an earlier line of it wrote: `line` and that earlier line (document lines). */
export interface Rewrite {
  readonly line: number;
  readonly of: number;
}

/**
 * The lines of `text` that write the same point as an earlier line (same measurement, tag set
 * and timestamp): the server keeps one point, later fields replacing earlier ones
 * (write-api.md, "duplicate points"), so N lines written are not N points stored. Lines without a
 * timestamp take the server's clock and are left out; `skipped` lines (rejected, not sent,
 * unconfirmed) wrote nothing. Line numbers as the report's: `firstLine` is the text's first line.
 */
export function findRewrites(text: string, target: ParserTarget, firstLine: number, skipped: ReadonlySet<number>): Rewrite[] {
  const parsed = parseLineProtocol(text, { target });
  const { table } = parsed;
  const firstOf = new Map<string, number>();
  const rewrites: Rewrite[] = [];
  for (let i = 0; i < parsed.count; i++) {
    const line = parsed.physicalLine(i) + firstLine;
    if (!table.ok(i) || skipped.has(line)) continue;
    const time = table.timestamp(i, text, 0);
    if (time === undefined) continue;
    const tags: string[] = [];
    for (let j = 0; j < table.tagCount(i); j++) tags.push(JSON.stringify([table.tagKey(i, j, text, 0), table.tagValue(i, j, text, 0)]));
    const key = JSON.stringify([table.measurement(i, text, 0), tags.sort(), time.toString()]);
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, line);
    else rewrites.push({ line, of: first });
  }
  return rewrites;
}

/** "2 and 3", "2, 3 and 5". */
function listed(numbers: readonly number[]): string {
  const shown = numbers.map((n) => n.toLocaleString('en-US'));
  return shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Most rewriting lines named in the summary; the log names them all. */
const NAMED_REWRITES = 5;

/**
 * "Lines 2 and 3 rewrite the point of line 1: the server keeps one point per series and
 * timestamp." In the summary because its count is of lines: without it "Wrote 3 lines" reads as 3
 * points where a query finds one.
 */
export function rewritesSentence(rewrites: readonly Rewrite[]): string | undefined {
  if (rewrites.length === 0) return undefined;
  const keeps = 'the server keeps one point per series and timestamp, later fields replacing earlier ones';
  const originals = [...new Set(rewrites.map((r) => r.of))];
  if (originals.length === 1 && rewrites.length <= NAMED_REWRITES) {
    const lines = rewrites.map((r) => r.line);
    return `${lines.length === 1 ? 'Line' : 'Lines'} ${listed(lines)} ${lines.length === 1 ? 'rewrites' : 'rewrite'} the point of line ${originals[0].toLocaleString('en-US')}: ${keeps}.`;
  }
  if (rewrites.length <= NAMED_REWRITES) {
    return `${count(rewrites.length, 'line')} rewrite a point an earlier line wrote (${rewrites.map((r) => `line ${r.line.toLocaleString('en-US')} that of line ${r.of.toLocaleString('en-US')}`).join(', ')}): ${keeps}.`;
  }
  const first = rewrites[0];
  return `${count(rewrites.length, 'line')} rewrite a point an earlier line wrote (the first: line ${first.line.toLocaleString('en-US')}, that of line ${first.of.toLocaleString('en-US')}; all in the log): ${keeps}.`;
}

/**
 * Separate sentences with the counts: "Wrote 12,480 lines to 'local' in 3 requests. 2 lines
 * rejected. 1 line unconfirmed." The count is of data lines the server accepted, not of points
 * stored (lines rewriting an earlier line's point are said: `rewrites`). When nothing reached the
 * server (nothing written, rejected or unconfirmed) no request is claimed: "Nothing was written to
 * 'local'." Led by "Write cancelled." or "The write stopped: why." when the write ended early.
 * Info when everything was written, a warning when any line was rejected, not sent or unconfirmed
 * (or on a cancel), an error when the write stopped on a failure.
 */
export function summarize(report: WriteReport, where: string, rewrites: readonly Rewrite[] = []): Summary {
  const sentences: string[] = [];
  if (report.failure?.cancelled) sentences.push('Write cancelled.');
  else if (report.failure) sentences.push(sentence(`The write stopped: ${report.failure.message}`));
  const reached = report.written > 0 || report.rejected.length > 0 || report.unconfirmed.length > 0;
  if (reached || !report.failure) sentences.push(`Wrote ${count(report.written, 'line')} to ${where} in ${count(report.requests, 'request')}.`);
  else sentences.push(`Nothing was written to ${where}.`);
  const rewriting = rewritesSentence(rewrites);
  if (rewriting) sentences.push(rewriting);
  if (report.rejected.length > 0) sentences.push(`${count(report.rejected.length, 'line')} rejected.`);
  if (report.unconfirmed.length > 0) sentences.push(`${count(report.unconfirmed.length, 'line')} unconfirmed (sent without an answer read: the server may or may not have stored them).`);
  if (report.notSent.length > 0) sentences.push(`${count(report.notSent.length, 'line')} not sent.`);
  for (const warning of report.warnings) sentences.push(sentence(warning));
  const hasProblems = report.rejected.length > 0 || report.notSent.length > 0 || report.unconfirmed.length > 0;
  const level: SummaryLevel = report.failure && !report.failure.cancelled ? 'error' : hasProblems || report.warnings.length > 0 || report.failure ? 'warning' : 'info';
  return { level, text: sentences.join(' '), hasProblems };
}

/** The progress while the credentials box is open after a 401: no request is waiting then. */
export function credentialsWaitMessage(connection: string): string {
  return `401 Unauthorized: waiting for the credentials of '${connection}'`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** "POST http://localhost:8086/api/v2/write?… → 204, 5,000 lines, 1.2 MiB, 85 ms" (+ retry, error). */
export function requestLogLine(entry: RequestLog): string {
  const status = entry.status === undefined ? 'no response' : String(entry.status);
  const parts = [`POST ${entry.url} → ${status}`, count(entry.lines, 'line'), size(entry.bytes), `${Math.round(entry.durationMs).toLocaleString('en-US')} ms`];
  if (entry.retries > 0) parts.push(`retry ${entry.retries}`);
  if (entry.error !== undefined) parts.push(entry.error);
  return parts.join(', ');
}
