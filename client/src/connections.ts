/**
 * The `influxLineProtocol.connections` setting: validation, defaults per target, and the
 * write pipeline's `Connection`. Pure module: it reads plain values, never the VS Code API.
 */
import { acceptsAuto, type WritePrecision } from '../../core/src/autoPrecision';
import { isPrecision, isProduct, PRECISIONS, PROFILES, type Precision, type Product } from '../../core/src/products';
import { bucketWord, defaultConnectionLimits, type Connection } from '../../core/src/write/index';
import { originOf, OriginError } from './origin';
import { shownUrl } from '../../core/src/write/url';
import { choosesColumnFamilies } from '../../core/src/analysis/settings';

/** One validated entry of `influxLineProtocol.connections`, defaults filled in. */
export interface ConnectionSettings {
  readonly name: string;
  readonly url: string;
  readonly target: Product;
  readonly bucket: string;
  readonly org: string | undefined;
  /** Undefined: the precision set for the file written (`influxLineProtocol.precision`). `auto`: /api/v3/write_lp only. */
  readonly precision: WritePrecision | undefined;
  readonly gzip: boolean;
  /** `accept_partial` of /api/v3/write_lp (Core, Enterprise, InfluxDB 3 Cloud): false only when set so. */
  readonly acceptPartial?: boolean;
  /** Whether the server stores fields by column family, when set (Enterprise, InfluxDB 3 Cloud; see core/src/analysis/families.ts). */
  readonly columnFamilies?: boolean;
  readonly batchLines: number;
  readonly batchBytes: number;
  readonly timeoutSeconds: number;
  /** A PEM file of certificate authorities to trust for this server (self-signed, private CA), as set. */
  readonly caFile: string | undefined;
}

export interface ReadConnections {
  readonly connections: readonly ConnectionSettings[];
  /** One message per unusable entry, saying which entry, what is wrong and what to do. */
  readonly problems: readonly string[];
}

/** Whether a target's writes name an org (Cloud Serverless, OSS 2.x). */
export function needsOrg(target: Product): boolean {
  return PROFILES[target].needsOrg;
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Validates one entry; returns the settings, or a message naming the entry and the fix. */
function readOne(raw: unknown, index: number): ConnectionSettings | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `influxLineProtocol.connections[${index}] is not an object: give {"name", "url", "target", "bucket"}.`;
  }
  const entry = raw as Record<string, unknown>;
  const name = nonEmptyString(entry.name);
  const where = name === undefined ? `influxLineProtocol.connections[${index}]` : `Connection '${name}'`;
  if (name === undefined) return `${where} has no "name": give it a name to select it by.`;
  const url = nonEmptyString(entry.url);
  if (url === undefined) return `${where} has no "url": give the server's address, e.g. http://localhost:8086.`;
  const urlProblem = checkUrl(url);
  if (urlProblem?.severity === 'error') return `${where}: ${urlProblem.message}`;
  if (!isProduct(entry.target)) {
    return `${where} has no valid "target" (got ${JSON.stringify(entry.target)}): use one of ${Object.keys(PROFILES).join(', ')}.`;
  }
  const target = entry.target;
  const bucket = nonEmptyString(entry.bucket);
  if (bucket === undefined) return `${where} has no "bucket": give the ${bucketWord(target)} to write to.`;
  const org = nonEmptyString(entry.org);
  if (needsOrg(target) && org === undefined) {
    return `${where} writes to ${PROFILES[target].label}, which needs an "org": give the organisation name or ID.`;
  }
  if (entry.precision === 'auto' && !acceptsAuto(target)) {
    return `${where} has "precision" "auto", which only /api/v3/write_lp takes (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not ${PROFILES[target].label}: use one of ${PRECISIONS.join(', ')}.`;
  }
  if (entry.precision !== undefined && entry.precision !== 'auto' && !isPrecision(entry.precision)) {
    return `${where} has an unknown "precision" ${JSON.stringify(entry.precision)}: use one of ${PRECISIONS.join(', ')}${acceptsAuto(target) ? ' or auto' : ''}.`;
  }
  if (entry.acceptPartial !== undefined && typeof entry.acceptPartial !== 'boolean') return `${where} has an "acceptPartial" that is not true or false.`;
  if (entry.acceptPartial === false && !acceptsAuto(target)) {
    return `${where} sets "acceptPartial" to false, which only /api/v3/write_lp takes (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not ${PROFILES[target].label}: remove it.`;
  }
  if (entry.columnFamilies !== undefined && typeof entry.columnFamilies !== 'boolean') return `${where} has a "columnFamilies" that is not true or false.`;
  if (entry.columnFamilies === true && !choosesColumnFamilies(target)) {
    return `${where} sets "columnFamilies" to true, but ${PROFILES[target].label} does not store fields by column family (only InfluxDB 3 Enterprise on its newer storage engine and InfluxDB 3 Cloud do): remove it.`;
  }
  if (entry.caFile !== undefined && typeof entry.caFile !== 'string') return `${where} has a "caFile" that is not a path: give the PEM file's path as a string.`;
  const defaults = defaultConnectionLimits(target);
  return {
    name,
    url,
    target,
    bucket,
    org,
    precision: entry.precision,
    gzip: typeof entry.gzip === 'boolean' ? entry.gzip : defaults.gzip,
    ...(entry.acceptPartial === false ? { acceptPartial: false } : {}),
    ...(typeof entry.columnFamilies === 'boolean' && choosesColumnFamilies(target) ? { columnFamilies: entry.columnFamilies } : {}),
    batchLines: positiveInteger(entry.batchLines) ?? defaults.batchLines,
    // Never more than the target accepts in one body, whatever the setting says.
    batchBytes: Math.min(positiveInteger(entry.batchBytes) ?? defaults.batchBytes, PROFILES[target].maxBodyBytes),
    timeoutSeconds: typeof entry.timeoutSeconds === 'number' && entry.timeoutSeconds > 0 ? entry.timeoutSeconds : defaults.timeoutMs / 1000,
    caFile: nonEmptyString(entry.caFile),
  };
}

