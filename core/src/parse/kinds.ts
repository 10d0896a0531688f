/**
 * Error kinds as small integers, so a line's outcome fits in one byte of the line table.
 * Code 0 means the line parsed.
 */
import type { FieldType, ParseErrorKind } from '../model';

export const OK = 0;

/** Index = code. Keep the order stable: codes are stored in tables. */
export const KIND_NAMES: readonly (ParseErrorKind | '')[] = [
  '',
  'MeasurementValueInvalid',
  'ExpectedSpace',
  'ExpectedTagKey',
  'ExpectedTagValue',
  'TagSetMalformedWithContext',
  'FieldSetMissing',
  'IntegerValueInvalid',
  'UIntegerValueInvalid',
  'FloatValueInvalid',
  'TimestampValueInvalid',
  'EndsWithBackslash',
  'CannotParseEntireLine',
  'FieldStringValueTooLarge',
  'MissingMeasurement',
  'MissingTagKey',
  'MissingTagValue',
  'InvalidTagFormat',
  'DuplicateTags',
  'MissingFields',
  'MissingFieldKey',
  'MissingFieldValue',
  'InvalidFieldFormat',
  'UnbalancedQuotes',
  'InvalidNumber',
  'InvalidBoolean',
  'InvalidFloat',
  'BadTimestamp',
  'TimeOutsideRange',
  'MaxKeyLengthExceeded',
  'ReservedTagKey',
  // models errors reported under an existing kind, with the models wording:
  'InvalidFieldFormat', // invalid value: field-key=…
  'IntegerValueInvalid', // unable to parse integer …: strconv.ParseInt: …
  'CannotParseEntireLine', // point is invalid
  'TimestampValueInvalid', // strconv.ParseInt: parsing "…": …
  'UIntegerValueInvalid', // unable to parse unsigned …: strconv.ParseUint: …
];

export const E_MEASUREMENT_INVALID = 1;
export const E_EXPECTED_SPACE = 2;
export const E_EXPECTED_TAG_KEY = 3;
export const E_EXPECTED_TAG_VALUE = 4;
export const E_TAG_SET_MALFORMED = 5;
export const E_FIELD_SET_MISSING = 6;
export const E_INTEGER_INVALID = 7;
export const E_UINTEGER_INVALID = 8;
export const E_FLOAT_INVALID = 9;
export const E_TIMESTAMP_INVALID = 10;
export const E_ENDS_WITH_BACKSLASH = 11;
export const E_TRAILING = 12;
export const E_STRING_TOO_LARGE = 13;
export const E_MISSING_MEASUREMENT = 14;
export const E_MISSING_TAG_KEY = 15;
export const E_MISSING_TAG_VALUE = 16;
export const E_INVALID_TAG_FORMAT = 17;
export const E_DUPLICATE_TAGS = 18;
export const E_MISSING_FIELDS = 19;
export const E_MISSING_FIELD_KEY = 20;
export const E_MISSING_FIELD_VALUE = 21;
export const E_INVALID_FIELD_FORMAT = 22;
export const E_UNBALANCED_QUOTES = 23;
export const E_INVALID_NUMBER = 24;
export const E_INVALID_BOOLEAN = 25;
export const E_INVALID_FLOAT = 26;
export const E_BAD_TIMESTAMP = 27;
export const E_TIME_OUTSIDE_RANGE = 28;
export const E_MAX_KEY_LENGTH = 29;
export const E_RESERVED_TAG_KEY = 30;
export const E_MODELS_FIELD_KEY_VALUE = 31;
export const E_MODELS_INTEGER_RANGE = 32;
export const E_MODELS_POINT_INVALID = 33;
export const E_MODELS_TIMESTAMP_PARSE = 34;
export const E_MODELS_UINTEGER_RANGE = 35;

/** Field type codes stored per field. */
export const T_FLOAT = 1;
export const T_INTEGER = 2;
export const T_UINTEGER = 3;
export const T_STRING = 4;
export const T_BOOLEAN = 5;

export const TYPE_NAMES: readonly FieldType[] = ['float', 'float', 'integer', 'uinteger', 'string', 'boolean'];
