/**
 * `get_bucket_schema`: a minimal reader of a bucket's stored schema (measurements, tag keys, field
 * keys with types) and its text for a model. How each product is asked (schema-and-influxdb3.md §3):
 * - InfluxDB 3 Core, Enterprise and InfluxDB 3 Cloud: `POST /api/v3/query_sql` with
 *   `SELECT * FROM system.influxdb_schema` (rows `{measurement, key, data_type}`, the columns of
 *   influxdb3_system_tables/src/influxdb_schema.rs);
 * - every other product: InfluxQL over the v1 API, `GET /query?db=…&q=SHOW MEASUREMENTS`, `SHOW TAG
 *   KEYS`, `SHOW FIELD KEYS` (Cloud Serverless and OSS 2.x need a DBRP mapping for the bucket).
 * A token that may not read (write-only) or a missing mapping is said plainly: the tool then has
 * no schema, and says why. Credentials go only into the Authorization header, never into a text.
 *
 * This is the reader the agents' tool needs now; the stored-schema checks of the editor (issue 12)
 * will want more (per shard group on 1.x, caching), built on the same requests.
 */
import { PROFILES } from '../products';
import { authorization, redactUrl } from '../write/endpoint';
import { Scrubber } from '../write/secrets';
import type { Connection, Credentials } from '../write/types';
import { checkServerUrl } from '../write/url';
import { failed, missingDatabase, needsMapping, NO_DATABASE, NO_DEFAULT_RP, quoted, refusal, type Failed, type SchemaFailure } from './schemaRefusal';

export type { SchemaFailure } from './schemaRefusal';

export interface StoredMeasurement {
  readonly name: string;
  readonly tags: readonly string[];
  /** A field may have several types on 1.x and OSS 2.x: one per shard group that stored another. */
  readonly fields: readonly { readonly name: string; readonly types: readonly string[] }[];
}

export type SchemaRead = { readonly ok: true; readonly measurements: readonly StoredMeasurement[] } | { readonly ok: false; readonly reason: string; readonly failure: SchemaFailure };

export interface ReadSchemaOptions {
  /**
   * Read only these measurements (those the open documents use), in as few requests as without:
   * InfluxQL `SHOW TAG KEYS FROM "a","b"` (several sources, accepted by 1.6.7), SQL `WHERE
   * measurement IN ('a','b')`. Absent: the whole bucket. Empty: nothing to read.
   */
  readonly measurements?: readonly string[];
  /** Aborts every request (a changed connection, a closed editor); each is also limited to connection.timeoutMs. */
  readonly signal?: AbortSignal;
}

/** The field type names of InfluxQL (`unsigned`) and of system.influxdb_schema (`uinteger`), as line protocol calls them. */
const TYPE_NAMES: Readonly<Record<string, string>> = { unsigned: 'uinteger' };

type Schema = Map<string, { tags: Set<string>; fields: Map<string, Set<string>> }>;

function entry(schema: Schema, name: string): { tags: Set<string>; fields: Map<string, Set<string>> } {
  let e = schema.get(name);
  if (!e) schema.set(name, (e = { tags: new Set(), fields: new Map() }));
  return e;
}

function measurementsOf(schema: Schema): StoredMeasurement[] {
  return [...schema]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({ name, tags: [...e.tags].sort(), fields: [...e.fields].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, types]) => ({ name: f, types: [...types] })) }));
}

interface V1Series {
  readonly name?: string;
  readonly columns?: readonly string[];
  readonly values?: readonly (readonly unknown[])[];
}
interface V1Answer {
  readonly results?: readonly { readonly series?: readonly V1Series[]; readonly error?: string }[];
  readonly error?: string;
}

