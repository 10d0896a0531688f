/**
 * Why a bucket's stored schema could not be read, in words that say what to do: the refusals of
 * each product's schema queries (bucketSchema.ts reads; this module words what went wrong).
 */
import type { Connection } from '../write/types';

/**
 * Why a schema could not be read, for a status item to say once: `credentials` (401: the token, or
 * the username and password, are missing or wrong: writes fail too), `permission` (403: they may
 * write but not read), `mapping` (no DBRP mapping for the bucket), `database` (no such
 * database), `unreachable` (network, TLS, time limit), `cancelled` (the caller's signal), `answer`
 * (any other error answer).
 */
export type SchemaFailure = 'credentials' | 'permission' | 'mapping' | 'database' | 'unreachable' | 'cancelled' | 'answer';

/** Most characters of a server's error answer quoted in a reason. */
const QUOTED = 300;

export function quoted(body: string): string {
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
}

export type Failed = { readonly ok: false; readonly reason: string; readonly failure: SchemaFailure };

export function failed(failure: SchemaFailure, reason: string): Failed {
  return { ok: false, reason, failure };
}

/** How to give a bucket the DBRP mapping InfluxQL needs (Cloud Serverless, OSS 2.x). */
function dbrpHow(bucket: string): string {
  return `create one with 'influx v1 dbrp create --db ${bucket} --rp autogen --bucket-id <bucket id> --default' (POST /api/v2/dbrps), or write to the bucket once through the v1 /write, which creates it`;
}

/**
 * Products whose InfluxQL reads a bucket only through a DBRP mapping. OSS 2.4 and later also map
 * every bucket by its own name ("virtual" mappings: influxdata/influxdb v2.7.12 dbrp/service.go
 * `FindMany`, `bucketToMapping`, since #23606 in v2.4.0), unless the name holds a '/'.
 */
export function needsMapping(product: Connection['product']): boolean {
  return product === 'cloud-serverless' || product === 'oss-v2';
}

/**
 * A database the server does not know: 1.x and OSS 2.x say `database not found: x` (v2.7.12
 * v1/coordinator/statement_executor.go `normalizeMeasurement`, for SHOW FIELD KEYS, which becomes a
 * SELECT), Cloud Serverless `database not found: <bucket>` for a bucket without a mapping
 * (docs-v2 PR 5117), InfluxDB 3 `query error: database not found: x` (404).
 */
export const NO_DATABASE = /database not found|not found.*database|unknown database/i;

/**
 * OSS 2.x without a default mapping for the database answers SHOW TAG KEYS [FROM …] so
 * (v2.7.12 statement_executor.go `getDefaultRP`: "default retention policy not set for: x"; the
 * FROM is turned into a condition, so no source reaches `normalizeMeasurement`).
 */
export const NO_DEFAULT_RP = /default retention policy not set for/i;

/** Why an error answer gave no schema, and what to do. */
export function refusal(status: number, body: string, v3: boolean, product: Connection['product'], bucket: string): Failed {
  const said = body.trim() === '' ? '' : `: ${quoted(body)}`;
  // write-api.md §2: 401 is a missing or invalid token (or 1.x password), 403 a lack of permission.
  if (status === 401) {
    return failed('credentials', `the server did not accept the credentials (HTTP 401${said}): the token, or the username and password, are missing or wrong, so writes will be refused too: set them again.`);
  }
  if (status === 403) {
    return failed('permission', `the server refused the credentials for reading (HTTP 403${said}). They may write but not read: a write-only token (or a 1.x user with WRITE only) cannot read the schema; one with read permission on the bucket is needed.`);
  }
  if (NO_DATABASE.test(body)) return missingDatabase(`HTTP ${status}${said}`, product, bucket);
  if (status === 404 && !v3) {
    return failed('mapping', `the server has no InfluxQL /query for this bucket (HTTP 404${said}). Cloud Serverless and OSS 2.x answer InfluxQL only for a bucket with a DBRP mapping: ${dbrpHow(bucket)}.`);
  }
  return failed('answer', `the server answered HTTP ${status}${said}.`);
}

/** No such database: on Cloud Serverless and OSS 2.x, a bucket without a DBRP mapping (or no such bucket). */
export function missingDatabase(said: string, product: Connection['product'], bucket: string): Failed {
  if (needsMapping(product)) {
    const virtual = product === 'oss-v2' ? " OSS 2.4 and later map each bucket by its own name unless the name holds a '/': check that the bucket exists in the org." : '';
    return failed('mapping', `no DBRP mapping for bucket '${bucket}' (${said}): ${dbrpHow(bucket)}.${virtual}`);
  }
  return failed('database', `database '${bucket}' does not exist on the server (${said}). Nothing is stored yet, so nothing constrains the types.`);
}
