/**
 * Facts about the InfluxDB 3 servers (Core, Enterprise, InfluxDB 3 Cloud) that the product table
 * does not carry: which products take `/api/v3/write_lp`, and the catalog's reserved column answer.
 * The columns-per-table limit (500 for all three) is the profile's `columnLimit`; the database and
 * table limits here are not checked yet (the editor cannot know a server's tables without its schema).
 *
 * Confirmed in influxdata/influxdb (main, 2026-06, d7834110):
 * - influxdb3_server/src/http.rs `write_lp_inner`: `accept_partial` defaults to true, `precision` to auto.
 * - influxdb3_catalog/src/catalog/versions/v2.rs: Enterprise's open-source defaults are 100 databases,
 *   4,000 tables, 500 columns per table; the InfluxDB 3 Cloud docs say 100 / 10,000 / 500, Core's docs
 *   5 / 2,000 / 500 (schema-and-influxdb3.md §2), and so does its code: influxdb3/src/commands/serve.rs
 *   `CORE_NUM_DBS_LIMIT = 5`, `CORE_NUM_TABLES_LIMIT = 2000`, `CORE_NUM_COLUMNS_PER_TABLE_LIMIT = 500`
 *   ("The shared catalog crate's `CatalogLimits` defaults are Enterprise's"). Only the columns per
 *   table can be checked from one file; Enterprise's docs make it configurable
 *   (`--num-total-columns-per-table-limit`), and the check assumes the default.
 * - Duplicate tag keys (rejected since 3.9.8 / 3.10.3): not in these sources (the 3.9 and 3.10 branches
 *   stop at v3.9.6 / v3.10.1); the release notes and the answer recorded from 3.11.0: see products.ts.
 * - Column families: core/src/analysis/families.ts.
 * - influxdb3_catalog/src/catalog.rs `RESERVED_COLUMN_NAMES`: `time` and `__chunk_order`.
 */
import { PROFILES, type Product, type ProductProfile } from './products';

/** Products whose writes go to `/api/v3/write_lp?db=…` and whose answers name rejected lines. */
export function usesWriteLp(product: Product): boolean {
  return PROFILES[product].dialect === 'v3';
}

/**
 * The catalog's answer for `__chunk_order` as a tag or field: the line is refused, whatever its other
 * fields ("'{name}' is a reserved column", influxdb3_catalog/src/error.rs `ReservedColumn`; its tests
 * in catalog/versions/v2/update/tests.rs create a table with such a tag and field and get it).
 * `time` keeps the checks' existing wording (its write-path answer differs by product).
 */
export function reservedColumnAnswer(key: string): string | undefined {
  return key === '__chunk_order' ? `'${key}' is a reserved column` : undefined;
}

/**
 * Whether the time column counts against a table's column limit: on InfluxDB 3 it does not
 * (influxdb3_catalog/src/catalog/versions/v3/transaction.rs `check_columns_limit` counts tag and field
 * columns only, `time_or_create` says "The timestamp column is exempt from the per-table column
 * limit"; main d7834110 and v3.10.1); on Cloud (IOx) it does (write-api.md §3 "Column limit").
 */
export function timeColumnCounted(profile: ProductProfile): 0 | 1 {
  return profile.dialect === 'v3' ? 0 : 1;
}

/**
 * InfluxDB 3's words when a line would add a column past the limit: the line is refused, the others
 * stored, and write_lp answers 422 (influxdb3_catalog/src/error.rs `TooManyColumns`;
 * influxdb3_server/src/http.rs turns an error starting "Update to schema would exceed number of"
 * into 422).
 */
export function columnLimitAnswer(limit: number): string {
  return `Update to schema would exceed number of columns per table limit of ${limit} columns`;
}
