/**
 * The wording of every diagnostic the checks report, in one place: what is wrong, what the target
 * does about it, and what to do. Each function takes the facts and returns the sentence; the checks
 * decide when a message applies. `{first}` stands for where a related fact was set ("line 3"),
 * filled in when the diagnostic is published (see publish.ts). Parse errors keep the server's own
 * message, with a hint from parseErrorHints.ts; the file's bytes are worded in encoding.ts.
 */
import type { FieldType } from '../model';
import type { Precision } from '../products';
import { familyLimitAnswer, type MalformedQualifier } from './families';
import { formatDuration, formatInstant, PRECISION_NAMES } from './time';

/** How messages, hovers and completion name a column kind: `uinteger` reads as 'unsigned integer'. */
export function typeName(kind: string): string {
  return kind === 'uinteger' ? 'unsigned integer' : kind;
}

/** What messages call the write precision choice unless told otherwise: the editor's setting. */
export const DEFAULT_PRECISION_SETTING = 'influxLineProtocol.precision';

const quote = (s: string): string => `'${s}'`;

/** Stands for where a related fact was set, in a message until it is published. */
export const FIRST_PLACEHOLDER = '{first}';

/** Where the related fact was set: its line, or (the fact gone from view) only that it came earlier. */
export function firstWritten(lineNumber: number | undefined): string {
  return lineNumber === undefined ? 'an earlier line' : `line ${lineNumber}`;
}

/** The related information of a conflict: where the column was first written, and as what. */
export function firstWrittenHere(column: string, kind: string): string {
  const what = kind === 'tag' ? 'a tag' : `a field of type ${typeName(kind)}`;
  return `'${column}' first written here, as ${what}`;
}

export function crlfMessage(label: string): string {
  return `CRLF line ending: ${label} does not treat '\\r' as part of the line break, so every line of a CRLF file is rejected. Convert the file to LF line endings.`;
}

export function trailingWhitespaceMessage(label: string): string {
  return `Trailing whitespace after the fields: ${label} rejects it unless a timestamp follows ("Could not parse entire line"). Remove it.`;
}

/** A parse error: the server's own message, and a hint when there is one. */
export function parseErrorMessage(message: string, hint: string | undefined): string {
  return hint ? `${message}. ${hint}` : message;
}

export function tagConflictMessage(key: string, fact: FieldType, measurement: string, label: string): string {
  return `Tag ${quote(key)} has the name of a ${typeName(fact)} field of measurement ${quote(measurement)} (${FIRST_PLACEHOLDER}): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the tag or the field.`;
}

/** A field named as a tag column (`inThisLine`: a tag of the same line). */
export function fieldIsTagMessage(key: string, measurement: string, inThisLine: boolean, label: string): string {
  return `Field ${quote(key)} has the name of a tag of measurement ${quote(measurement)} (${inThisLine ? 'in this line' : FIRST_PLACEHOLDER}): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the field or the tag.`;
}

/** `shardGroupStart`: undefined where the type is set for the whole table. */
export function fieldTypeConflictMessage(key: string, measurement: string, type: FieldType, fact: FieldType, shardGroupStart: bigint | undefined, label: string): string {
  const where =
    shardGroupStart === undefined
      ? `(${FIRST_PLACEHOLDER}, which sets the column type for the table)`
      : `(${FIRST_PLACEHOLDER}, which sets the type for the shard group starting ${formatInstant(shardGroupStart)})`;
  return `Field ${quote(key)} of measurement ${quote(measurement)} is ${typeName(type)} here but ${typeName(fact)} earlier ${where}: ${label} rejects the point. Write the value as ${typeName(fact)}${conversionHint(type, fact)}.`;
}

function conversionHint(from: FieldType, to: FieldType): string {
  if (to === 'integer') return ' (an integer with the i suffix, e.g. 1i)';
  if (to === 'uinteger') return ' (a non-negative integer with the u suffix, e.g. 1u)';
  if (to === 'float') return from === 'integer' || from === 'uinteger' ? ' (drop the i/u suffix, e.g. 1 or 1.0)' : ' (a number without suffix, e.g. 1.0)';
  if (to === 'string') return ' (in double quotes)';
  return ' (true or false)';
}

