/**
 * The words shown for a write: the progress message, the final summary, and one log line per
 * request. Pure module; numbers are written the same way everywhere (en-US grouping).
 */
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

/**
 * Separate sentences with the counts: "Wrote 12,480 points to 'local' in 3 requests. 2 lines
 * rejected. 1 line unconfirmed." Led by "Write cancelled." or "The write stopped: why." when the
 * write ended early. Info when everything was written, a warning when any line was rejected, not
 * sent or unconfirmed (or on a cancel), an error when the write stopped on a failure.
 */
export function summarize(report: WriteReport, where: string): Summary {
  const sentences: string[] = [];
  if (report.failure?.cancelled) sentences.push('Write cancelled.');
  else if (report.failure) sentences.push(sentence(`The write stopped: ${report.failure.message}`));
  sentences.push(`Wrote ${count(report.written, 'point')} to ${where} in ${count(report.requests, 'request')}.`);
  if (report.rejected.length > 0) sentences.push(`${count(report.rejected.length, 'line')} rejected.`);
  if (report.unconfirmed.length > 0) sentences.push(`${count(report.unconfirmed.length, 'line')} unconfirmed (sent without an answer read: the server may or may not have stored them).`);
  if (report.notSent.length > 0) sentences.push(`${count(report.notSent.length, 'line')} not sent.`);
  for (const warning of report.warnings) sentences.push(sentence(warning));
  const hasProblems = report.rejected.length > 0 || report.notSent.length > 0 || report.unconfirmed.length > 0;
  const level: SummaryLevel = report.failure && !report.failure.cancelled ? 'error' : hasProblems || report.warnings.length > 0 || report.failure ? 'warning' : 'info';
  return { level, text: sentences.join(' '), hasProblems };
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
