/**
 * The checker's settings as the analysis sees them: already validated and converted (durations in
 * nanoseconds, the product's profile resolved). The server reads `influxLineProtocol.*` and calls
 * `resolveSettings`; tests build them directly.
 */
import { acceptsAuto } from '../autoPrecision';
import type { ParseOptions } from '../api';
import { isPrecision, isProduct, PROFILES } from '../products';
import type { Precision, Product, ProductProfile } from '../products';
import { formatDuration } from './time';

export interface CheckerSettings {
  readonly product: Product;
  readonly profile: ProductProfile;
  readonly precision: Precision;
  /**
   * `precision=auto` (InfluxDB 3's /api/v3/write_lp only): each timestamp's unit is guessed from its
   * magnitude (autoPrecision.ts) and `precision` is not used for timestamps.
   */
  readonly autoPrecision?: boolean;
  /**
   * Whether the server stores fields by column family (Enterprise's newer storage engine, InfluxDB 3
   * Cloud): hovers and the outline show a field's family and a malformed qualifier gets a note
   * (families.ts). The per-family limit is the catalog's and is checked on every InfluxDB 3 target.
   */
  readonly columnFamilies?: boolean;
  /** Points older than now minus this are rejected; undefined = infinite retention. */
  readonly retentionNs: bigint | undefined;
  /** 1.x/2.x type conflicts only happen within one shard group of this length (by default what the retention period implies). */
  readonly shardGroupNs: bigint;
  readonly maxDiagnostics: number;
  readonly inlayTimestamps: boolean;
}

/** The raw `influxLineProtocol.*` section, as a client sends it (anything may be missing or wrong). */
export interface RawSettings {
  readonly target?: unknown;
  readonly precision?: unknown;
  readonly columnFamilies?: unknown;
  readonly retentionPeriod?: unknown;
  readonly shardGroupDuration?: unknown;
  readonly maxDiagnostics?: unknown;
  readonly inlayHints?: { readonly timestamps?: unknown } | null;
}

export const DEFAULT_MAX_DIAGNOSTICS = 1000;
const WEEK_NS = 7n * 24n * 3600n * 1_000_000_000n;

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

/**
 * Parses an InfluxDB duration (`30d`, `1h30m`, `2w`) into nanoseconds. Empty, `0`, `inf` and
 * `infinite` mean "no limit" (undefined). Returns null when the text is not a duration.
 */
export function parseDuration(text: string): bigint | undefined | null {
  const s = text.trim().toLowerCase();
  if (s === '' || s === '0' || s === 'inf' || s === 'infinite') return undefined;
  const re = /(\d+)(ns|us|µs|ms|s|m|h|d|w)/gy;
  let total = 0n;
  let at = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    total += BigInt(m[1]) * UNIT_NS[m[2]];
    at = re.lastIndex;
  }
  if (at !== s.length || at === 0) return null;
  return total === 0n ? undefined : total;
}

const DAY_NS = 24n * 3600n * 1_000_000_000n;

/**
 * The shard-group duration InfluxDB 1.x (and 2.x) gives a retention policy created without one
 * (`shardGroupDuration` in services/meta/data.go, schema-and-influxdb3.md §4): 7 days for an
 * infinite retention or one of 180 days or more, 1 day from 2 days on, else 1 hour.
 */
export function impliedShardGroupNs(retentionNs: bigint | undefined): bigint {
  if (retentionNs === undefined || retentionNs >= 180n * DAY_NS) return WEEK_NS;
  if (retentionNs >= 2n * DAY_NS) return DAY_NS;
  return 3600n * 1_000_000_000n;
}

