/** What `lp write` prints of its report: the `--json` document, or the lines not written and the exit status. */
import type { WriteReport } from '../../core/src/write/index';
import { SIGNAL_STATUS, type StopSignal } from './stopSignals';

/** The `--json` document: exactly these keys, lines physical and 1-based. */
export function jsonReport(report: WriteReport): string {
  return `${JSON.stringify({
    requests: report.requests,
    written: report.written,
    rejected: report.rejected.map((r) => ({ line: r.line, dataLine: r.dataLine, message: r.message, status: r.status })),
    notSent: report.notSent.map((n) => ({ line: n.line, reason: n.reason })),
    unconfirmed: report.unconfirmed.map((u) => ({ line: u.line, reason: u.reason })),
    // Only when the write stopped early: scripts tell a failed write from rejected lines by it.
    ...(report.failure
      ? { failure: { message: report.failure.message, ...(report.failure.status === undefined ? {} : { status: report.failure.status }), ...(report.failure.cancelled ? { cancelled: true } : {}) } }
      : {}),
  })}\n`;
}

interface Entry {
  /** Where the entry sorts: its first data line. */
  readonly dataLine: number;
  readonly text: string;
}

/** Lines grouped into runs of consecutive lines with the same reason: `FILE:3-9: reason`. */
function runs(items: readonly { line: number; dataLine: number; reason: string }[], file: string): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  while (i < items.length) {
    let j = i;
    while (j + 1 < items.length && items[j + 1].reason === items[i].reason && items[j + 1].dataLine === items[j].dataLine + 1) j++;
    const first = items[i].line;
    const last = items[j].line;
    out.push({ dataLine: items[i].dataLine, text: `${file}:${first === last ? first : `${first}-${last}`}: ${items[i].reason}\n` });
    i = j + 1;
  }
  return out;
}

/** Every line that was not written, in file order: rejected one by one, the others in runs. */
export function textEntries(report: WriteReport, file: string): string[] {
  const entries: Entry[] = [
    ...report.rejected.map((r) => ({ dataLine: r.dataLine, text: `${file}:${r.line}: ${r.message} (HTTP ${r.status})\n` })),
    ...runs(report.notSent, file),
    ...runs(report.unconfirmed, file),
  ];
  return entries.sort((a, b) => a.dataLine - b.dataLine).map((e) => e.text);
}

/** 0 every line written, 2 some not, 1 the write failed, 130/143 stopped by a signal (see WRITE_HELP). */
export function exitStatus(report: WriteReport, signal: StopSignal | undefined): number {
  if (signal !== undefined) return SIGNAL_STATUS[signal];
  if (report.failure) return report.failure.cancelled ? 130 : 1;
  return report.rejected.length > 0 || report.notSent.length > 0 || report.unconfirmed.length > 0 ? 2 : 0;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
