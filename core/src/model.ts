/**
 * The public vocabulary of the line-protocol core: targets, decoded points, errors.
 *
 * Everything here is plain data. The core never imports an editor, an LSP package or Node's I/O,
 * so the language server, the extension client and the command line all bundle the same code.
 */

/**
 * Which family of InfluxDB parser the text is checked against.
 * - `v3`: the InfluxDB 3 / IOx Rust parser (Cloud Serverless, Dedicated, Clustered, InfluxDB 3 Core/Enterprise).
 * - `v2`: InfluxDB OSS 2.x `models` parser.
 * - `v1`: InfluxDB 1.x `models` parser (default build: no unsigned integers).
 */
export type ParserTarget = 'v3' | 'v2' | 'v1';

export type FieldType = 'float' | 'integer' | 'uinteger' | 'string' | 'boolean';

/** What a column holds in a table: a field type, or `tag` (InfluxDB 3 keeps tags and fields in one namespace). */
export type ColumnKind = 'tag' | FieldType;

/** A half-open span of UTF-16 offsets into the parsed text: `[start, end)`. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A decoded (unescaped) name with the span of its source text. */
export interface Token<T = string> extends Span {
  readonly value: T;
}

export interface Tag {
  readonly key: Token;
  readonly value: Token;
}

/**
 * A field value, exact: 64-bit integers are `bigint` (never a JS number), floats are the
 * IEEE-754 double the server would store (`1e400` is `Infinity` on v3, `-0` stays `-0`).
 */
export type FieldValue =
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'integer'; readonly value: bigint }
  | { readonly type: 'uinteger'; readonly value: bigint }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'boolean'; readonly value: boolean };

export interface Field {
  readonly key: Token;
  /** Span of the value's source text, including quotes and any `i`/`u` suffix. */
  readonly valueSpan: Span;
  readonly value: FieldValue;
}

/** One parsed point, in input order: tags and fields keep duplicates and their order. */
export interface Point {
  readonly measurement: Token;
  readonly tags: readonly Tag[];
  readonly fields: readonly Field[];
  /** The raw timestamp integer (no precision applied), or undefined when the line has none. */
  readonly timestamp: Token<bigint> | undefined;
}

/**
 * Error kinds. The first group are the InfluxDB 3 server parser's kinds (line-protocol.md §9.1)
 * and keep those exact names; the second group only arise under the `v1`/`v2` targets, whose
 * `models` parser rejects things the Rust parser accepts (line-protocol.md §11, §12).
 */
export type ParseErrorKind =
  | 'MeasurementValueInvalid'
  | 'ExpectedSpace'
  | 'ExpectedTagKey'
  | 'ExpectedTagValue'
  | 'TagSetMalformedWithContext'
  | 'FieldSetMissing'
  | 'IntegerValueInvalid'
  | 'UIntegerValueInvalid'
  | 'FloatValueInvalid'
  | 'TimestampValueInvalid'
  | 'EndsWithBackslash'
  | 'CannotParseEntireLine'
  | 'FieldStringValueTooLarge'
  // v1/v2 (`models`) only:
  | 'MissingMeasurement'
  | 'MissingTagKey'
  | 'MissingTagValue'
  | 'InvalidTagFormat'
  | 'DuplicateTags'
  | 'MissingFields'
  | 'MissingFieldKey'
  | 'MissingFieldValue'
  | 'InvalidFieldFormat'
  | 'UnbalancedQuotes'
  | 'InvalidNumber'
  | 'InvalidBoolean'
  | 'InvalidFloat'
  | 'BadTimestamp'
  | 'TimeOutsideRange'
  | 'MaxKeyLengthExceeded'
  | 'ReservedTagKey';

export interface LineError {
  readonly kind: ParseErrorKind;
  /** The exact text the target's server would report for this line (for v3: §9.1 current wording). */
  readonly message: string;
  /** Offset into the parsed text where the problem arises (the token the server stopped at). */
  readonly offset: number;
  /** Where the offending token ends (>= offset); equals `offset` when there is no token (end of input). */
  readonly end: number;
}

export type LineResult =
  | { readonly ok: true; readonly point: Point }
  | { readonly ok: false; readonly error: LineError };

/** A zero-based line / UTF-16 column position, as editors and LSP count them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}
