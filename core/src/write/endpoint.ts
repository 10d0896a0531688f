/**
 * Where and how each product takes writes (write-api.md §1): the URL with its query parameters
 * and the Authorization header. Credentials only ever go into the header, never into the URL.
 */
import { acceptsAuto } from '../autoPrecision';
import { usesWriteLp } from '../influxdb3';
import { PROFILES, type Product } from '../products';
import type { Connection, Credentials } from './types';
import { checkServerUrl } from './url';

/** A problem with the connection settings themselves: nothing was sent. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

/** InfluxDB 3 Core/Enterprise/Cloud spell precisions in full (all versions accept these). */
const V3_PRECISION = { ns: 'nanosecond', us: 'microsecond', ms: 'millisecond', s: 'second' } as const;
/** 1.x letters: 1.6.7 treats an unknown value, including `us`, as nanoseconds. */
const V1_PRECISION = { ns: 'n', us: 'u', ms: 'ms', s: 's' } as const;

function baseUrl(connection: Connection): URL {
  const checked = checkServerUrl(connection.url);
  if (!checked.ok) throw new ConnectionError(checked.message);
  return checked.url;
}

/** The write URL for the connection's product. Throws ConnectionError for a bad URL or missing names. */
export function writeUrl(connection: Connection): URL {
  const base = baseUrl(connection);
  const profile = PROFILES[connection.product];
  if (connection.bucket === '') {
    throw new ConnectionError(`No bucket or database name given: set the name to write to.`);
  }
  if (profile.needsOrg && !connection.org) {
    throw new ConnectionError(`${profile.label} needs an organisation: set the org (name or ID) to write to bucket '${connection.bucket}'.`);
  }
  if (connection.autoPrecision === true && !acceptsAuto(connection.product)) {
    // Only /api/v3/write_lp takes auto (influxdb3_types/src/write.rs); elsewhere it would be refused or misread.
    throw new ConnectionError(`Precision auto is taken only by /api/v3/write_lp (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not by ${profile.label}: set the precision your timestamps are in (ns, us, ms or s).`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const params = new URLSearchParams();
  let path: string;
  switch (connection.product) {
    case 'core':
    case 'enterprise':
    case 'influxdb3-cloud':
      path = '/api/v3/write_lp';
      params.set('db', connection.bucket);
      params.set('precision', connection.autoPrecision === true ? 'auto' : V3_PRECISION[connection.precision]);
      params.set('accept_partial', connection.acceptPartial === false ? 'false' : 'true');
      break;
    case 'v1':
      path = '/write';
      params.set('db', connection.bucket);
      params.set('precision', V1_PRECISION[connection.precision]);
      break;
    default:
      path = '/api/v2/write';
      if (connection.org) params.set('org', connection.org);
      params.set('bucket', connection.bucket);
      params.set('precision', connection.precision);
  }
  const url = new URL(base.origin);
  url.pathname = prefix + path;
  url.search = params.toString();
  return url;
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The Authorization header value, or undefined for no auth. */
export function authorization(connection: Connection, credentials: Credentials): string | undefined {
  switch (credentials.kind) {
    case 'none':
      return undefined;
    case 'basic':
      return `Basic ${base64Utf8(`${credentials.username}:${credentials.password}`)}`;
    case 'token':
      // InfluxDB 3 documents Bearer; every other product takes `Token` (1.8+: `Token user:password`).
      return usesWriteLp(connection.product)
        ? `Bearer ${credentials.token}`
        : `Token ${credentials.token}`;
  }
}

/** A URL safe for messages and logs: no userinfo, and any credential-like query parameter masked. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '<invalid URL>';
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of ['u', 'p', 'token', 'password']) {
    if (parsed.searchParams.has(key)) parsed.searchParams.set(key, 'REDACTED');
  }
  return parsed.toString();
}

/** "bucket" or "database": what the product calls the place data goes. */
export function bucketWord(product: Product): 'bucket' | 'database' {
  return product === 'cloud-serverless' || product === 'oss-v2' ? 'bucket' : 'database';
}

/** "bucket 'b' in org 'o'" / "database 'db'": how messages name what was written to. */
export function targetNames(connection: Connection): string {
  const profile = PROFILES[connection.product];
  const what = `${bucketWord(connection.product)} '${connection.bucket}'`;
  return profile.needsOrg && connection.org ? `${what} in org '${connection.org}'` : what;
}
