/**
 * What each InfluxDB product does with line protocol: which parser it runs, how it takes writes,
 * and which schema rules it enforces. Facts from ../shared/docs/line-protocol.md and write-api.md.
 */
import type { ParserTarget } from './model';

export type Product =
  | 'cloud-serverless'
  | 'cloud-dedicated'
  | 'clustered'
  | 'core'
  | 'enterprise'
  | 'influxdb3-cloud'
  | 'oss-v2'
  | 'v1';

export const PRODUCTS: readonly Product[] = [
  'cloud-serverless',
  'cloud-dedicated',
  'clustered',
  'core',
  'enterprise',
  'influxdb3-cloud',
  'oss-v2',
  'v1',
];

/** How a rejected point is described in the server's answer (write-api.md §3). */
export type ErrorDialect = 'iox' | 'v3' | 'v2' | 'v1';

export type Precision = 'ns' | 'us' | 'ms' | 's';

/** The precisions a timestamp may be given in; every product takes each. */
export const PRECISIONS: readonly Precision[] = ['ns', 'us', 'ms', 's'];

export function isPrecision(value: unknown): value is Precision {
  return (PRECISIONS as readonly unknown[]).includes(value);
}

export interface ProductProfile {
  readonly id: Product;
  /** Human name for messages: "InfluxDB Cloud Serverless". */
  readonly label: string;
  readonly parser: ParserTarget;
  /** Largest unescaped name or string value in UTF-8 bytes; undefined where the parser has none. */
  readonly stringLimit: number | undefined;
  /** Largest series key (measurement + tags) in bytes, for the `models` parser (1.x/2.x). */
  readonly seriesKeyLimit: number | undefined;
  /** Columns per table (tags + fields + time); undefined where the product has no such limit. */
  readonly columnLimit: number | undefined;
  /** Field type conflicts are checked across the whole table, or only within a shard-group window. */
  readonly typeConflictScope: 'table' | 'shard';
  /** A tag and a field with the same key in one measurement are rejected. */
  readonly rejectsTagFieldSameKey: boolean;
  /**
   * Duplicate field keys in one line: `reject` (InfluxDB 3 Core validator), `last-same-type`
   * (IOx keeps the last of the same type, rejects conflicting types), `last` (1.x/2.x keep the last).
   */
  readonly duplicateFields: 'reject' | 'last-same-type' | 'last';
  /**
   * A tag key repeated in one line, whatever its values, is rejected everywhere: by the write path
   * after parsing (`write`: IOx and InfluxDB 3, line-protocol.md §6) or by the `models` parser itself
   * (`parser`: 1.x/2.x, `duplicate tags`).
   */
  readonly duplicateTags: 'write' | 'parser';
  /**
   * The server's own words for a repeated tag when the write path rejects it (IOx says "conflicting
   * values" even for equal ones), `{key}` standing for the key; undefined where the parser rejects it (1.x/2.x).
   */
  readonly duplicateTagMessage: string | undefined;
  /**
   * A point refused for a field type conflict still creates the new fields written before the
   * conflicting one (1.x creates each new field as it validates the point: observed on 1.6.7 with
   * `m a=1i,n=1i,n=0.25`, which leaves `a` and `n` integer in the shard group). Elsewhere a refused
   * point creates nothing.
   */
  readonly conflictKeepsEarlierFields: boolean;
  /** Tag keys the product refuses (`time` everywhere; `_measurement`/`_field` on 2.x). */
  readonly reservedTagKeys: readonly string[];
  /** Field keys the product refuses or strips (`time`). */
  readonly reservedFieldKeys: readonly string[];
  /** Timestamps (in ns) outside this inclusive range are rejected. */
  readonly minTimestampNs: bigint;
  readonly maxTimestampNs: bigint;
  /** Write endpoint family and how it reports rejected points. */
  readonly dialect: ErrorDialect;
  /** The org parameter is sent (Cloud Serverless and OSS 2.x). */
  readonly needsOrg: boolean;
  /** Largest request body in bytes that the server accepts by default. */
  readonly maxBodyBytes: number;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

const IOX_COMMON = {
  parser: 'v3',
  stringLimit: 65536,
  seriesKeyLimit: undefined,
  typeConflictScope: 'table',
  rejectsTagFieldSameKey: true,
  duplicateFields: 'last-same-type',
  duplicateTags: 'write',
  duplicateTagMessage: "the tag '{key}' is specified more than once with conflicting values",
  conflictKeepsEarlierFields: false,
  reservedTagKeys: ['time'],
  reservedFieldKeys: ['time'],
  minTimestampNs: I64_MIN,
  maxTimestampNs: I64_MAX,
  dialect: 'iox',
} as const;

const MODELS_COMMON = {
  stringLimit: undefined,
  seriesKeyLimit: 65535,
  columnLimit: undefined,
  typeConflictScope: 'shard',
  rejectsTagFieldSameKey: false,
  duplicateFields: 'last',
  duplicateTags: 'parser',
  duplicateTagMessage: undefined,
  conflictKeepsEarlierFields: false,
  reservedFieldKeys: ['time'],
  // models/time.go: MinNanoTime = MinInt64 + 2, MaxNanoTime = MaxInt64 - 1.
  minTimestampNs: I64_MIN + 2n,
  maxTimestampNs: I64_MAX - 1n,
} as const;

const V3_SERVER = {
  ...IOX_COMMON,
  stringLimit: 1048576,
  columnLimit: 500,
  duplicateFields: 'reject',
  // Rejected since 3.9.8 / 3.10.3 "the same way duplicate field keys are" (release notes); the words
  // as Core and Enterprise 3.11.0 answer (influxdata/influxdb3_mcp_server tests/fixtures/write-errors.ts).
  duplicateTagMessage: "invalid line protocol - multiple instances of '{key}' tag found",
  // influxdb3_catalog/src/catalog.rs RESERVED_COLUMN_NAMES: `time` and `__chunk_order` ("'{name}' is a reserved column").
  reservedTagKeys: ['time', '__chunk_order'],
  reservedFieldKeys: ['time', '__chunk_order'],
  dialect: 'v3',
  needsOrg: false,
  maxBodyBytes: 10 * 1024 * 1024,
} as const;

export const PROFILES: Readonly<Record<Product, ProductProfile>> = {
  'cloud-serverless': {
    ...IOX_COMMON,
    id: 'cloud-serverless',
    label: 'InfluxDB Cloud Serverless',
    columnLimit: 200,
    needsOrg: true,
    maxBodyBytes: 50 * 1000 * 1000,
  },
  'cloud-dedicated': {
    ...IOX_COMMON,
    id: 'cloud-dedicated',
    label: 'InfluxDB Cloud Dedicated',
    columnLimit: 250,
    needsOrg: false,
    maxBodyBytes: 10 * 1024 * 1024,
  },
  clustered: {
    ...IOX_COMMON,
    id: 'clustered',
    label: 'InfluxDB Clustered',
    columnLimit: 250,
    needsOrg: false,
    maxBodyBytes: 10 * 1024 * 1024,
  },
  core: { ...V3_SERVER, id: 'core', label: 'InfluxDB 3 Core' },
  enterprise: { ...V3_SERVER, id: 'enterprise', label: 'InfluxDB 3 Enterprise' },
  // The managed InfluxDB 3 Enterprise (schema-and-influxdb3.md §1): Enterprise's rules and endpoint.
  'influxdb3-cloud': { ...V3_SERVER, id: 'influxdb3-cloud', label: 'InfluxDB 3 Cloud' },
  'oss-v2': {
    ...MODELS_COMMON,
    id: 'oss-v2',
    label: 'InfluxDB OSS 2.x',
    parser: 'v2',
    reservedTagKeys: ['time', '_measurement', '_field'],
    dialect: 'v2',
    needsOrg: true,
    // OSS 2.x sets no limit by default; batches still stay at a size any proxy accepts.
    maxBodyBytes: 50 * 1000 * 1000,
  },
  v1: {
    ...MODELS_COMMON,
    id: 'v1',
    label: 'InfluxDB 1.x',
    parser: 'v1',
    conflictKeepsEarlierFields: true,
    reservedTagKeys: ['time'],
    dialect: 'v1',
    needsOrg: false,
    maxBodyBytes: 25_000_000,
  },
};

export function isProduct(value: unknown): value is Product {
  return typeof value === 'string' && (PRODUCTS as readonly string[]).includes(value);
}

/** Nanoseconds per unit of each write precision. */
export const NANOS_PER: Readonly<Record<Precision, bigint>> = {
  ns: 1n,
  us: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
};
