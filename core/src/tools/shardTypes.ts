/**
 * InfluxDB 1.x keeps a field's type per shard group (schema-and-influxdb3.md §4): `SHOW FIELD KEYS`
 * lists every type some group holds, not which. This reads, with queries the server answers
 * cheaply, the type each field holds in each shard group of the database's default retention
 * policy (where writes without `rp` go): `SHOW RETENTION POLICIES`, `SHOW SHARDS` for the groups'
 * time ranges, then per group one request of `SELECT "f" FROM "rp"."m" WHERE time in the group
 * LIMIT 1` statements, answered in MessagePack (`Accept: application/x-msgpack`, which 1.6.7
 * answers and which keeps 1i and 1.0 apart where JSON gives 1 for both).
 */
import { authorization, redactUrl } from '../write/endpoint';
import type { Connection, Credentials } from '../write/types';
import { checkServerUrl } from '../write/url';
import { influxQlIdentifier } from './bucketSchema';
import { decodeMsgpack, MsgFloat, type MsgValue } from './msgpack';

/** A field's type in one shard group; times in ns since the epoch, as decimal strings (JSON-safe). */
export interface ShardGroupType {
  readonly startNs: string;
  readonly endNs: string;
  readonly type: string;
}

export interface ShardFieldsWanted {
  readonly measurement: string;
  readonly fields: readonly { readonly name: string; readonly types: readonly string[] }[];
}

export type ShardTypesRead = { readonly ok: true; readonly types: Map<string, Map<string, ShardGroupType[]>> } | { readonly ok: false; readonly reason: string };

/** Most shard groups read (the most recent ones): each costs one request. */
export const MAX_SHARD_GROUPS = 100;

interface V1Series {
  readonly name?: string;
  readonly columns?: readonly string[];
  readonly values?: readonly (readonly unknown[])[];
}

