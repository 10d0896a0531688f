/**
 * What a write leaves in the log: every line not written (rejected, not sent, unconfirmed) with
 * its reason, the totals, and the written lines that rewrite an earlier line's point.
 */
import type * as vscode from 'vscode';
import type { ParserTarget } from '../../core/src/model';
import type { WriteReport } from '../../core/src/write/index';
import { findRewrites, type Rewrite } from './summary';

/** Most lines listed one by one in the log of one write. */
const MAX_LOGGED_LINES = 10_000;
/** Largest text (UTF-16 units) parsed again after a write to find lines that rewrite a point: a bigger one is only noted. */
const MAX_REWRITE_SCAN = 64 * 1024 * 1024;

/** Logs each line not written of the write of `name` (a file's base name, or a label), then the totals. */
export function logReportLines(log: vscode.LogOutputChannel, name: string, report: WriteReport): void {
  const lines = [
    ...report.rejected.map((r) => ({ line: r.line, text: `${name}:${r.line}: rejected (HTTP ${r.status}): ${r.message}` })),
    ...report.notSent.map((n) => ({ line: n.line, text: `${name}:${n.line}: ${n.reason}` })),
    ...report.unconfirmed.map((u) => ({ line: u.line, text: `${name}:${u.line}: ${/^unconfirmed\b/i.test(u.reason) ? u.reason : `unconfirmed: ${u.reason}`}` })),
  ].sort((a, b) => a.line - b.line);
  for (const entry of lines.slice(0, MAX_LOGGED_LINES)) log.warn(entry.text);
  if (lines.length > MAX_LOGGED_LINES) log.warn(`… and ${(lines.length - MAX_LOGGED_LINES).toLocaleString('en-US')} more lines not listed.`);
  for (const warning of report.warnings) log.warn(warning);
  const summary = `${report.written} written, ${report.rejected.length} rejected, ${report.unconfirmed.length} unconfirmed, ${report.notSent.length} not sent, ${report.requests} request(s)`;
  if (report.failure) log.error(`${summary}; ${report.failure.cancelled ? 'cancelled' : `stopped: ${report.failure.message}`}`);
  else log.info(summary);
}

/** The written lines that rewrite an earlier line's point (summary.ts), each logged. */
export function loggedRewrites(log: vscode.LogOutputChannel, text: string | AsyncIterable<unknown>, firstLine: number, report: WriteReport, parser: ParserTarget): Rewrite[] {
  if (report.written < 2) return [];
  if (typeof text !== 'string' || text.length > MAX_REWRITE_SCAN) {
    // A file streamed from disk is not held whole: not read again.
    log.info(`Not checked for lines that rewrite an earlier line's point (a file too large to hold whole): the lines written may be fewer points.`);
    return [];
  }
  const skipped = new Set([...report.rejected, ...report.notSent, ...report.unconfirmed].map((l) => l.line));
  const rewrites = findRewrites(text, parser, firstLine, skipped);
  for (const r of rewrites.slice(0, MAX_LOGGED_LINES)) log.info(`Line ${r.line} rewrites the point of line ${r.of} (same measurement, tag set and timestamp): the server keeps one point, later fields replacing earlier ones.`);
  if (rewrites.length > MAX_LOGGED_LINES) log.info(`… and ${(rewrites.length - MAX_LOGGED_LINES).toLocaleString('en-US')} more lines that rewrite an earlier line's point.`);
  return rewrites;
}
