/**
 * Credentials are bound to the server's ORIGIN (scheme://host:port). A token saved for
 * https://a.example:443 is only ever handed out for a connection whose URL has that same origin,
 * whatever the (possibly workspace-chosen) settings say: a workspace that points a connection at
 * another host simply finds no token, and the user is asked, with the new origin shown.
 *
 * Pure module: the secret store is a small interface (VS Code's `SecretStorage` fits it).
 */
import type { Credentials } from '../../core/src/write/index';
import { checkServerUrl } from '../../core/src/write/url';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** The URL of a connection is not usable; the message says what and how to fix it. */
export class OriginError extends Error {
  override readonly name = 'OriginError';
}

/**
 * `scheme://host:port`, lower-cased, with the default port made explicit, so that
 * `https://A.example/x` and `https://a.example:443` are the same origin.
 * Throws OriginError for anything but an absolute http(s) URL without user:password@, with
 * checkServerUrl's message: the same one a write gives for that URL.
 */
export function originOf(url: string): string {
  const checked = checkServerUrl(url.trim());
  if (!checked.ok) throw new OriginError(checked.message);
  const parsed = checked.url;
  // URL already lower-cases the scheme and host, and brackets IPv6 addresses.
  return `${parsed.protocol}//${parsed.hostname}:${parsed.port === '' ? DEFAULT_PORTS[parsed.protocol] : parsed.port}`;
}

/** The secret-storage key of a connection's credentials: the origin first, then the connection name. */
export function secretKey(origin: string, connectionName: string): string {
  return `influxLineProtocol.credentials:${origin}#${encodeURIComponent(connectionName)}`;
}

/** The part of VS Code's SecretStorage that this module needs. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** What names a connection for its credentials. */
export interface CredentialsOwner {
  readonly name: string;
  readonly url: string;
}

interface StoredRecord {
  readonly origin: string;
  readonly credentials: Credentials;
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  switch (v.kind) {
    case 'token':
      return typeof v.token === 'string';
    case 'basic':
      return typeof v.username === 'string' && typeof v.password === 'string';
    case 'none':
      return true;
    default:
      return false;
  }
}

function parseRecord(text: string): StoredRecord | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    return typeof record.origin === 'string' && isCredentials(record.credentials)
      ? { origin: record.origin, credentials: record.credentials }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Credentials in a secret store, each bound to the origin it was given for. The stored record
 * repeats the origin, and `load` checks it, so even a key collision can never hand a token to
 * another origin.
 */
export class OriginBoundCredentials {
  constructor(private readonly store: SecretStore) {}

  async load(owner: CredentialsOwner): Promise<Credentials | undefined> {
    const origin = originOf(owner.url);
    const text = await this.store.get(secretKey(origin, owner.name));
    if (text === undefined) return undefined;
    const record = parseRecord(text);
    return record !== undefined && record.origin === origin ? record.credentials : undefined;
  }

  async save(owner: CredentialsOwner, credentials: Credentials): Promise<void> {
    const origin = originOf(owner.url);
    const record: StoredRecord = { origin, credentials };
    await this.store.store(secretKey(origin, owner.name), JSON.stringify(record));
  }

  async clear(owner: CredentialsOwner): Promise<void> {
    await this.store.delete(secretKey(originOf(owner.url), owner.name));
  }
}