/** `says`: the server's own words, when known. */
export function duplicateTagMessage(key: string, says: string | undefined, label: string, v3 = false): string {
  // InfluxDB 3 rejects it since 3.9.8 and 3.10.3; before, the point was stored and broke the node's
  // snapshots (docs-v2 content/shared/v3-core-enterprise-release-notes, v3.9.8 "Duplicate tag key
  // rejection"). Its words are the profile's `duplicateTagMessage` (core/src/products.ts).
  const older = v3 ? ' (since 3.9.8 and 3.10.3; an older server stores it and then fails to snapshot the table)' : '';
  return `Tag ${quote(key)} appears more than once: ${label} rejects the point${says === undefined ? '' : ` ("${says}")`}, even when the values are equal${older}. Keep one.`;
}

/** A repeated field the target keeps the last value of. */
export function duplicateFieldKeptMessage(key: string, label: string): string {
  return `Field ${quote(key)} appears more than once: ${label} keeps only the last value. Remove the duplicate.`;
}

/** A repeated field the target rejects whatever its type (InfluxDB 3 Core). */
export function duplicateFieldRejectedMessage(key: string, label: string): string {
  return `Field ${quote(key)} appears more than once: ${label} rejects the line ("multiple instances of '${key}' field found"). Remove the duplicate.`;
}

/** A repeated field of another type; `says`: whether to quote 1.x/2.x's "field type conflict". */
export function duplicateFieldTypesMessage(key: string, first: FieldType, second: FieldType, says: boolean, label: string): string {
  return `Field ${quote(key)} is specified more than once with conflicting types (${typeName(first)} and ${typeName(second)}): ${label} rejects the point${says ? ' ("field type conflict")' : ''}. Remove the duplicate.`;
}

/** `answer`: the server's own words when it has its own (InfluxDB 3's reserved columns). */
export function reservedTagMessage(key: string, label: string, answer?: string): string {
  return `Tag key ${quote(key)} is reserved: ${label} rejects the point (${answer ?? `input tag "${key}" is invalid`}). Rename the tag.`;
}

/** `only`: every field of the point is reserved, so nothing is left to write. */
export function reservedFieldMessage(key: string, only: boolean, label: string, answer?: string): string {
  if (answer !== undefined) return `Field key ${quote(key)} is reserved: ${label} rejects the point (${answer}). Rename the field.`;
  return only
    ? `Field key ${quote(key)} is reserved and it is the only field: ${label} rejects the point (invalid field name). Rename the field.`
    : `Field key ${quote(key)} is reserved: ${label} drops this field and writes the rest of the point. Rename the field.`;
}

/** `names`: the new columns, in the order written; `stored`: how many of the table's columns are already stored, and where. */
export function columnLimitMessage(names: readonly string[], measurement: string, columns: number, limit: number, label: string, stored?: { readonly count: number; readonly where: string }): string {
  const shown = names.slice(0, 3).map(quote).join(', ');
  const listed = names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
  const held = stored === undefined ? '' : `, ${stored.count} of them already stored in ${stored.where}`;
  return `This line adds ${names.length === 1 ? 'column' : 'columns'} ${listed} to table ${quote(measurement)}, which would then have ${columns} columns (time included${held}): ${label} allows ${limit} per table and fails the whole write request, storing none of its lines. Write the other lines without this one, use fewer tags and fields, or split the measurement.`;
}

/** A field whose type differs from the one stored (`shardGroupStart`: 1.x, the shard group that holds it; undefined where the type holds for the whole table). */
export function storedFieldTypeMessage(key: string, measurement: string, type: FieldType, stored: FieldType, where: string, label: string, shardGroupStart?: bigint): string {
  const group = shardGroupStart === undefined ? '' : ` (in the shard group starting ${formatInstant(shardGroupStart)}, the point's)`;
  return `${label} stores ${quote(key)} of ${quote(measurement)} as ${typeName(stored)} in ${where}${group}: this ${typeName(type)} point is rejected. Write the value as ${typeName(stored)}${conversionHint(type, stored)}.`;
}

/** A field named as a stored tag key. */
export function storedTagUsedAsFieldMessage(key: string, measurement: string, where: string, label: string): string {
  return `${label} stores ${quote(key)} of ${quote(measurement)} as a tag in ${where}, and keeps tags and fields in one set of columns: this point, which writes it as a field, is rejected. Rename the field or write it as a tag.`;
}

