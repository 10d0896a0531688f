/**
 * Quick fixes as plain text edits: each diagnostic that carries a fix payload becomes one edit,
 * and "fix all" collects the edits of every diagnostic of the same code in the document.
 */
import type { FieldType } from '../model';
import { atOrBefore, parseOptionsOf, type DocumentAnalysis, type FixPayload, type Range } from './analysis';
import { escapeOffset } from './hints';
import { typeName } from './schema';

export interface PlainTextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly PlainTextEdit[];
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

/** The fix of one diagnostic, or undefined when it has none (or it no longer applies). */
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
      // The field and the comma before it (a duplicate is never the first field).
      const start = { line: range.start.line, character: range.start.character - 1 };
      return { title: 'Remove the duplicate field', edits: [{ range: { start, end: range.end }, newText: '' }] };
    }
    case 'escape': {
      // The trial parses run here, when the fix is asked for, not when the line is checked.
      const lineStart = analysis.offsetAt(payload.line.start);
      const line = analysis.slice(lineStart, analysis.offsetAt(payload.line.end));
      const p = escapeOffset(line, analysis.offsetAt(range.start) - lineStart, parseOptionsOf(analysis.settings));
      if (p === undefined) return undefined;
      const at = analysis.positionAt(lineStart + p);
      return { title: 'Escape the character with a backslash', edits: [{ range: { start: at, end: at }, newText: '\\' }] };
    }
  }
}

const FIX_ALL_TITLES: Readonly<Record<string, string>> = {
  crlf: 'Convert every CRLF line ending to LF',
  'trailing-whitespace': 'Remove trailing whitespace on every rejected line',
  'duplicate-field': 'Remove every duplicate field',
  'field-type-conflict': 'Make every conflicting field value use the first type written',
};

/** One fix for every diagnostic of `code` that has a fix (skipping overlapping edits). */
export function fixAll(analysis: DocumentAnalysis, code: string): Fix | undefined {
  const edits: PlainTextEdit[] = [];
  let lastEnd: Range['end'] | undefined;
  for (const d of analysis.diagnosticsWithCode(code)) {
    if (d.fix === undefined) continue;
    const f = fixOf(analysis, d.range, d.fix);
    if (f === undefined) continue;
    for (const e of f.edits) {
      if (lastEnd !== undefined && !atOrBefore(lastEnd, e.range.start)) continue;
      edits.push(e);
      lastEnd = e.range.end;
    }
  }
  if (edits.length === 0) return undefined;
  return { title: `${fixAllTitle(code)} (${edits.length})`, edits };
}

/** The title of the "fix all" of a code, without the count of edits. */
export function fixAllTitle(code: string): string {
  return FIX_ALL_TITLES[code] ?? `Fix every '${code}' problem in the file`;
}

/** Whether a payload's fix is worked out only when asked for (so that a "fix all" of its code costs a trial per diagnostic). */
export function isTried(payload: FixPayload): boolean {
  return payload.fix === 'escape';
}