/** One statement's series over JSON, or why not. */
async function showJson(base: URL, db: string, q: string, headers: Record<string, string>, fetchFn: typeof fetch, signal: AbortSignal): Promise<V1Series[] | string> {
  const url = new URL(base);
  url.search = new URLSearchParams({ db, q }).toString();
  try {
    const response = await fetchFn(url, { method: 'GET', headers: { ...headers, Accept: 'application/json' }, redirect: 'manual', signal });
    const body = await response.text();
    if (response.status !== 200) return `${q}: HTTP ${response.status} from ${redactUrl(url)}`;
    const parsed = JSON.parse(body) as { results?: { series?: V1Series[]; error?: string }[]; error?: string };
    const error = parsed.error ?? parsed.results?.[0]?.error;
    if (typeof error === 'string') return `${q}: ${error}`;
    return parsed.results?.[0]?.series ?? [];
  } catch (error) {
    return `${q}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function column(series: V1Series, name: string): number {
  return series.columns?.indexOf(name) ?? -1;
}

function nsOf(rfc3339: unknown): bigint | undefined {
  if (typeof rfc3339 !== 'string') return undefined;
  const ms = Date.parse(rfc3339);
  return Number.isFinite(ms) ? BigInt(ms) * 1_000_000n : undefined;
}

/** The line protocol type of a value in a msgpack answer (`stored`: the field's types SHOW FIELD KEYS gave, to tell integer from uinteger). */
function typeOf(value: MsgValue, stored: readonly string[]): string | undefined {
  if (value instanceof MsgFloat) return 'float';
  if (typeof value === 'bigint') return stored.includes('uinteger') && !stored.includes('integer') ? 'uinteger' : stored.includes('integer') ? 'integer' : undefined;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

function get(value: MsgValue | undefined, key: string): MsgValue | undefined {
  return value instanceof Map ? value.get(key) : undefined;
}

/** Reads per shard group the type of each wanted field (only groups that hold it are listed); never throws. */
export async function readShardFieldTypes(connection: Connection, credentials: Credentials, fetchFn: typeof fetch, wanted: readonly ShardFieldsWanted[], options: { readonly signal?: AbortSignal } = {}): Promise<ShardTypesRead> {
  const checked = checkServerUrl(connection.url);
  if (!checked.ok) return { ok: false, reason: checked.message };
  const base = new URL(checked.url.origin);
  base.pathname = `${checked.url.pathname.replace(/\/+$/, '')}/query`;
  const headers: Record<string, string> = {};
  const auth = authorization(connection, credentials);
  if (auth !== undefined) headers.Authorization = auth;
  const signal = (): AbortSignal => (options.signal === undefined ? AbortSignal.timeout(connection.timeoutMs) : AbortSignal.any([options.signal, AbortSignal.timeout(connection.timeoutMs)]));
  const db = connection.bucket;
  const policies = await showJson(base, db, `SHOW RETENTION POLICIES ON ${influxQlIdentifier(db)}`, headers, fetchFn, signal());
  if (typeof policies === 'string') return { ok: false, reason: policies };
  let rp: string | undefined;
  for (const s of policies) for (const row of s.values ?? []) if (row[column(s, 'default')] === true) rp = String(row[column(s, 'name')]);
  if (rp === undefined) return { ok: false, reason: `no default retention policy on ${db}` };
  const shards = await showJson(base, db, 'SHOW SHARDS', headers, fetchFn, signal());
  if (typeof shards === 'string') return { ok: false, reason: shards };
  const groups = new Map<string, { start: bigint; end: bigint }>();
  for (const s of shards) {
    if (s.name !== db) continue;
    for (const row of s.values ?? []) {
      if (row[column(s, 'retention_policy')] !== rp) continue;
      const start = nsOf(row[column(s, 'start_time')]);
      const end = nsOf(row[column(s, 'end_time')]);
      if (start !== undefined && end !== undefined) groups.set(String(row[column(s, 'shard_group')]), { start, end });
    }
  }
  const recent = [...groups.values()].sort((a, b) => (a.start < b.start ? 1 : -1)).slice(0, MAX_SHARD_GROUPS);
  const asked = wanted.flatMap((m) => m.fields.map((f) => ({ measurement: m.measurement, field: f.name, stored: f.types })));
  const types = new Map<string, Map<string, ShardGroupType[]>>();
  if (asked.length === 0) return { ok: true, types };
  for (const g of recent) {
    const q = asked.map((a) => `SELECT ${influxQlIdentifier(a.field)} FROM ${influxQlIdentifier(rp)}.${influxQlIdentifier(a.measurement)} WHERE time >= ${g.start} AND time < ${g.end} LIMIT 1`).join('; ');
    let answer: MsgValue;
    try {
      const response = await fetchFn(base, {
        method: 'POST',
        headers: { ...headers, Accept: 'application/x-msgpack', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ db, q }).toString(),
        redirect: 'manual',
        signal: signal(),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200 || !(response.headers.get('content-type') ?? '').includes('msgpack')) return { ok: false, reason: `the shard group queries: HTTP ${response.status} from ${redactUrl(base)}` };
      answer = decodeMsgpack(bytes);
    } catch (error) {
      return { ok: false, reason: `the shard group queries: ${error instanceof Error ? error.message : String(error)}` };
    }
    const results = get(answer, 'results');
    if (!Array.isArray(results)) return { ok: false, reason: 'the shard group queries: an answer without results' };
    for (const r of results) {
      const id = get(r, 'statement_id');
      const series = get(r, 'series');
      if (typeof id !== 'bigint' || !Array.isArray(series)) continue;
      const a = asked.at(Number(id));
      if (a === undefined) continue;
      const first = get(series[0], 'values');
      const row = Array.isArray(first) ? first[0] : undefined;
      const type = Array.isArray(row) ? typeOf(row[1], a.stored) : undefined;
      if (type === undefined) continue;
      let byField = types.get(a.measurement);
      if (byField === undefined) types.set(a.measurement, (byField = new Map<string, ShardGroupType[]>()));
      let list = byField.get(a.field);
      if (list === undefined) byField.set(a.field, (list = []));
      list.push({ startNs: g.start.toString(), endNs: g.end.toString(), type });
    }
  }
  return { ok: true, types };
}
