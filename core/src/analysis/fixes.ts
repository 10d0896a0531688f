/**
 * Quick fixes as plain text edits: each diagnostic that carries a fix payload becomes one or more
 * fixes, and "fix all" collects the edits of every diagnostic of the same code in the document.
 * A fix that a text edit cannot express in every editor (VS Code keeps a document's end of line
 * as a property and normalises `\r\n` in edits; a precision is a setting) also names an
 * `action` for the editor to carry out; the server turns it into a command the client runs.
 */
import type { FieldType } from '../model';
import { NANOS_PER, type Precision } from '../products';
import type { DocumentAnalysis } from './analysis';
import type { DiagnosticCode } from './codes';
import { typeName } from './messages';
import { bareWordValues, escapeOffset } from './parseErrorHints';
import { atOrBefore, type Range } from './positions';
import type { FixPayload } from './publish';
import { parseOptionsOf } from './settings';
import { guessPrecision, PRECISION_NAMES } from './time';

export interface PlainTextEdit {
  readonly range: Range;
  readonly newText: string;
}

/** A change the editor makes itself instead of (or as well as) the text edits. */
export type EditorAction =
  /** Switch the whole document's end of line to LF (the edits do it where edits of `\r` apply). */
  | { readonly action: 'end-of-line-lf' }
  /** Set the write precision (the active connection's, or the precision setting) to this one; no edits. */
  | { readonly action: 'set-precision'; readonly precision: Precision };