/** The three SHOW statements' answers (in INFLUXQL's order) as one schema. */
function fromInfluxQl(results: readonly { readonly series?: readonly V1Series[] }[]): Schema {
  const schema: Schema = new Map();
  const [measurements, tags, fields] = results;
  for (const s of measurements?.series ?? []) for (const [name] of s.values ?? []) if (typeof name === 'string') entry(schema, name);
  for (const s of tags?.series ?? []) for (const [key] of s.values ?? []) if (typeof s.name === 'string' && typeof key === 'string') entry(schema, s.name).tags.add(key);
  for (const s of fields?.series ?? []) {
    if (typeof s.name !== 'string') continue;
    const e = entry(schema, s.name);
    for (const [key, type] of s.values ?? []) {
      if (typeof key !== 'string' || typeof type !== 'string') continue;
      let types = e.fields.get(key);
      if (!types) e.fields.set(key, (types = new Set()));
      types.add(TYPE_NAMES[type] ?? type);
    }
  }
  return schema;
}

/** system.influxdb_schema rows: `{measurement, key, data_type}`, data_type `time`, `tag` or a field type. */
function fromSystemTable(rows: unknown): Schema | string {
  if (!Array.isArray(rows)) return 'the answer is not a list of rows';
  const schema: Schema = new Map();
  for (const row of rows as { measurement?: unknown; key?: unknown; data_type?: unknown }[]) {
    const { measurement, key, data_type: type } = row;
    if (typeof measurement !== 'string' || typeof key !== 'string' || typeof type !== 'string') continue;
    const e = entry(schema, measurement);
    if (type === 'time') continue;
    if (type === 'tag') e.tags.add(key);
    else e.fields.set(key, new Set([TYPE_NAMES[type] ?? type]));
  }
  return schema;
}

type Asked = { readonly parsed: unknown } | Failed;

/** One request and its JSON answer, or why there is none. */
async function ask(url: URL, init: RequestInit, connection: Connection, fetchFn: typeof fetch, signal: AbortSignal | undefined): Promise<Asked> {
  const { timeoutMs, product, bucket } = connection;
  let status: number;
  let body: string;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchFn(url, { ...init, redirect: 'manual', signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal?.aborted === true) return failed('cancelled', 'the reading was cancelled.');
    const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    return failed('unreachable', `could not reach ${redactUrl(url)}: ${why}.`);
  }
  if (status !== 200) return refusal(status, body, readsWithSql(product), product, bucket);
  try {
    return { parsed: JSON.parse(body) as unknown };
  } catch {
    return failed('answer', `the answer of ${redactUrl(url)} is not JSON: ${quoted(body)}`);
  }
}

/** An InfluxQL identifier in double quotes (`\` and `"` escaped, as the InfluxQL scanner reads them). */
export function influxQlIdentifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A SQL string literal (`'` doubled). */
function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The products read over `/api/v3/query_sql` (system.influxdb_schema); all others over InfluxQL `/query`. */
export function readsWithSql(product: Connection['product']): boolean {
  return product === 'core' || product === 'enterprise' || product === 'influxdb3-cloud';
}

/**
 * One request per statement: in a multi-statement query InfluxDB 1.x replaces a statement's error
 * (`database not found: x`) with "not executed" (seen on 1.6.7), which would hide the reason.
 */
function influxQl(measurements: readonly string[] | undefined): string[] {
  if (measurements === undefined) return ['SHOW MEASUREMENTS', 'SHOW TAG KEYS', 'SHOW FIELD KEYS'];
  // SHOW MEASUREMENTS is not needed: every stored measurement has at least one field.
  const from = measurements.map(influxQlIdentifier).join(',');
  return ['', `SHOW TAG KEYS FROM ${from}`, `SHOW FIELD KEYS FROM ${from}`];
}

