/**
 * The contract of the parser and splitter, written down before their implementation so that the
 * language server, the write pipeline and the command line can be built against it in parallel.
 * Implementations live in `split.ts` (splitter) and `parse/` (parser); `index.ts` re-exports both.
 */
import type { FieldType, LineResult, ParserTarget, Position } from './model';

export interface ParseOptions {
  /** Default `v3`. */
  readonly target?: ParserTarget;
  /**
   * Largest unescaped name or string value, in UTF-8 bytes (v3 only): 65536 for Cloud
   * (`String is greater than 64KB`), 1048576 for InfluxDB 3 Core/Enterprise (`…1MB`). Default 65536.
   */
  readonly stringLimit?: number;
}

/**
 * The columnar result of parsing a region of text that starts at a data-line boundary.
 * It keeps no reference to the text (so a chunk survives edits elsewhere in a document):
 * every accessor that needs characters takes the current text and the region's `base` offset,
 * and every offset it returns is absolute (`base` + the stored relative offset).
 * Retained size must stay below the size of the text it describes.
 */
export interface LineTable {
  readonly target: ParserTarget;
  /** Data lines (non-skipped lines) in the region. */
  readonly count: number;
  /** Length of the region in UTF-16 code units. */
  readonly length: number;
  /** Number of '\n' characters in the region (every physical line break, skipped lines included). */
  readonly newlines: number;
  /**
   * True when the region is empty or its last character is a '\n' that split a line, so the next
   * region starts at a data-line boundary. False when text appended to the region would continue
   * its last line (no final '\n', or the final '\n' sits inside a quoted string or after a backslash).
   */
  readonly endsAtBoundary: boolean;
  /** Relative offset where data line `i` begins (after the skipped leading whitespace/comment). */
  start(i: number): number;
  /** Relative offset where data line `i` ends (at its splitting '\n', or the region end). */
  end(i: number): number;
  /** 0-based physical line, relative to the region's first line, where data line `i` begins. */
  physicalLine(i: number): number;
  ok(i: number): boolean;
  /** The decoded point or the error, with absolute offsets. */
  result(i: number, text: string, base: number): LineResult;

  // Cheap accessors for analysis over every line without materialising whole points.
  // They are only meaningful for lines where ok(i) is true.
  measurement(i: number, text: string, base: number): string;
  tagCount(i: number): number;
  tagKey(i: number, j: number, text: string, base: number): string;
  tagValue(i: number, j: number, text: string, base: number): string;
  fieldCount(i: number): number;
  fieldKey(i: number, j: number, text: string, base: number): string;
  fieldType(i: number, j: number): FieldType;
  /** Raw timestamp (no precision applied), undefined when absent. */
  timestamp(i: number, text: string, base: number): bigint | undefined;
  // Relative offsets of names as written (escapes included), so that a caller can compare a name
  // with one it has seen before without decoding it into a new string.
  /** Relative end of the measurement (it starts at `start(i)`). */
  measurementEnd(i: number): number;
  /** Relative start and end of tag j's key. */
  tagKeyStart(i: number, j: number): number;
  tagKeyEnd(i: number, j: number): number;
  /** Relative start and end of field j's key. */
  fieldKeyStart(i: number, j: number): number;
  fieldKeyEnd(i: number, j: number): number;
}

/** A whole text parsed at once: the convenient form for the command line and tests. */
export interface ParsedDocument {
  readonly text: string;
  readonly table: LineTable;
  /** Data lines; data line `i` (0-based) is the one servers call line `i + 1`. */
  readonly count: number;
  result(i: number): LineResult;
  /** 0-based physical line where data line `i` begins. */
  physicalLine(i: number): number;
  /** Converts an offset into the text to a 0-based line / UTF-16 character position. */
  positionAt(offset: number): Position;
}

/** One data line, as cut by the server's splitter. */
export interface DataLine {
  /** The line's text after the skipped leading whitespace, without the splitting '\n' (a trailing '\r' is kept). */
  readonly text: string;
  /** 1-based number among data lines: the number InfluxDB 3 and Cloud report. */
  readonly dataLine: number;
  /** 1-based physical line where the data line begins. */
  readonly physicalLine: number;
}

/**
 * Splits text that arrives in pieces (a file streamed from disk) into data lines exactly like the
 * server, calling `onLine` for each in order. Memory stays bounded by the longest data line.
 */
export interface StreamingSplitter {
  push(chunk: string): void;
  /** Flushes the last line (one without a final '\n'). */
  end(): void;
}

/*
 * Functions exported by `index.ts`:
 *
 *   parseLineProtocol(text: string, options?: ParseOptions): ParsedDocument
 *   parseRegion(text: string, from: number, to: number, options?: ParseOptions): LineTable
 *       `from` must be a data-line boundary (0, or just after a '\n' that split a line).
 *   splitDataLines(text: string): DataLine[]
 *   createSplitter(onLine: (line: DataLine) => void): StreamingSplitter
 *   class LineIndex { constructor(text: string); positionAt(offset: number): Position; offsetAt(pos: Position): number }
 *   Serialisation (inverse of parsing, used by quick fixes and property tests):
 *   escapeMeasurement(s), escapeTagKey(s), escapeTagValue(s), escapeFieldKey(s),
 *   formatFieldValue(v: FieldValue): string, formatPoint(p: PointInput): string
 */
