/**
 * What the stored schema follows (storedSchema.ts): the active connection and its bucket, or why
 * none is read (the setting is off, the workspace is not trusted, no connection is active).
 */
import * as vscode from 'vscode';
import { SETTINGS_SECTION } from '../../protocol/src/protocol';
import type { ConnectionSettings } from './connections';
import { SETTINGS } from './ids';
import { originOf, secretKey } from './origin';
import { readConnectionState } from './settings';

export type SchemaContext = { readonly kind: 'off' | 'untrusted' | 'no-connection' } | { readonly kind: 'active'; readonly settings: ConnectionSettings; readonly key: string };

/** One connection and bucket: a cache of its own, and a change of it forgets the schema sent. */
function keyOf(c: ConnectionSettings): string {
  return JSON.stringify([c.name, c.url, c.target, c.bucket, c.org ?? '']);
}

/** The secret-storage key of a connection's credentials; undefined for a URL with no origin. */
export function credentialsKey(connection: ConnectionSettings): string | undefined {
  try {
    return secretKey(originOf(connection.url), connection.name);
  } catch {
    return undefined;
  }
}

export function schemaEnabled(): boolean {
  return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>(SETTINGS.schemaEnabled) !== false;
}

export function currentContext(): SchemaContext {
  if (!schemaEnabled()) return { kind: 'off' };
  if (!vscode.workspace.isTrusted) return { kind: 'untrusted' };
  const { active } = readConnectionState();
  return active ? { kind: 'active', settings: active, key: keyOf(active) } : { kind: 'no-connection' };
}
