/**
 * Problems found by a write (rejected points, lines not sent), kept on their lines while the
 * document is edited: edits above shift them, an edit of THEIR line removes them. Pure module: it
 * takes plain change events (VS Code's `TextDocumentContentChangeEvent` fits) and a line reader.
 *
 * A rejected point covers exactly the physical lines of its data line (several when a string
 * value spans lines): an edit of any of them removes it. A run of lines not sent for one reason is
 * only a marker: it stays while its first line is unchanged.
 */
import type { WriteReport } from '../../core/src/write/index';

export type ProblemSeverity = 'error' | 'warning' | 'information';

export interface WriteProblem {
  /** 0-based line the problem is on. */
  readonly line: number;
  /** 0-based last line covered (a run of lines not sent for one reason); equals `line` otherwise. */
  readonly endLine: number;
  readonly message: string;
  readonly severity: ProblemSeverity;
  /** The HTTP status that rejected the point. */
  readonly code?: number;
  /**
   * Text of the problem's lines when it was found: `line` only, or for an error the lines
   * `line`..`endLine` joined with '\n'. Undefined when unknown (a file written unopened).
   */
  readonly lineText?: string;
}

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/** One replacement, in the order the editor applied them (VS Code's content change events). */
export interface TextChange {
  readonly range: { readonly start: LinePosition; readonly end: LinePosition };
  readonly text: string;
}

/** Reads a line of the document as it is after the changes; undefined past the end. */
export type LineReader = (line: number) => string | undefined;

const LINE_BREAK = /\r\n|\r|\n/;

/** Errors cover exactly their lines; other problems are markers on their first line. */
function isExact(problem: WriteProblem): boolean {
  return problem.severity === 'error';
}

/** Length of the last line of the problem's text. */
function lastLineLength(text: string): number {
  return text.length - text.lastIndexOf('\n') - 1;
}

/**
 * Where a problem's first line went when an edit overlaps its lines, or undefined when the edit
 * may have changed them: only an edit that ends at the very start of its first line (it moves)
 * or starts at the very end of its last line (it stays) can leave them as they were.
 */
function candidateLine(problem: WriteProblem, change: TextChange, insertedBreaks: number): number | undefined {
  const { start, end } = change.range;
  if (problem.lineText === undefined) return undefined;
  const last = isExact(problem) ? problem.endLine : problem.line;
  if (start.line === last && start.character >= lastLineLength(problem.lineText)) return problem.line;
  if (end.line === problem.line && end.character === 0) return start.line + insertedBreaks;
  return undefined;
}

/** The text a problem's lines have now, to compare with `lineText`. */
function currentText(problem: WriteProblem, lineAt: LineReader): string | undefined {
  const last = isExact(problem) ? problem.endLine : problem.line;
  const lines: string[] = [];
  for (let line = problem.line; line <= last; line++) {
    const text = lineAt(line);
    if (text === undefined) return undefined;
    lines.push(text);
  }
  return lines.join('\n');
}

/**
 * Applies the changes of one edit event, in order, and returns the problems that are still valid.
 * A problem whose line an edit touched is kept only when that line reads exactly as before
 * (e.g. Enter at the end of the line, or deleting the line above), checked against `lineAt`.
 */
export function applyChanges(problems: readonly WriteProblem[], changes: readonly TextChange[], lineAt: LineReader): WriteProblem[] {
  let current: { problem: WriteProblem; touched: boolean }[] = problems.map((problem) => ({ problem, touched: false }));
  for (const change of changes) {
    const { start, end } = change.range;
    const insertedBreaks = change.text.split(LINE_BREAK).length - 1;
    const delta = insertedBreaks - (end.line - start.line);
    const next: typeof current = [];
    for (const item of current) {
      const p = item.problem;
      if (p.endLine < start.line) {
        next.push(item);
      } else if (p.line > end.line) {
        next.push({ ...item, problem: { ...p, line: p.line + delta, endLine: p.endLine + delta } });
      } else if (isExact(p) || p.line >= start.line) {
        // The edit overlaps the problem's own lines (an error's span, or a marker's first line).
        const line = candidateLine(p, change, insertedBreaks);
        if (line === undefined) continue;
        const endLine = isExact(p) ? line + (p.endLine - p.line) : Math.max(line, p.endLine > end.line ? p.endLine + delta : line);
        next.push({ problem: { ...p, line, endLine }, touched: true });
      } else {
        // A run that starts above the edit: it ends where the edit ends, or shifts with it.
        const endLine = Math.max(p.line, p.endLine > end.line ? p.endLine + delta : start.line + insertedBreaks);
        next.push({ ...item, problem: { ...p, endLine } });
      }
    }
    current = next;
  }
  return current.filter((item) => !item.touched || currentText(item.problem, lineAt) === item.problem.lineText).map((item) => item.problem);
}

/** Fills in unknown line texts (a file written unopened, then opened) from the document. */
export function withLineTexts(problems: readonly WriteProblem[], lineAt: LineReader): WriteProblem[] {
  return problems.map((p) => (p.lineText !== undefined ? p : { ...p, lineText: currentText(p, lineAt) }));
}

/** Most problems published for one document: beyond this the editor slows down and nobody reads them. */
export const MAX_LINE_PROBLEMS = 1000;