export interface Fix {
  readonly title: string;
  readonly edits: readonly PlainTextEdit[];
  readonly action?: EditorAction;
  /** A "fix all": how many problems it fixes (a quote fix takes two edits for one problem). */
  readonly fixes?: number;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/**
 * The literal `text` (a field value of type `from`) rewritten as type `to`, when that keeps its
 * value exactly; undefined otherwise.
 */
export function convertValue(text: string, from: FieldType, to: FieldType): string | undefined {
  let digits: string | undefined;
  if (from === 'integer' || from === 'uinteger') digits = text.slice(0, -1);
  else if (from === 'float') {
    const m = /^(-?\d+)(?:\.0*)?$/.exec(text);
    if (m) digits = m[1];
  }
  if (to === 'string') return from === 'string' ? undefined : `"${text}"`;
  if (digits === undefined) return undefined;
  const n = BigInt(digits);
  switch (to) {
    case 'float':
      return `${digits}.0`;
    case 'integer':
      return n >= I64_MIN && n <= I64_MAX ? `${n}i` : undefined;
    case 'uinteger':
      return n >= 0n && n <= U64_MAX ? `${n}u` : undefined;
    default:
      return undefined;
  }
}

/** The fixes of one diagnostic, best first; none when it has none (or they no longer apply). */
export function fixesOf(analysis: DocumentAnalysis, range: Range, payload: FixPayload): Fix[] {
  if (payload.fix === 'crlf') {
    // One document has one end of line in VS Code: the fix is the whole file's, as is its edit.
    const all = fixAll(analysis, 'crlf');
    return all === undefined ? [] : [{ ...all, title: CRLF_TITLE }];
  }
  if (payload.fix !== 'escape') {
    const fix = fixOf(analysis, range, payload);
    return fix === undefined ? [] : [fix];
  }
  const out: Fix[] = [];
  const quote = quoteFix(analysis, range, payload.line);
  if (quote !== undefined) out.push(quote);
  const escape = fixOf(analysis, range, payload);
  if (escape !== undefined) out.push(escape);
  return out;
}

/** The fix a "fix all" applies for one diagnostic: the first of `fixesOf` (for a parse error, quoting a bare word before escaping). */
function bestFix(analysis: DocumentAnalysis, range: Range, payload: FixPayload): Fix | undefined {
  if (payload.fix !== 'escape') return fixOf(analysis, range, payload);
  return quoteFix(analysis, range, payload.line) ?? fixOf(analysis, range, payload);
}

const CRLF_TITLE = 'Convert the line endings of the file from CRLF to LF';

const CHAR_NAMES: Readonly<Record<string, string>> = { ' ': 'space', ',': 'comma', '=': 'equals sign' };

/** Up to this many characters of a removed field in the duplicate fix's title. */
const TITLE_FIELD = 40;

/** Up to this many characters either side of an escaped character in the escape fix's title. */
const TITLE_CONTEXT = 12;

/** The first fix of one diagnostic (the escape fix for an escape payload), or undefined. */
export function fixOf(analysis: DocumentAnalysis, range: Range, payload: FixPayload): Fix | undefined {
  switch (payload.fix) {
    case 'set-type': {
      const text = analysis.slice(analysis.offsetAt(range.start), analysis.offsetAt(range.end));
      const next = convertValue(text, payload.from, payload.type);
      if (next === undefined) return undefined;
      return { title: `Write ${text} as ${typeName(payload.type)}: ${next}`, edits: [{ range, newText: next }] };
    }
    case 'crlf':
      return { title: 'Convert the line ending to LF', edits: [{ range, newText: '' }] };
    case 'trailing-whitespace':
      return { title: 'Remove the trailing whitespace', edits: [{ range, newText: '' }] };
    case 'remove-field': {
      // The earlier occurrence goes: 1.x and 2.x keep the last value, so the point stays as stored.
      const removed = analysis.slice(analysis.offsetAt(payload.remove.start), analysis.offsetAt(payload.remove.end)).replace(/^,|,$/g, '');
      const shown = removed.length > TITLE_FIELD ? `${removed.slice(0, TITLE_FIELD)}…` : removed;
      return { title: `Remove the earlier ${shown}, keeping the last value`, edits: [{ range: payload.remove, newText: '' }] };
    }
    case 'escape': {
      // The trial parses run here, when the fix is asked for, not when the line is checked.
      const lineStart = analysis.offsetAt(payload.line.start);
      const line = analysis.slice(lineStart, analysis.offsetAt(payload.line.end));
      const p = escapeOffset(line, analysis.offsetAt(range.start) - lineStart, parseOptionsOf(analysis.settings));
      if (p === undefined) return undefined;
      const at = analysis.positionAt(lineStart + p);
      const c = line[p];
      const before = line.slice(Math.max(0, p - TITLE_CONTEXT), p);
      const after = line.slice(p + 1, p + 1 + TITLE_CONTEXT);
      const title = `Escape the ${CHAR_NAMES[c] ?? `'${c}'`} with a backslash: ${before}\\${c}${after}`;
      return { title, edits: [{ range: { start: at, end: at }, newText: '\\' }] };
    }
  }
}

/**
 * Quote as strings the bare words written where field values belong (`temperature=warm`), when
 * that makes the line parse: a word other than a boolean is no value at all.
 */
function quoteFix(analysis: DocumentAnalysis, range: Range, lineRange: Range): Fix | undefined {
  const lineStart = analysis.offsetAt(lineRange.start);
  const line = analysis.slice(lineStart, analysis.offsetAt(lineRange.end));
  const words = bareWordValues(line, analysis.offsetAt(range.start) - lineStart, parseOptionsOf(analysis.settings));
  if (words.length === 0) return undefined;
  const edits: PlainTextEdit[] = [];
  for (const w of words) {
    edits.push({ range: { start: analysis.positionAt(lineStart + w.start), end: analysis.positionAt(lineStart + w.start) }, newText: '"' });
    edits.push({ range: { start: analysis.positionAt(lineStart + w.end), end: analysis.positionAt(lineStart + w.end) }, newText: '"' });
  }
  const shown = words.map((w) => `"${line.slice(w.start, w.end)}"`);
  const title = words.length === 1 ? `Write ${line.slice(words[0].start, words[0].end)} as a string: ${shown[0]}` : `Write ${shown.join(', ')} as strings`;
  return { title, edits };
}

/** How `raw` at precision `from` reads at precision `to`, when that is exact. */
function convertTimestamp(raw: bigint, from: Precision, to: Precision): bigint | undefined {
  const ns = raw * NANOS_PER[from];
  return ns % NANOS_PER[to] === 0n ? ns / NANOS_PER[to] : undefined;
}

/**
 * The fixes of a timestamp that looks like another precision (`range` is the timestamp): set the
 * write precision to the one it looks like (`where` names that choice: a connection or the
 * setting), or rewrite this timestamp in the current precision when that is exact.
 */
export function timestampFixes(analysis: DocumentAnalysis, range: Range, where: string): Fix[] {
  const text = analysis.slice(analysis.offsetAt(range.start), analysis.offsetAt(range.end));
  if (!/^-?\d+$/.test(text)) return [];
  const raw = BigInt(text);
  const current = analysis.settings.precision;
  const guess = guessPrecision(raw, current, analysis.nowNs);
  if (guess === undefined) return [];
  const out: Fix[] = [{ title: `Set the write precision to ${guess} (${PRECISION_NAMES[guess]}) in ${where}`, edits: [], action: { action: 'set-precision', precision: guess } }];
  const rewritten = convertTimestamp(raw, guess, current);
  if (rewritten !== undefined) out.push({ title: `Write the timestamp in ${PRECISION_NAMES[current]}: ${rewritten}`, edits: [{ range, newText: rewritten.toString() }] });
  return out;
}

const FIX_ALL_TITLES: Readonly<Partial<Record<DiagnosticCode, string>>> = {
  crlf: 'Convert every CRLF line ending to LF',
  'trailing-whitespace': 'Remove trailing whitespace on every rejected line',
  'duplicate-field': 'Remove every duplicate field',
  'field-type-conflict': 'Make every conflicting field value use the first type written',
  'stored-field-type': 'Write every conflicting field value with the type stored in the bucket',
};

/** One fix for every diagnostic of `code` that has a fix (skipping overlapping edits). */
export function fixAll(analysis: DocumentAnalysis, code: DiagnosticCode): Fix | undefined {
  const edits: PlainTextEdit[] = [];
  let fixes = 0;
  let lastEnd: Range['end'] | undefined;
  for (const d of analysis.diagnosticsWithCode(code)) {
    if (d.fix === undefined) continue;
    const f = bestFix(analysis, d.range, d.fix);
    if (f === undefined) continue;
    // A fix whose edits overlap one taken already is left for the next round: all of it, or none.
    if (lastEnd !== undefined && f.edits.some((e) => !atOrBefore(lastEnd as Range['end'], e.range.start))) continue;
    for (const e of f.edits) {
      edits.push(e);
      if (lastEnd === undefined || atOrBefore(lastEnd, e.range.end)) lastEnd = e.range.end;
    }
    fixes++;
  }
  if (edits.length === 0) return undefined;
  const action: EditorAction | undefined = code === 'crlf' ? { action: 'end-of-line-lf' } : undefined;
  return { title: `${fixAllTitle(code)} (${fixes})`, edits, fixes, ...(action ? { action } : {}) };
}

/** The title of the "fix all" of a code, without the count of edits. */
export function fixAllTitle(code: DiagnosticCode): string {
  // The other codes with fixes are parse errors, fixed by quoting a bare word or escaping a character.
  return FIX_ALL_TITLES[code] ?? `Quote or escape on every line with this parse error (${code})`;
}

/** Whether a payload's fix is worked out only when asked for (so that a "fix all" of its code costs a trial per diagnostic). */
export function isTried(payload: FixPayload): boolean {
  return payload.fix === 'escape';
}