const SECRET_KEYS = ['token', 'password', 'username', 'apiToken', 'auth'];

/** Credential-like keys someone put into a connection entry (they are ignored, and reported). */
function secretKeysIn(entry: unknown): string[] {
  if (typeof entry !== 'object' || entry === null) return [];
  return SECRET_KEYS.filter((key) => key in entry);
}

/** Reads the raw setting value: every usable entry, and a message for each unusable one (or one holding a credential). */
export function readConnections(raw: unknown): ReadConnections {
  if (raw === undefined || raw === null) return { connections: [], problems: [] };
  if (!Array.isArray(raw)) {
    return { connections: [], problems: ['influxLineProtocol.connections must be an array of connections: see the setting\'s description.'] };
  }
  const connections: ConnectionSettings[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const secrets = secretKeysIn(entry);
    if (secrets.length > 0) {
      const name = typeof (entry as { name?: unknown }).name === 'string' ? `Connection '${(entry as { name: string }).name}'` : `influxLineProtocol.connections[${index}]`;
      problems.push(`${name} has ${secrets.map((k) => `"${k}"`).join(' and ')} in the settings, which are not secret and never used: remove it, and run "InfluxDB: Set Token or Password…" to keep it in VS Code's secret storage.`);
    }
    const result = readOne(entry, index);
    if (typeof result === 'string') problems.push(result);
    else if (seen.has(result.name)) problems.push(`Connection '${result.name}' is defined twice: the first one is used; rename or remove the other.`);
    else {
      seen.add(result.name);
      connections.push(result);
    }
  });
  return { connections, problems };
}

/**
 * The write pipeline's connection for these settings. `filePrecision` is the precision set for
 * the file written (`influxLineProtocol.precision`, which the editor checks timestamps with): used
 * when the connection sets none, so that the editor and the write read timestamps alike.
 */
export function toWriteConnection(settings: ConnectionSettings, filePrecision: WritePrecision = 'ns'): Connection {
  const defaults = defaultConnectionLimits(settings.target);
  // auto is sent as precision=auto; a target that does not take it gets a clear error from writeUrl before any request.
  const precision = settings.precision ?? filePrecision;
  return {
    url: settings.url,
    product: settings.target,
    bucket: settings.bucket,
    org: settings.org,
    precision: precision === 'auto' ? 'ns' : precision,
    ...(precision === 'auto' ? { autoPrecision: true } : {}),
    ...(settings.acceptPartial === false ? { acceptPartial: false } : {}),
    gzip: settings.gzip,
    batchLines: settings.batchLines,
    batchBytes: settings.batchBytes,
    timeoutMs: Math.round(settings.timeoutSeconds * 1000),
    maxRetries: defaults.maxRetries,
    maxRetryTimeMs: defaults.maxRetryTimeMs,
  };
}