/** Turns raw settings into checker settings; a wrong value falls back to its default (the server logs it). */
export function resolveSettings(raw: RawSettings | null | undefined, problems: string[] = []): CheckerSettings {
  const r = raw ?? {};
  const product: Product = isProduct(r.target) ? r.target : 'cloud-serverless';
  if (r.target !== undefined && !isProduct(r.target)) problems.push(`influxLineProtocol.target: unknown target ${JSON.stringify(r.target)}, using cloud-serverless.`);
  const precision: Precision = isPrecision(r.precision) ? r.precision : 'ns';
  const auto = r.precision === 'auto' && acceptsAuto(product);
  if (r.precision === 'auto' && !auto) problems.push(`influxLineProtocol.precision: auto is taken only by /api/v3/write_lp (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not by ${PROFILES[product].label}; using ns.`);
  else if (r.precision !== undefined && !auto && !isPrecision(r.precision)) problems.push(`influxLineProtocol.precision: ${JSON.stringify(r.precision)} is not ns, us, ms, s or auto; using ns.`);
  let retentionNs: bigint | undefined;
  if (typeof r.retentionPeriod === 'string') {
    const d = parseDuration(r.retentionPeriod);
    if (d === null) problems.push(`influxLineProtocol.retentionPeriod: ${JSON.stringify(r.retentionPeriod)} is not a duration like 30d or 1h30m; retention is not checked.`);
    else retentionNs = d;
  }
  let shardGroupNs = impliedShardGroupNs(retentionNs);
  // Empty (the editor's default): the duration the retention period implies, as the server gives it.
  if (typeof r.shardGroupDuration === 'string' && r.shardGroupDuration.trim() !== '') {
    const d = parseDuration(r.shardGroupDuration);
    if (d === null || d === undefined) problems.push(`influxLineProtocol.shardGroupDuration: ${JSON.stringify(r.shardGroupDuration)} is not a duration like 7d; using ${formatDuration(shardGroupNs)} (what the retention period implies).`);
    else shardGroupNs = d;
  }
  const families = resolveColumnFamilies(product, r.columnFamilies, problems);
  const max = typeof r.maxDiagnostics === 'number' && Number.isFinite(r.maxDiagnostics) && r.maxDiagnostics >= 1 ? Math.floor(r.maxDiagnostics) : DEFAULT_MAX_DIAGNOSTICS;
  const inlay = r.inlayHints?.timestamps;
  return {
    product,
    profile: PROFILES[product],
    precision,
    ...(auto ? { autoPrecision: true } : {}),
    ...(families ? { columnFamilies: true } : {}),
    retentionNs,
    shardGroupNs,
    maxDiagnostics: max,
    inlayTimestamps: typeof inlay === 'boolean' ? inlay : true,
  };
}

/**
 * Whether a product's server stores fields by column family unless told otherwise: InfluxDB 3 Cloud
 * does (the managed Enterprise on the newer engine); Enterprise only on its newer engine (a choice
 * per connection, off by default); Core never (its storage is Parquet, docs-v2 performance-preview).
 */
export function defaultColumnFamilies(product: Product): boolean {
  return product === 'influxdb3-cloud';
}

/** Products on which a user may say whether the server stores fields by family. */
export function choosesColumnFamilies(product: Product): boolean {
  return product === 'enterprise' || product === 'influxdb3-cloud';
}

function resolveColumnFamilies(product: Product, raw: unknown, problems: string[]): boolean {
  if (raw === undefined) return defaultColumnFamilies(product);
  if (typeof raw !== 'boolean') {
    problems.push(`columnFamilies: ${JSON.stringify(raw)} is not true or false; using ${String(defaultColumnFamilies(product))}.`);
    return defaultColumnFamilies(product);
  }
  if (raw && !choosesColumnFamilies(product)) {
    problems.push(`columnFamilies: ${PROFILES[product].label} does not store fields by column family (only InfluxDB 3 Enterprise on its newer storage engine and InfluxDB 3 Cloud do); ignored.`);
    return false;
  }
  return raw;
}

/** How the settings' target parses a text. */
export function parseOptionsOf(settings: CheckerSettings): ParseOptions {
  return { target: settings.profile.parser, stringLimit: settings.profile.stringLimit };
}