/** Reads the stored schema of `connection.bucket`; never throws for what the server or network does. */
export async function readBucketSchema(connection: Connection, credentials: Credentials, fetchFn: typeof fetch = fetch, options: ReadSchemaOptions = {}): Promise<SchemaRead> {
  const checked = checkServerUrl(connection.url);
  if (!checked.ok) return failed('answer', checked.message);
  const wanted = options.measurements === undefined ? undefined : [...new Set(options.measurements)];
  if (wanted?.length === 0) return { ok: true, measurements: [] };
  const v3 = readsWithSql(connection.product);
  const prefix = checked.url.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth = authorization(connection, credentials);
  if (auth !== undefined) headers.Authorization = auth;
  if (v3) {
    const url = new URL(checked.url.origin);
    url.pathname = `${prefix}/api/v3/query_sql`;
    const where = wanted === undefined ? '' : ` WHERE measurement IN (${wanted.map(sqlString).join(', ')})`;
    const body = JSON.stringify({ db: connection.bucket, q: `SELECT measurement, key, data_type FROM system.influxdb_schema${where}`, format: 'json' });
    const answer = await ask(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body }, connection, fetchFn, options.signal);
    if ('reason' in answer) return answer;
    const schema = fromSystemTable(answer.parsed);
    if (typeof schema === 'string') return failed('answer', `the server could not list the schema: ${schema}.`);
    return { ok: true, measurements: measurementsOf(schema) };
  }
  const results: { series?: V1Series[] }[] = [];
  for (const q of influxQl(wanted)) {
    if (q === '') {
      results.push({});
      continue;
    }
    const url = new URL(checked.url.origin);
    url.pathname = `${prefix}/query`;
    url.search = new URLSearchParams({ db: connection.bucket, q }).toString();
    const answer = await ask(url, { method: 'GET', headers }, connection, fetchFn, options.signal);
    if ('reason' in answer) return answer;
    const parsed = answer.parsed as V1Answer;
    const error = parsed.error ?? parsed.results?.[0]?.error;
    if (typeof error === 'string') {
      if (NO_DATABASE.test(error) || (needsMapping(connection.product) && NO_DEFAULT_RP.test(error))) return missingDatabase(quoted(error), connection.product, connection.bucket);
      return failed('answer', `the server could not list the schema: ${quoted(error)}.`);
    }
    results.push({ series: [...(parsed.results?.[0]?.series ?? [])] });
  }
  return { ok: true, measurements: measurementsOf(fromInfluxQl(results)) };
}

export interface SchemaTextOptions {
  /** The credentials used: removed from the text whatever the server echoed. */
  readonly credentials: Credentials;
  /** The connection's name in the editor. */
  readonly name?: string;
  readonly maxMeasurements?: number;
  /** Most tag keys and most field keys listed per measurement. */
  readonly maxKeys?: number;
}

function list<T>(items: readonly T[], max: number, show: (item: T) => string): string {
  const shown = items.slice(0, max).map(show).join(', ');
  return items.length > max ? `${shown}, … and ${items.length - max} more` : shown;
}

/** The schema as text: a summary, then one line per measurement. */
export function formatBucketSchema(read: SchemaRead, connection: Connection, options: SchemaTextOptions): string {
  const scrubber = new Scrubber();
  scrubber.add(options.credentials);
  const where = `bucket '${connection.bucket}' (${options.name !== undefined ? `connection '${options.name}', ` : ''}${PROFILES[connection.product].label} at ${redactUrl(connection.url)})`;
  if (!read.ok) return scrubber.scrub(`The stored schema of ${where} could not be read: ${read.reason}`);
  const maxM = options.maxMeasurements ?? 100;
  const maxK = options.maxKeys ?? 50;
  const n = read.measurements.length;
  const lines = [`${where} stores ${n} measurement${n === 1 ? '' : 's'}${n === 0 ? ': it is empty, so any types can be written' : ''}.`];
  for (const m of read.measurements.slice(0, maxM)) {
    const tags = m.tags.length === 0 ? 'no tags' : `tags ${list(m.tags, maxK, (t) => t)}`;
    const fields = m.fields.length === 0 ? 'no fields' : `fields ${list(m.fields, maxK, (f) => `${f.name} (${f.types.join(' / ')}${f.types.length > 1 ? ', differs between shard groups' : ''})`)}`;
    lines.push(`${m.name}: ${tags}; ${fields}`);
  }
  if (n > maxM) lines.push(`… and ${n - maxM} more measurements not shown.`);
  return scrubber.scrub(lines.join('\n'));
}