export interface UrlProblem {
  /** `error` blocks the URL; `warning` lets it through with advice. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Checks a server URL as typed: unusable (error), risky (warning: plain http beyond this machine), or fine. */
export function checkUrl(url: string): UrlProblem | undefined {
  let origin: string;
  try {
    origin = originOf(url);
  } catch (error) {
    if (error instanceof OriginError) return { severity: 'error', message: error.message };
    throw error;
  }
  const parsed = new URL(origin);
  if (parsed.protocol === 'http:' && !LOOPBACK.test(parsed.hostname)) {
    return { severity: 'warning', message: `http:// sends the token unencrypted to ${parsed.hostname}: use https:// unless the network is trusted.` };
  }
  return undefined;
}

/** Checks a new connection's name against the existing ones. */
export function checkName(name: string, existing: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'Give the connection a name, e.g. "local" or "production".';
  if (existing.includes(trimmed)) return `A connection named '${trimmed}' exists already: choose another name.`;
  return undefined;
}

/** The connection named by `activeConnection`, if any (and a message when the name matches none). */
export function findActive(
  connections: readonly ConnectionSettings[],
  activeName: unknown,
): { connection: ConnectionSettings | undefined; problem: string | undefined } {
  if (typeof activeName !== 'string' || activeName === '') {
    // A single connection needs no choosing.
    return { connection: connections.length === 1 ? connections[0] : undefined, problem: undefined };
  }
  const connection = connections.find((c) => c.name === activeName);
  return connection
    ? { connection, problem: undefined }
    : { connection: undefined, problem: `influxLineProtocol.activeConnection names '${activeName}', but no connection has that name: select one.` };
}

/** One line describing where a connection writes: "bucket 'b' (org 'o') at https://host:443 · InfluxDB OSS 2.x". */
export function describeConnection(settings: ConnectionSettings): string {
  let origin: string;
  try {
    origin = originOf(settings.url);
  } catch {
    // A URL that fails the checks may hold a user:password@ or a ?token=: never show it whole.
    origin = shownUrl(settings.url);
  }
  const org = settings.org !== undefined ? ` (org '${settings.org}')` : '';
  return `${bucketWord(settings.target)} '${settings.bucket}'${org} at ${origin} · ${PROFILES[settings.target].label}`;
}

/** Where a new connection of this target usually lives: the walkthrough's suggested URL. */
export function defaultUrl(target: Product): string {
  switch (target) {
    case 'cloud-serverless':
      return 'https://us-east-1-1.aws.cloud2.influxdata.com';
    case 'cloud-dedicated':
      return 'https://cluster-id.a.influxdb.io';
    case 'clustered':
      return 'https://influxdb.example.com';
    case 'core':
    case 'enterprise':
      return 'http://localhost:8181';
    case 'influxdb3-cloud':
      // The docs' form (docs.influxdata.com/influxdb3/cloud/api/quick-start/).
      return 'https://cluster-host.a.influxdb.io';
    default:
      return 'http://localhost:8086';
  }
}

/** What the walkthrough asks for: the rest takes the target's defaults. */
export interface NewConnection {
  readonly name: string;
  readonly url: string;
  readonly target: Product;
  readonly bucket: string;
  readonly org?: string;
  readonly precision?: Precision;
  /** The walkthrough's answer for Enterprise and InfluxDB 3 Cloud: whether the server stores fields by column family. */
  readonly columnFamilies?: boolean;
}

/**
 * The entry saved into `influxLineProtocol.connections` for a new connection: only what the user
 * chose (defaults stay implicit so they follow the extension's), and never a credential.
 */
export function settingEntry(connection: NewConnection): Record<string, string | boolean> {
  const entry: Record<string, string | boolean> = { name: connection.name.trim(), url: connection.url.trim(), target: connection.target, bucket: connection.bucket.trim() };
  if (needsOrg(connection.target) && connection.org !== undefined && connection.org.trim() !== '') entry.org = connection.org.trim();
  if (connection.precision !== undefined) entry.precision = connection.precision;
  if (connection.columnFamilies !== undefined && choosesColumnFamilies(connection.target)) entry.columnFamilies = connection.columnFamilies;
  return entry;
}

/** A precision setting's value, or undefined when it is not one. */
export function asPrecision(value: unknown): WritePrecision | undefined {
  return isPrecision(value) || value === 'auto' ? value : undefined;
}

/**
 * Where a connection's `caFile` is: `~/…` in the home folder, a relative path in the workspace
 * folder (undefined when there is none to resolve it against), an absolute path as it is.
 */
export function resolveCaFile(caFile: string, home: string, workspaceFolder: string | undefined): string | undefined {
  if (caFile === '~' || caFile.startsWith('~/')) return `${home}${caFile.slice(1)}`;
  if (caFile.startsWith('/') || /^[A-Za-z]:[\\/]/.test(caFile) || caFile.startsWith('\\\\')) return caFile;
  if (workspaceFolder === undefined) return undefined;
  return `${workspaceFolder.replace(/[\\/]+$/, '')}/${caFile}`;
}
