/**
 * The server's line splitter (line-protocol.md §1.1) and leading trim (§1.2).
 *
 * `split_lines` in the Rust parser is a port of Go's `scanLine`: only '\n' splits, and not when it
 * sits inside a quoted field string (as far as the splitter's cheap quote tracking can tell) or
 * right after a backslash. `trim_leading` then drops spaces, tabs, newlines and whole comment
 * lines; what is left empty produces no result and no line number.
 *
 * Everything here is a plain loop over `charCodeAt`: a 1 GB file is streamed through it.
 */
import type { DataLine, StreamingSplitter } from './api';

const LF = 10;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const EQUALS = 61;
const BACKSLASH = 92;

/**
 * The splitter's state between two characters. It only carries across calls while scanning a
 * line that is not finished yet (streaming); a split resets it.
 */
export class SplitState {
  quoted = false;
  fields = false;
  equals = 0;
  commas = 0;
  inEscape = false;
  /** '\n' characters seen inside the current (unfinished) line. */
  newlines = 0;

  reset(): void {
    this.quoted = false;
    this.fields = false;
    this.equals = 0;
    this.commas = 0;
    this.inEscape = false;
    this.newlines = 0;
  }
}

/**
 * Scans `text[from, to)` for the '\n' that ends the current line, continuing from `state`.
 * Returns the index of that '\n' (state reset, `state.newlines` = newlines inside the line), or
 * -1 when the line continues past `to` (state kept for the next piece).
 */
export function findLineEnd(text: string, from: number, to: number, state: SplitState): number {
  let quoted = state.quoted;
  let fields = state.fields;
  let equals = state.equals;
  let commas = state.commas;
  let newlines = state.newlines;
  let p = from;
  if (state.inEscape && p < to) {
    // The character after a backslash is never special (it may be a '\n').
    if (text.charCodeAt(p) === LF) newlines++;
    p++;
    state.inEscape = false;
  }
  for (; p < to; p++) {
    const c = text.charCodeAt(p);
    // Everything above '\\' (letters, digits are below but also plain) is an ordinary character.
    if (c > BACKSLASH) continue;
    if (c === BACKSLASH) {
      p++;
      if (p >= to) {
        state.inEscape = true;
        break;
      }
      if (text.charCodeAt(p) === LF) newlines++;
      continue;
    }
    if (c === SPACE) {
      fields = true;
      continue;
    }
    if (fields) {
      if (c === EQUALS) {
        if (!quoted) equals++;
        continue;
      }
      if (c === COMMA) {
        if (!quoted) commas++;
        continue;
      }
      if (c === QUOTE) {
        if (equals > commas) quoted = !quoted;
        continue;
      }
    }
    if (c === LF) {
      if (!quoted) {
        state.quoted = false;
        state.fields = false;
        state.equals = 0;
        state.commas = 0;
        state.inEscape = false;
        state.newlines = newlines;
        return p;
      }
      newlines++;
    }
  }
  state.quoted = quoted;
  state.fields = fields;
  state.equals = equals;
  state.commas = commas;
  state.newlines = newlines;
  return -1;
}

/** Result of `trimLeading`: where the data starts and how many '\n' were skipped before it. */
export interface Trimmed {
  start: number;
  newlines: number;
}

/**
 * `trim_leading` over one split line `text[from, to)`: skips spaces, tabs, '\n' and comment
 * lines (a '#' up to the next '\n' inside the split line; a comment's quote tracking can swallow a
 * '\n' and the text after it is then data). Sets `out.start` to `to` when the line is skipped.
 */
export function trimLeading(text: string, from: number, to: number, out: Trimmed): void {
  let p = from;
  let newlines = 0;
  for (;;) {
    while (p < to) {
      const c = text.charCodeAt(p);
      if (c === SPACE || c === TAB) p++;
      else if (c === LF) {
        newlines++;
        p++;
      } else break;
    }
    if (p < to && text.charCodeAt(p) === HASH) {
      const nl = text.indexOf('\n', p);
      p = nl < 0 || nl > to ? to : nl;
      continue;
    }
    break;
  }
  out.start = p;
  out.newlines = newlines;
}

/** Splits a whole text into data lines exactly like the server. */
export function splitDataLines(text: string): DataLine[] {
  const lines: DataLine[] = [];
  const splitter = createSplitter((line) => lines.push(line));
  splitter.push(text);
  splitter.end();
  return lines;
}

/**
 * A streaming splitter: memory is bounded by the longest line (only the unfinished line is kept
 * between chunks).
 */
export function createSplitter(onLine: (line: DataLine) => void): StreamingSplitter {
  const state = new SplitState();
  const trimmed: Trimmed = { start: 0, newlines: 0 };
  /** The unfinished line carried from previous chunks. */
  let carry = '';
  /** 1-based physical line where the current split line begins. */
  let physical = 1;
  let dataLine = 0;
  let ended = false;

  const emit = (line: string, lineNewlines: number): void => {
    trimLeading(line, 0, line.length, trimmed);
    if (trimmed.start < line.length) {
      dataLine++;
      onLine({
        text: trimmed.start === 0 ? line : line.slice(trimmed.start),
        dataLine,
        physicalLine: physical + trimmed.newlines,
      });
    }
    physical += lineNewlines + 1;
  };

  return {
    push(chunk: string): void {
      if (ended) throw new Error('createSplitter: push() called after end(); create a new splitter for new input.');
      let from = 0;
      const n = chunk.length;
      while (from < n) {
        const scanFrom = from;
        const end = findLineEnd(chunk, scanFrom, n, state);
        if (end < 0) {
          carry += chunk.slice(from);
          return;
        }
        const newlines = state.newlines;
        state.newlines = 0;
        const piece = chunk.slice(from, end);
        const line = carry.length > 0 ? carry + piece : piece;
        carry = '';
        emit(line, newlines);
        from = end + 1;
      }
    },
    end(): void {
      if (ended) return;
      ended = true;
      const newlines = state.newlines;
      state.reset();
      if (carry.length > 0) emit(carry, newlines);
      carry = '';
    },
  };
}
