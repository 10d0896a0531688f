/**
 * The checks of a data line that does not parse: what makes it fail, on the exact characters, with
 * the fix each problem has. A Windows line ending and (on InfluxDB 3) trailing blanks are reported
 * on their own, and the line is parsed again without them, so that the parse error shown is the one
 * still left once those are fixed (not a confusing error about a '\r').
 */
import type { LineTable } from '../api';
import type { LineResult } from '../model';
import { parseRegion } from '../parse/parseRegion';
import type { CheckContext } from './checkContext';
import type { ChunkDiagnostic } from './findings';
import { crlfMessage, parseErrorMessage, trailingWhitespaceMessage } from './messages';
import { mayEscape, parseHint } from './parseErrorHints';

/** Adds the problems of data line `i` of a chunk's table, which did not parse. */
export function checkBadLine(table: LineTable, text: string, i: number, ctx: CheckContext, out: ChunkDiagnostic[]): void {
  const r = table.result(i, text, 0);
  if (r.ok) return;
  const label = ctx.settings.profile.label;
  const start = table.start(i);
  let end = table.end(i);
  let crlf = false;
  if (end > start && text.charCodeAt(end - 1) === 13) {
    crlf = true;
    end--;
  }
  let ws = end;
  if (ctx.settings.profile.parser === 'v3') while (ws > start && (text.charCodeAt(ws - 1) === 32 || text.charCodeAt(ws - 1) === 9)) ws--;
  if (crlf) {
    out.push({
      start: end,
      end: end + 1,
      severity: 'error',
      code: 'crlf',
      message: crlfMessage(label),
      fix: { fix: 'crlf' },
    });
  }
  if (ws < end) {
    out.push({
      start: ws,
      end,
      severity: 'error',
      code: 'trailing-whitespace',
      message: trailingWhitespaceMessage(label),
      fix: { fix: 'trailing-whitespace' },
    });
  }
  if (crlf || ws < end) {
    // Report what would still be wrong once the line ending and trailing blanks are fixed.
    const rest = text.slice(start, ws);
    const again = parseRegion(rest, 0, rest.length, ctx.parseOptions);
    if (again.count === 0) return;
    const r2 = again.result(0, rest, 0);
    if (r2.ok) return;
    pushParseError(r2, rest, start, start, ws, out);
    return;
  }
  pushParseError(r, text, 0, start, table.end(i), out);
}

function pushParseError(
  r: Extract<LineResult, { ok: false }>,
  /** The text the error's offsets are in (its hint may depend on what is there). */
  source: string,
  shift: number,
  lineStart: number,
  lineEnd: number,
  out: ChunkDiagnostic[],
): void {
  const { kind, message, offset, end } = r.error;
  const hint = parseHint(kind, source.slice(offset, end));
  out.push({
    start: offset + shift,
    end: end + shift,
    severity: 'error',
    code: kind,
    message: parseErrorMessage(message, hint),
    ...(mayEscape(kind) ? { fix: { fix: 'escape', lineStart, lineEnd } } : {}),
  });
}
