/**
 * Which measurements a document uses: the first token of each data line, unescaped as the server
 * of the product does. The stored schema is read for these only (issue 12: fetch only what the open
 * documents need). Pure and cheap: no parse, one scan of each line's first token.
 */
import type { ParserTarget } from '../../core/src/model';
import { decodeName, NameKind } from '../../core/src/parse/decode';
import { createSplitter } from '../../core/src/split';

const TAB = 9;
const SPACE = 32;
const HASH = 35;
const COMMA = 44;
const BACKSLASH = 92;

/**
 * The measurement of the data line `line` (leading whitespace already skipped), or undefined for
 * a line with no name. It ends at an unescaped comma or space (and tab on InfluxDB 3, whose
 * scanner stops there too); a backslash always takes the next character with it.
 */
export function measurementOfLine(line: string, parser: ParserTarget): string | undefined {
  let end = 0;
  while (end < line.length) {
    const c = line.charCodeAt(end);
    if (c === BACKSLASH) {
      end += 2;
      continue;
    }
    if (c === COMMA || c === SPACE || (c === TAB && parser === 'v3')) break;
    end++;
  }
  end = Math.min(end, line.length);
  if (end === 0) return undefined;
  const name = decodeName(line, 0, end, NameKind.Measurement, parser);
  return name === '' ? undefined : name;
}

/** The measurements of a whole text, its data lines split exactly as the server splits them. */
export function measurementsOfText(text: string, parser: ParserTarget): Set<string> {
  const names = new Set<string>();
  const splitter = createSplitter((line) => {
    const name = measurementOfLine(line.text, parser);
    if (name !== undefined) names.add(name);
  });
  splitter.push(text);
  splitter.end();
  return names;
}

/**
 * The measurements of some physical lines (those an edit touched), each taken alone: blank and
 * comment lines give none. A line inside a multi-line string field may give a name no point
 * uses; asking the server for it costs nothing (it is simply not stored).
 */
export function measurementsOfLines(lines: Iterable<string>, parser: ParserTarget): Set<string> {
  const names = new Set<string>();
  for (const raw of lines) {
    let start = 0;
    while (start < raw.length && (raw.charCodeAt(start) === SPACE || raw.charCodeAt(start) === TAB)) start++;
    if (start >= raw.length || raw.charCodeAt(start) === HASH) continue;
    const name = measurementOfLine(start === 0 ? raw : raw.slice(start), parser);
    if (name !== undefined) names.add(name);
  }
  return names;
}
