/**
 * `get_bucket_schema`: a minimal reader of a bucket's stored schema (measurements, tag keys, field
 * keys with types) and its text for a model. How each product is asked (schema-and-influxdb3.md §3):
 * - InfluxDB 3 Core/Enterprise: `POST /api/v3/query_sql` with
 *   `SELECT * FROM system.influxdb_schema` (rows `{measurement, key, data_type}`);
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

export interface StoredMeasurement {
  readonly name: string;
  readonly tags: readonly string[];
  /** A field may have several types on 1.x and OSS 2.x: one per shard group that stored another. */
  readonly fields: readonly { readonly name: string; readonly types: readonly string[] }[];
}

export type SchemaRead = { readonly ok: true; readonly measurements: readonly StoredMeasurement[] } | { readonly ok: false; readonly reason: string };

/** Most characters of a server's error answer quoted in a reason. */
const QUOTED = 300;

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

function quoted(body: string): string {
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > QUOTED ? `${text.slice(0, QUOTED)}…` : text;
}

/** Why an error answer gave no schema, and what to do. */
function refusal(status: number, body: string, v3: boolean): string {
  const said = body.trim() === '' ? '' : `: ${quoted(body)}`;
  if (status === 401 || status === 403) {
    return `the server refused the credentials for reading (HTTP ${status}${said}). A write-only token cannot read the schema: a token with read permission on the bucket is needed.`;
  }
  if (status === 404 && !v3) {
    return `the server has no InfluxQL /query for this bucket (HTTP 404${said}). Cloud Serverless and OSS 2.x answer InfluxQL only once a DBRP mapping exists for the bucket (a v1 /write creates one, or /api/v2/dbrps).`;
  }
  return `the server answered HTTP ${status}${said}.`;
}

type Asked = { readonly parsed: unknown } | { readonly reason: string };

/** One request and its JSON answer, or why there is none. */
async function ask(url: URL, init: RequestInit, timeoutMs: number, fetchFn: typeof fetch, v3: boolean): Promise<Asked> {
  let status: number;
  let body: string;
  try {
    const response = await fetchFn(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    const why = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : error.message) : String(error);
    return { reason: `could not reach ${redactUrl(url)}: ${why}.` };
  }
  if (status !== 200) return { reason: refusal(status, body, v3) };
  try {
    return { parsed: JSON.parse(body) as unknown };
  } catch {
    return { reason: `the answer of ${redactUrl(url)} is not JSON: ${quoted(body)}` };
  }
}

/**
 * One request per statement: in a multi-statement query InfluxDB 1.x replaces a statement's error
 * (`database not found: x`) with "not executed" (seen on 1.6.7), which would hide the reason.
 */
const INFLUXQL = ['SHOW MEASUREMENTS', 'SHOW TAG KEYS', 'SHOW FIELD KEYS'];

/** Reads the stored schema of `connection.bucket`; never throws for what the server or network does. */
export async function readBucketSchema(connection: Connection, credentials: Credentials, fetchFn: typeof fetch = fetch): Promise<SchemaRead> {
  const checked = checkServerUrl(connection.url);
  if (!checked.ok) return { ok: false, reason: checked.message };
  const v3 = connection.product === 'core' || connection.product === 'enterprise';
  const prefix = checked.url.pathname.replace(/\/+$/, '');
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth = authorization(connection, credentials);
  if (auth !== undefined) headers.Authorization = auth;
  if (v3) {
    const url = new URL(checked.url.origin);
    url.pathname = `${prefix}/api/v3/query_sql`;
    const body = JSON.stringify({ db: connection.bucket, q: 'SELECT * FROM system.influxdb_schema', format: 'json' });
    const answer = await ask(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body }, connection.timeoutMs, fetchFn, v3);
    if ('reason' in answer) return { ok: false, reason: answer.reason };
    const schema = fromSystemTable(answer.parsed);
    if (typeof schema === 'string') return { ok: false, reason: `the server could not list the schema: ${schema}.` };
    return { ok: true, measurements: measurementsOf(schema) };
  }
  const results: { series?: V1Series[] }[] = [];
  for (const q of INFLUXQL) {
    const url = new URL(checked.url.origin);
    url.pathname = `${prefix}/query`;
    url.search = new URLSearchParams({ db: connection.bucket, q }).toString();
    const answer = await ask(url, { method: 'GET', headers }, connection.timeoutMs, fetchFn, v3);
    if ('reason' in answer) return { ok: false, reason: answer.reason };
    const parsed = answer.parsed as V1Answer;
    const error = parsed.error ?? parsed.results?.[0]?.error;
    if (typeof error === 'string') return { ok: false, reason: `the server could not list the schema: ${quoted(error)}.` };
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