/** A tag named as a stored field. */
export function storedFieldUsedAsTagMessage(key: string, measurement: string, stored: FieldType, where: string, label: string): string {
  return `${label} stores ${quote(key)} of ${quote(measurement)} as a ${typeName(stored)} field in ${where}, and keeps tags and fields in one set of columns: this point, which writes it as a tag, is rejected. Rename the tag or write it as a field.`;
}

/** 1.x/2.x: a field stored with other types in some shard group (which ones, SHOW FIELD KEYS does not say). */
export function storedOtherShardMessage(key: string, measurement: string, type: FieldType, stored: readonly FieldType[], where: string, label: string): string {
  return `${label} stores ${quote(key)} of ${quote(measurement)} as ${stored.map(typeName).join(' and ')} in some shard group of ${where}. A type holds per shard group: this ${typeName(type)} point is rejected only if its own shard group already holds ${stored.length === 1 ? 'that type' : 'one of those types'}.`;
}

/** A named column family already holds 100 fields (families.ts): the server's own words in the message. */
export function familyLimitMessage(key: string, family: string, measurement: string, label: string): string {
  return `Field ${quote(key)} would be field 101 of column family ${quote(family)} in table ${quote(measurement)}: ${label} rejects the point ("${familyLimitAnswer(family)}"). Put the field in another family (the part before the first ::), or write it without ::.`;
}

/** A field name with `::` that names no family (families.ts): how the server reads it. */
export function familyQualifierMessage(key: string, how: MalformedQualifier, label: string): string {
  const part = how === 'empty-family' ? 'nothing before ::' : 'nothing after ::';
  return `Field ${quote(key)} has ${part}, so it names no column family: ${label} reads the whole name as an unqualified field, stored under that name in an automatic family. Write family::field to choose a family, or a name without :: otherwise.`;
}

/** InfluxDB 3 (influxdb3.ts columnLimitAnswer): the line alone is refused, and time is not counted. */
export function v3ColumnLimitMessage(names: readonly string[], measurement: string, columns: number, label: string, answer: string, stored?: { readonly count: number; readonly where: string }): string {
  const shown = names.slice(0, 3).map(quote).join(', ');
  const listed = names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
  const held = stored === undefined ? '' : `, ${stored.count} of them already stored in ${stored.where}`;
  return `This line adds ${names.length === 1 ? 'column' : 'columns'} ${listed} to table ${quote(measurement)}, which would then have ${columns} tag and field columns (time is not counted${held}): ${label} rejects the point ("${answer}") and stores the other lines. Use fewer tags and fields, or split the measurement.`;
}

/** `v3`: the target reads the 64-bit nanosecond range (else ±9223372036854775806 ns). */
export function timestampRangeMessage(raw: bigint, precision: Precision, ns: bigint, v3: boolean, label: string): string {
  const range = v3 ? 'the 64-bit nanosecond range' : `the range ${label} accepts (±9223372036854775806 ns)`;
  return `Timestamp ${raw} in ${PRECISION_NAMES[precision]} is ${ns} ns, beyond ${range}: ${label} rejects the point. Check the value and the precision setting.`;
}

/** `precisionSetting`: what messages call the write precision choice. */
export function timestampPrecisionMessage(raw: bigint, precision: Precision, ns: bigint, guess: Precision, guessNs: bigint, precisionSetting: string): string {
  return `Timestamp ${raw} read as ${PRECISION_NAMES[precision]} is ${formatInstant(ns)}; it looks like ${PRECISION_NAMES[guess]} (${formatInstant(guessNs)}). Set the write precision to ${guess} (${precisionSetting}) or write the timestamp in ${PRECISION_NAMES[precision]}.`;
}

/** `status`: the HTTP status the target answers with, when it says one. */
export function retentionMessage(ns: bigint, retentionNs: bigint, status: string | undefined, label: string): string {
  return `Point at ${formatInstant(ns)} is older than the retention period (${formatDuration(retentionNs)}): ${label} rejects it${status === undefined ? '' : ` (${status})`}. Use a newer timestamp or a bucket with a longer retention period.`;
}
