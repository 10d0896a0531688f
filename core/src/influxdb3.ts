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
 *   5 / 2,000 / 500 (schema-and-influxdb3.md §2).
 * - influxdb3_catalog/src/catalog.rs `RESERVED_COLUMN_NAMES`: `time` and `__chunk_order`.
 */
import { PROFILES, type Product } from './products';

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
