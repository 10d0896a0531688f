/**
 * `write_line_protocol`'s result for AI agents: a WriteReport as short text — a summary of the four
 * outcomes first (written, rejected, not sent, unconfirmed), then the lines that were not written
 * with the server's reason, bounded in size. Credentials never appear: the report's texts are
 * scrubbed by the pipeline already, and every line here goes through the same scrub again with the
 * credentials of this write, since a result is handed to a model (and may be logged by its client).
 */
import { PROFILES, type Product } from '../products';
import { redactUrl } from '../write/endpoint';
import { Scrubber } from '../write/secrets';
import type { Credentials, WriteReport } from '../write/types';

/** Lines that were not written listed in a result by default; the rest are counted. */
export const DEFAULT_MAX_LINES = 50;

export interface WriteTarget {
  /** The connection's name in the editor, if it has one. */
  readonly name?: string;
  readonly url: string;
  readonly product: Product;
  readonly bucket: string;
}

export interface WriteResultOptions {
  /** The credentials of the write: removed from every text of the result. */
  readonly credentials: Credentials;
  readonly maxLines?: number;
  /** Says where the data came from (a file path). */
  readonly source?: string;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Entry {
  readonly dataLine: number;
  readonly text: string;
}

/** `line 5`, or `lines 5-7` for a point whose string value spans lines (or a run of points). */
function lineSpan(first: number, last: number): string {
  return first === last ? `line ${first}` : `lines ${first}-${last}`;
}

/** Consecutive lines with one reason as one entry (`lines 5-9`): a failed batch does not flood the result. */
function runs(items: readonly { line: number; endLine: number; dataLine: number; reason: string }[], state: string): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j + 1 < items.length && items[j + 1].reason === items[i].reason && items[j + 1].dataLine === items[j].dataLine + 1) j++;
    const first = items[i].line;
    out.push({ dataLine: items[i].dataLine, text: `${state} ${lineSpan(first, items[j].endLine)}: ${items[i].reason}` });
    i = j + 1;
  }
  return out;
}

/** A one-line summary and the lines not written, as text for a model. */
export function formatWriteResult(report: WriteReport, target: WriteTarget, options: WriteResultOptions): string {
  const scrubber = new Scrubber();
  scrubber.add(options.credentials);
  const total = report.written + report.rejected.length + report.notSent.length + report.unconfirmed.length;
  const where = `${target.name !== undefined ? `connection '${target.name}', ` : ''}${PROFILES[target.product].label} at ${redactUrl(target.url)}, bucket '${target.bucket}'`;
  const from = options.source !== undefined ? ` from ${options.source}` : '';
  const lines: string[] = [
    `Wrote ${report.written} of ${plural(total, 'data line')}${from} (${where}): ${report.rejected.length} rejected, ${report.notSent.length} not sent, ${report.unconfirmed.length} unconfirmed, in ${plural(report.requests, 'request')}.`,
  ];
  if (report.failure) lines.push(report.failure.cancelled ? report.failure.message : `The write failed: ${report.failure.message}`);
  if (report.unconfirmed.length > 0) {
    lines.push('Unconfirmed lines were sent but no answer was read: the server may or may not have stored them. Query before writing them again (lines without a timestamp would be stored twice).');
  }
  const entries: Entry[] = [
    ...report.rejected.map((r) => ({ dataLine: r.dataLine, text: `rejected ${lineSpan(r.line, r.endLine)}: ${r.message} (HTTP ${r.status})` })),
    ...runs(report.notSent, 'not sent'),
    ...runs(report.unconfirmed, 'unconfirmed'),
  ].sort((a, b) => a.dataLine - b.dataLine);
  const max = Math.max(0, options.maxLines ?? DEFAULT_MAX_LINES);
  for (const e of entries.slice(0, max)) lines.push(e.text.replace(/\s*\r?\n\s*/g, ' '));
  const rest = entries.length - max;
  if (rest > 0) lines.push(`… and ${rest} more ${rest === 1 ? 'entry' : 'entries'} not shown.`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return scrubber.scrub(lines.join('\n'));
}
