/**
 * The words shown for a write: the progress message, the final summary, and one log line per
 * request. Pure module; numbers are written the same way everywhere (en-US grouping).
 */
import type { Progress, RequestLog, WriteReport } from '../../core/src/write/index';

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

/**
 * "Wrote 12,480 points in 3 requests; 2 lines rejected" (warning when anything was rejected or
 * not sent, error when the write stopped on a failure, info otherwise).
 */
export function summarize(report: WriteReport, where: string): Summary {
  const parts = [`Wrote ${count(report.written, 'point')} to ${where} in ${count(report.requests, 'request')}`];
  if (report.rejected.length > 0) parts.push(`${count(report.rejected.length, 'line')} rejected`);
  if (report.notSent.length > 0) parts.push(`${count(report.notSent.length, 'line')} not sent`);
  let text = parts.join('; ');
  if (report.failure?.cancelled) text = `Write cancelled. ${text}`;
  else if (report.failure) text = `The write stopped: ${report.failure.message} ${text}`;
  if (report.warnings.length > 0) text += `. ${report.warnings.join(' ')}`;
  const hasProblems = report.rejected.length > 0 || report.notSent.length > 0;
  const level: SummaryLevel = report.failure && !report.failure.cancelled ? 'error' : hasProblems || report.warnings.length > 0 ? 'warning' : 'info';
  return { level, text: text.endsWith('.') ? text : `${text}.`, hasProblems };
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
