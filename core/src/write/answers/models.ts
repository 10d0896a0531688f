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

const UNABLE = "unable to parse '";

/**
 * Finds each quoted line among the batch's texts. A quoted line may itself contain `': ` (or a
 * newline inside a string), so each candidate end is tried until the text is one of the batch's
 * lines. Identical lines are matched one entry each, in order.
 */
export function parseUnableToParse(message: string, texts: readonly string[]): { errors: TextError[]; unmatched: number } {
  const byText = new Map<string, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const list = byText.get(texts[i]);
    if (list) list.push(i);
    else byText.set(texts[i], [i]);
  }
  const starts: number[] = [];
  for (let at = message.indexOf(UNABLE); at >= 0; at = message.indexOf(UNABLE, at + UNABLE.length)) starts.push(at);
  const errors: TextError[] = [];
  let unmatched = 0;
  for (let k = 0; k < starts.length; k++) {
    const textStart = starts[k] + UNABLE.length;
    const entryEnd = k + 1 < starts.length ? starts[k + 1] : message.length;
    let found = false;
    for (let end = message.indexOf("': ", textStart); end >= 0; end = message.indexOf("': ", end + 1)) {
      // The quoted text cannot run past the next entry, except when that "entry" is inside this line.
      const candidates = byText.get(message.slice(textStart, end));
      if (!candidates || candidates.length === 0) continue;
      const index = candidates.shift() as number;
      // The reason ends where the next real entry starts (after the line's own text).
      let next = message.indexOf(`\n${UNABLE}`, end);
      if (next < 0) next = message.length;
      const reason = message.slice(end + 3, next).replace(/\s+dropped=\d+\s*$/, '').trim();
      errors.push({ index, message: reason });
      found = true;
      // Skip entry starts that were inside this line's text.
      while (k + 1 < starts.length && starts[k + 1] < next) k++;
      break;
    }
    if (!found && entryEnd > textStart) unmatched++;
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
