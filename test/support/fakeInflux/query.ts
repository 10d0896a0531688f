/**
 * The fake's schema reading, as the documented servers answer it (schema-and-influxdb3.md §3):
 * - InfluxQL over `GET /query?db=…&q=…` (Cloud Serverless, Dedicated, Clustered, OSS 2.x):
 *   `SHOW MEASUREMENTS`, `SHOW TAG KEYS [FROM "a","b"]`, `SHOW FIELD KEYS [FROM "a","b"]`, in v1
 *   JSON (`{"results":[{"statement_id":0,"series":[{"name","columns","values"}]}]}`), field types
 *   `float`, `integer`, `unsigned`, `string`, `boolean`. An unknown database is an error inside
 *   the results of an HTTP 200, as 1.x answers it (`database not found: x`, seen on influxd 1.6.7),
 *   and so is a bucket without a DBRP mapping: on Cloud Serverless `database not found: <bucket>`
 *   (docs-v2 PR 5117); on OSS 2.x per statement (influxdata/influxdb v2.7.12,
 *   v1/coordinator/statement_executor.go): SHOW MEASUREMENTS lists nothing (its DBRP filter finds
 *   no mapping), SHOW TAG KEYS [FROM …] says `default retention policy not set for: x`
 *   (`getDefaultRP`; the FROM becomes a condition), SHOW FIELD KEYS [FROM …] `database not found: x`
 *   (rewritten into a SELECT whose source `normalizeMeasurement` cannot map).
 * - `POST /api/v3/query_sql` with `{"db","q","format":"json"}` (InfluxDB 3 Core, Enterprise,
 *   InfluxDB 3 Cloud): rows `{measurement, key, data_type}` of system.influxdb_schema
 *   (influxdb3_system_tables/src/influxdb_schema.rs), the time column included. An unknown
 *   database: 404 `{"error":"query error: database not found: x"}` (influxdata/influxdb 3.10 branch
 *   c342445a, v3.10.1: influxdb3_query_executor `query_sql` → `get_db_namespace` →
 *   `QueryExecutorError::DatabaseNotFound` "database not found: {db_name}", wrapped by
 *   influxdb3_server/src/http.rs `Error::Query` "query error: {0}", answered 404).
 * What is listed is what the fake stored: IOx keeps tags and fields (`store.columns`); the v3 and
 * 2.x fakes keep field types only (`store.schema`), so their schemas list no tags.
 */
import type { Product } from '../../../core/src/products';
import { PROFILES } from '../../../core/src/products';
import type { FakeAnswer, FakeStore } from './answers';

/** measurement → column → 'tag' or a field type, from what the fake stored. */
function storedColumns(product: Product, store: FakeStore): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const source: ReadonlyMap<string, ReadonlyMap<string, string>> = PROFILES[product].dialect === 'iox' ? store.columns : store.schema;
  for (const [m, columns] of source) out.set(m, new Map(columns));
  return out;
}

/** The measurements of `FROM "a","b"` (InfluxQL double-quoted identifiers, `\"` and `\\` escaped). */
function sources(from: string | undefined): Set<string> | undefined {
  if (from === undefined) return undefined;
  const names = new Set<string>();
  for (const m of from.matchAll(/"((?:[^"\\]|\\.)*)"/g)) names.add(m[1].replace(/\\(.)/g, '$1'));
  return names;
}

const INFLUXQL_TYPE: Readonly<Record<string, string>> = { uinteger: 'unsigned' };

function v1Json(result: object): FakeAnswer {
  return { status: 200, body: JSON.stringify({ results: [{ statement_id: 0, ...result }] }) };
}

/** `GET /query`: the SHOW statements the schema reader sends. */
export function answerInfluxQl(product: Product, url: URL, store: FakeStore, bucket: string, mapped: boolean): FakeAnswer {
  const db = url.searchParams.get('db') ?? '';
  const q = (url.searchParams.get('q') ?? '').trim();
  if (db !== bucket || !mapped) {
    if (product !== 'oss-v2') return v1Json({ error: `database not found: ${db}` });
    if (/^SHOW MEASUREMENTS/i.test(q)) return v1Json({});
    if (/^SHOW TAG KEYS/i.test(q)) return v1Json({ error: `default retention policy not set for: ${db}` });
    return v1Json({ error: `database not found: ${db}` });
  }
  const schema = storedColumns(product, store);
  if (/^SHOW MEASUREMENTS$/i.test(q)) {
    const names = [...schema.keys()].sort();
    return v1Json(names.length === 0 ? {} : { series: [{ name: 'measurements', columns: ['name'], values: names.map((n) => [n]) }] });
  }
  const show = /^SHOW (TAG|FIELD) KEYS(?: FROM (.+))?$/i.exec(q);
  if (show === null) return v1Json({ error: `error parsing query: ${q}` });
  const tags = show[1].toUpperCase() === 'TAG';
  const only = sources(show[2]);
  const series = [];
  for (const m of [...schema.keys()].sort()) {
    if (only !== undefined && !only.has(m)) continue;
    const columns = [...(schema.get(m) ?? new Map<string, string>())].filter(([, kind]) => (kind === 'tag') === tags).sort(([a], [b]) => (a < b ? -1 : 1));
    if (columns.length === 0) continue;
    series.push(
      tags
        ? { name: m, columns: ['tagKey'], values: columns.map(([k]) => [k]) }
        : { name: m, columns: ['fieldKey', 'fieldType'], values: columns.map(([k, type]) => [k, INFLUXQL_TYPE[type] ?? type]) },
    );
  }
  return v1Json(series.length === 0 ? {} : { series });
}

/** `POST /api/v3/query_sql`: `SELECT … FROM system.influxdb_schema [WHERE measurement IN ('a', 'b')]`. */
export function answerSql(product: Product, body: string, store: FakeStore, bucket: string): FakeAnswer {
  let request: { db?: unknown; q?: unknown };
  try {
    request = JSON.parse(body) as { db?: unknown; q?: unknown };
  } catch {
    return { status: 400, body: JSON.stringify({ error: 'invalid JSON body' }) };
  }
  if (request.db !== bucket) return { status: 404, body: JSON.stringify({ error: `query error: database not found: ${String(request.db)}` }) };
  const q = typeof request.q === 'string' ? request.q : '';
  const select = /^SELECT (?:\*|measurement, key, data_type) FROM system\.influxdb_schema(?: WHERE measurement IN \((.*)\))?$/i.exec(q.trim());
  if (select === null) return { status: 400, body: JSON.stringify({ error: `unsupported query in the fake: ${q}` }) };
  const only = select[1] === undefined ? undefined : new Set([...select[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")));
  const rows: { measurement: string; key: string; data_type: string }[] = [];
  for (const [m, columns] of storedColumns(product, store)) {
    if (only !== undefined && !only.has(m)) continue;
    for (const [key, kind] of columns) rows.push({ measurement: m, key, data_type: kind });
    rows.push({ measurement: m, key: 'time', data_type: 'time' });
  }
  return { status: 200, body: JSON.stringify(rows) };
}
