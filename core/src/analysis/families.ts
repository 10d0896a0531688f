/**
 * Column (field) families on InfluxDB 3: how the server reads a field name `family::field`, and the
 * one limit that applies per family. Confirmed in influxdata/influxdb (main d7834110, 2026-06, and
 * tag v3.10.1):
 * - influxdb3_catalog/src/catalog/versions/v3/transaction.rs `parse_qualified_field_name`:
 *   `name.split_once("::")`, so only the first `::` counts (`a::b::c` is family `a`); an empty
 *   family (`::x`) or an empty field part (`x::`) is "treated as unqualified" (its tests:
 *   `::field` → None, `family::` → None, `::` → None). v2/field.rs `parse_field_name_aware` agrees.
 *   The column keeps its full name (`cpu::usage`); only its family is taken from the prefix.
 * - same file, `add_field`: in a table of `FieldFamilyMode::Aware` (what `table_or_create` gives a
 *   table a write creates) a qualified name goes to its named family, any other name to the current
 *   automatic family, a new one being made once it holds `NUM_FIELDS_PER_FAMILY_LIMIT` fields.
 *   schema/column.rs names automatic families `__0`, `__1`, …
 * - versions/v3.rs: `NUM_FIELDS_PER_FAMILY_LIMIT = 100`; `NUM_FIELD_FAMILIES_LIMIT` is u16::MAX
 *   (65,535 families per table: out of reach under 500 columns per table, not checked).
 * - `get_or_create_named_field_family`: a named family that already holds 100 fields refuses the next
 *   new one with `CatalogError::TooManyFields`, whose words (influxdb3_catalog/src/error.rs) are
 *   "Update to schema would exceed the field limit (100) for field family '{family}'". It does not
 *   start with "Update to schema would exceed number of", so write_lp answers 400, not 422
 *   (influxdb3_server/src/http.rs). The columns-per-table check runs first (`check_columns_limit`).
 * - The catalog does this whatever the storage engine, so Core refuses the 101st field of a named
 *   family too; whether fields are *stored* by family (Enterprise's newer engine, InfluxDB 3 Cloud,
 *   docs-v2 content/influxdb3/enterprise/performance-preview/_index.md "Column families") is what the
 *   per-connection setting `columnFamilies` says, and only the hovers, the outline and the note on a
 *   malformed qualifier follow it.
 * Not confirmed (so not modelled): a table migrated to `FieldFamilyMode::Auto` (migrations/v2.rs: more
 * than 100 fields under one prefix) ignores qualifiers; the editor cannot know a stored table's mode.
 */
export const FIELD_FAMILY_DELIMITER = '::';
/** influxdb3_catalog/src/catalog/versions/v3.rs `NUM_FIELDS_PER_FAMILY_LIMIT`. */
export const FIELDS_PER_FAMILY_LIMIT = 100;

/** The family a field name names (`family::field`), or undefined for an unqualified or malformed name. */
export function familyOf(name: string): string | undefined {
  const at = name.indexOf(FIELD_FAMILY_DELIMITER);
  if (at <= 0 || at + FIELD_FAMILY_DELIMITER.length >= name.length) return undefined;
  return name.slice(0, at);
}

/** How a name with `::` that names no family is malformed: nothing before it, or nothing after it. */
export type MalformedQualifier = 'empty-family' | 'empty-field';

export function malformedQualifier(name: string): MalformedQualifier | undefined {
  const at = name.indexOf(FIELD_FAMILY_DELIMITER);
  if (at < 0) return undefined;
  if (at === 0) return 'empty-family';
  if (at + FIELD_FAMILY_DELIMITER.length === name.length) return 'empty-field';
  return undefined;
}

/** The server's words when a named family is full (influxdb3_catalog/src/error.rs `TooManyFields`). */
export function familyLimitAnswer(family: string): string {
  return `Update to schema would exceed the field limit (${FIELDS_PER_FAMILY_LIMIT}) for field family '${family}'`;
}