/** An unconfirmed run's message: it says "Unconfirmed" first and that the lines may be stored. */
function unconfirmedMessage(why: string, several: boolean): string {
  const reason = why.replace(/\.$/, '');
  const lead = /^unconfirmed\b/i.test(reason) ? `U${reason.slice(1)}` : `Unconfirmed: ${reason}`;
  return /may or may not/.test(reason) ? `${lead}.` : `${lead}. The server may or may not have stored ${several ? 'these lines' : 'this line'}.`;
}

/** Runs of consecutive data lines with the same reason: one problem each, from its first line to its last. */
function runs(entries: readonly { line: number; endLine: number; dataLine: number; reason: string }[], severity: ProblemSeverity, max: number): { problems: WriteProblem[]; complete: boolean } {
  const problems: WriteProblem[] = [];
  let i = 0;
  while (i < entries.length && problems.length < max) {
    let j = i;
    const first = entries[i];
    while (j + 1 < entries.length && entries[j + 1].reason === first.reason && entries[j + 1].dataLine === entries[j].dataLine + 1) j++;
    const last = entries[j];
    const message = severity === 'information' ? unconfirmedMessage(first.reason, j > i) : first.reason;
    problems.push({ line: first.line - 1, endLine: last.endLine - 1, message, severity });
    i = j + 1;
  }
  return { problems, complete: i >= entries.length };
}

/** Whether a line of the document holds line protocol data (not blank, not a comment). */
function isDataLine(text: string | undefined): boolean {
  const trimmed = text?.trimStart() ?? '';
  return trimmed !== '' && !trimmed.startsWith('#');
}

/** How far the first data line of a document is looked for (notes of a write with no line problem). */
const FIRST_DATA_LINE_SEARCH = 10_000;

/** The first data line (0-based) of a document, or 0 when none is found near the top. */
export function firstDataLine(lineAt: LineReader): number {
  for (let line = 0; line < FIRST_DATA_LINE_SEARCH; line++) {
    const text = lineAt(line);
    if (text === undefined) break;
    if (isDataLine(text)) return line;
  }
  return 0;
}

/**
 * The problems of a write report, without their lines' texts (`withLineTexts` adds them): one Error
 * per rejected point covering all its lines (code = HTTP status), one Warning per run of
 * consecutive lines not sent for the same reason, one Information per run of lines whose fate is
 * unknown (unconfirmed), and the report's notes (warnings) as Information on the first line with a
 * problem, else on `noteLine` (the first data line: never a comment).
 */
export function problemsFromReport(report: WriteReport, max = MAX_LINE_PROBLEMS, noteLine = 0): WriteProblem[] {
  const problems: WriteProblem[] = report.rejected
    .slice(0, max)
    .map((r) => ({ line: r.line - 1, endLine: r.endLine - 1, message: r.message, severity: 'error', code: r.status }));
  const notSent = runs(report.notSent, 'warning', max);
  const unconfirmed = runs(report.unconfirmed, 'information', max);
  problems.push(...notSent.problems, ...unconfirmed.problems);
  const notes = [...report.warnings];
  if (report.rejected.length > max) {
    notes.push(`${(report.rejected.length - max).toLocaleString('en-US')} more rejected lines are not marked here; the InfluxDB Line Protocol output lists them.`);
  }
  if (!notSent.complete) notes.push(`More lines were not sent than are marked here; the InfluxDB Line Protocol output lists them.`);
  if (!unconfirmed.complete) notes.push(`More lines are unconfirmed than are marked here; the InfluxDB Line Protocol output lists them.`);
  const line = problems.length > 0 ? Math.min(...problems.map((p) => p.line)) : noteLine;
  for (const note of notes) problems.push({ line, endLine: line, message: note, severity: 'information' });
  return problems.sort((a, b) => a.line - b.line);
}

/**
 * The problems of a write placed on the document as it is NOW: the report's lines are those of the
 * text when it was read, so the edits made while the write ran (`changes`, in order) are replayed:
 * problems below them shift, problems on lines edited meanwhile are dropped (they may be fixed).
 * Line texts are then taken from the current document, for later edits to be judged against.
 */
export function placeProblems(report: WriteReport, changes: readonly TextChange[], lineAt: LineReader, max = MAX_LINE_PROBLEMS): WriteProblem[] {
  // Notes of a write without line problems go on the first data line of the document as it is now.
  const found = problemsFromReport(report, max, firstDataLine(lineAt));
  return withLineTexts(applyChanges(found, changes, lineAt), lineAt);
}

/** Which server a write's problems came from: they describe it, not whichever connection is active later. */
export interface ProblemOrigin {
  readonly connection: string;
  /** "database 'examples'", "bucket 'sensors'". */
  readonly where: string;
  /** What identifies the server and bucket written to (connection name, URL, product, bucket). */
  readonly key: string;
}

/** The identity of a connection's server and bucket, to tell when the active one is another. */
export function originKey(connection: { readonly name: string; readonly url: string; readonly target: string; readonly bucket: string; readonly org?: string | undefined }): string {
  return JSON.stringify([connection.name, connection.url, connection.target, connection.bucket, connection.org ?? null]);
}

/** A problem's message with the connection and bucket that answered it: "… (write to 'l2', database 'examples')". */
export function messageWithOrigin(message: string, origin: ProblemOrigin | undefined): string {
  return origin ? `${message} (write to '${origin.connection}', ${origin.where})` : message;
}

/** Whether a write's problems still describe the active connection's server; else they are cleared. */
export function originStillActive(origin: ProblemOrigin | undefined, activeKey: string | undefined): boolean {
  return origin === undefined || origin.key === activeKey;
}
