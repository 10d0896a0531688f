/**
 * InfluxDB OSS 2.x and 1.x answers: `unable to parse '<line>': <reason>` per failed line (joined
 * by `\n`, no line numbers), and storage rejections that name only the first reason:
 * `partial write: field type conflict: input field "f" on measurement "m" is type integer,
 * already exists as type float dropped=3`, `partial write: points beyond retention policy dropped=1`.
 */

export interface TextError {
  /** 0-based index of the line within the batch. */
  readonly index: number;
  readonly message: string;
}

/** An `unable to parse` entry whose quoted text is none of the lines sent. */
export interface UnmatchedEntry {
  /** The entry's text after `unable to parse '` (the quoted line, `': ` and the reason). */
  readonly text: string;
  /** The reason, taken after the entry's last `': ` (the quoted text's end is not known). */
  readonly message: string;
}

const UNABLE = "unable to parse '";

/**
 * The text the server quotes for a line: 1.x/2.x `models.ParsePoints` drops one trailing `\n` of
 * the block it scanned. A data line whose string value never closes runs on to the end of the
 * body (line-protocol.md §1.1), so its text ends with the body's final line break; the quote
 * still spans every physical line in between.
 */
export function quotedForm(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** The reason of an entry: up to the next entry, without the ` dropped=N` the handler appends. */
function entryReason(message: string, from: number, to: number): string {
  return message
    .slice(from, to)
    .replace(/\s+dropped=\d+\s*$/, '')
    .trim();
}

/**
 * Finds each quoted line among the batch's texts. A quoted line may itself contain `': ` or
 * line breaks (a string value spanning lines, or one that never closes and quotes the rest of
 * the body), so each candidate end is tried until the text is one of the batch's lines.
 * Identical lines are matched one entry each, in order.
 */
export function parseUnableToParse(message: string, texts: readonly string[]): { errors: TextError[]; unmatched: UnmatchedEntry[] } {
  const byText = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const key = quotedForm(texts[i]);
    const list = byText.get(key);
    if (list) list.push(i);
    else byText.set(key, [i]);
  }
  const starts: number[] = [];
  for (let at = message.indexOf(UNABLE); at >= 0; at = message.indexOf(UNABLE, at + UNABLE.length)) starts.push(at);
  const errors: TextError[] = [];
  const unmatched: UnmatchedEntry[] = [];
  for (let k = 0; k < starts.length; k++) {
    const textStart = starts[k] + UNABLE.length;
    let found = false;
    for (let end = message.indexOf("': ", textStart); end >= 0; end = message.indexOf("': ", end + 1)) {
      // The quoted text may contain what looks like further entries (a string spanning lines).
      const candidates = byText.get(message.slice(textStart, end));
      if (!candidates || candidates.length === 0) continue;
      const index = candidates.shift() as number;
      // The reason ends where the next real entry starts (after the line's own text).
      let next = message.indexOf(`\n${UNABLE}`, end);
      if (next < 0) next = message.length;
      errors.push({ index, message: entryReason(message, end + 3, next) });
      found = true;
      // Skip entry starts that were inside this line's text.
      while (k + 1 < starts.length && starts[k + 1] < next) k++;
      break;
    }
    if (!found) {
      const entryEnd = k + 1 < starts.length ? starts[k + 1] : message.length;
      const entry = message.slice(textStart, entryEnd).replace(/\n$/, '');
      const last = entry.lastIndexOf("': ");
      unmatched.push({ text: entry, message: last < 0 ? entryReason(entry, 0, entry.length) : entryReason(entry, last + 3, entry.length) });
    }
  }
  return { errors, unmatched };
}

export interface FieldTypeConflict {
  readonly field: string;
  readonly measurement: string;
  /** Models type names: float, integer, unsigned, string, boolean. */
  readonly attempted: string;
  readonly existing: string;
}

/** Go `%q`: JSON-compatible except `\x..`, `\a`, `\v`; those are decoded by hand. */
function unquoteGo(quoted: string): string {
  try {
    return JSON.parse(`"${quoted.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')}"`) as string;
  } catch {
    return quoted;
  }
}

const FIELD_CONFLICT = /field type conflict: input field "((?:[^"\\]|\\.)*)" on measurement "((?:[^"\\]|\\.)*)" is type (\w+), already exists as type (\w+)/;

export function parseFieldTypeConflict(message: string): FieldTypeConflict | undefined {
  const match = FIELD_CONFLICT.exec(message);
  if (!match) return undefined;
  return { field: unquoteGo(match[1]), measurement: unquoteGo(match[2]), attempted: match[3], existing: match[4] };
}

export function isBeyondRetention(message: string): boolean {
  return /points beyond retention policy/.test(message);
}

export function droppedCount(message: string): number | undefined {
  const match = /dropped=(\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

export function isPartialWrite(message: string): boolean {
  return /partial write/.test(message);
}

/**
 * The reason a 1.x/2.x answer gives for what it dropped, without the wrapping: `partial write: `
 * (and 2.x's `failure writing points to database: `) before it, ` dropped=N` after it.
 */
export function firstReason(message: string): string {
  const at = message.lastIndexOf('partial write: ');
  const reason = at >= 0 ? message.slice(at + 'partial write: '.length) : message;
  return reason.replace(/\s+dropped=\d+\s*$/, '').trim();
}

/** `invalid tag key: input tag "time" on measurement "m" is invalid` (1.x storage, series creation). */
export function parseInvalidTagKey(message: string): { tag: string; measurement: string } | undefined {
  const match = /invalid tag key: input tag "((?:[^"\\]|\\.)*)" on measurement "((?:[^"\\]|\\.)*)" is invalid/.exec(message);
  return match ? { tag: unquoteGo(match[1]), measurement: unquoteGo(match[2]) } : undefined;
}
