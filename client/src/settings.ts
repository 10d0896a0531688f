/**
 * The connection settings as VS Code holds them: reading the `influxLineProtocol` section and
 * saving a new connection or the active one where it takes effect (the workspace when it already
 * sets the value, else the user settings). The validation itself is in connections.ts (pure).
 * Also what the checks follow for a document (checkSettings.ts decides, from these values), and
 * setting the write precision where it takes effect (a quick fix).
 */
import * as vscode from 'vscode';
import type { Precision } from '../../core/src/products';
import { checkSettingsOf, type CheckSettings } from './checkSettings';
import { findActive, readConnections, type ConnectionSettings, type NewConnection, settingEntry } from './connections';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../../protocol/src/protocol';
import { SETTINGS } from './ids';

export interface ConnectionState {
  readonly connections: readonly ConnectionSettings[];
  /** The connection writes go to: the one named by `activeConnection`, or the only one. */
  readonly active: ConnectionSettings | undefined;
  /** Problems with the settings, each saying what to fix. */
  readonly problems: readonly string[];
}

export function readConnectionState(): ConnectionState {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const { connections, problems } = readConnections(config.get<unknown>(SETTINGS.connections));
  const found = findActive(connections, config.get<unknown>(SETTINGS.activeConnection));
  return { connections, active: found.connection, problems: found.problem === undefined ? problems : [...problems, found.problem] };
}

/** Where a setting should be written so that it takes effect. */
function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect(key);
  if (inspected?.workspaceFolderValue !== undefined && vscode.workspace.workspaceFolders?.length === 1) return vscode.ConfigurationTarget.Workspace;
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Appends a connection (never a credential) and makes it the active one. */
export async function saveNewConnection(connection: NewConnection): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const target = targetFor(SETTINGS.connections);
  const inspected = config.inspect<unknown[]>(SETTINGS.connections);
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  await config.update(SETTINGS.connections, [...(Array.isArray(current) ? current : []), settingEntry(connection)], target);
  await setActiveConnection(connection.name.trim());
}

export async function setActiveConnection(name: string): Promise<void> {
  await vscode.workspace.getConfiguration(SETTINGS_SECTION).update(SETTINGS.activeConnection, name, targetFor(SETTINGS.activeConnection));
}

/** The raw entry of `connections` named `name` (for values connections.ts does not read). */
function rawEntry(raw: unknown, name: string | undefined): Record<string, unknown> | undefined {
  if (name === undefined || !Array.isArray(raw)) return undefined;
  const found: unknown = raw.find((e: unknown) => typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name);
  return found as Record<string, unknown> | undefined;
}

/** What the checks of a document follow (its folder's and its language's settings apply), and what the server is sent. */
export function readCheckSettings(scope: vscode.Uri | undefined): CheckSettings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope === undefined ? undefined : { uri: scope, languageId: LANGUAGE_ID });
  const t = config.inspect<unknown>('target');
  // Set by someone at any level: the default alone is not "explicit".
  const explicitTarget =
    t?.workspaceFolderLanguageValue ?? t?.workspaceLanguageValue ?? t?.globalLanguageValue ?? t?.workspaceFolderValue ?? t?.workspaceValue ?? t?.globalValue;
  const { active } = readConnectionState();
  return checkSettingsOf({
    explicitTarget,
    target: config.get<unknown>('target'),
    precision: config.get<unknown>('precision'),
    retentionPeriod: config.get<unknown>('retentionPeriod'),
    shardGroupDuration: config.get<unknown>('shardGroupDuration'),
    maxDiagnostics: config.get<unknown>('maxDiagnostics'),
    inlayTimestamps: config.get<unknown>('inlayHints.timestamps'),
    active,
    activeRetention: rawEntry(config.get<unknown>(SETTINGS.connections), active?.name)?.retentionPeriod,
  });
}

/**
 * Sets the write precision the checks of `scope` use: the active connection's `precision` when it
 * sets one, else `influxLineProtocol.precision` (in the workspace
 * folder or workspace that sets it already, else the workspace, else the user settings).
 * Returns where it was set, in words.
 */
export async function setWritePrecision(scope: vscode.Uri, precision: Precision): Promise<string> {
  const checks = readCheckSettings(scope);
  const active = readConnectionState().active;
  if (checks.precisionOfConnection && active !== undefined) {
    const name = active.name;
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect<unknown[]>(SETTINGS.connections);
    // The level whose list holds the connection (the workspace's wins, as in VS Code's own resolution).
    const levels = [
      [vscode.ConfigurationTarget.Workspace, inspected?.workspaceValue],
      [vscode.ConfigurationTarget.Global, inspected?.globalValue],
    ] as const;
    for (const [target, list] of levels) {
      if (rawEntry(list, name) === undefined || !Array.isArray(list)) continue;
      const updated: unknown[] = list.map((e: unknown) => (rawEntry([e], name) !== undefined ? { ...(e as object), precision } : e));
      await config.update(SETTINGS.connections, updated, target);
      return `connection '${name}'`;
    }
  }
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const p = config.inspect<unknown>('precision');
  const folder = vscode.workspace.getWorkspaceFolder(scope);
  let target: vscode.ConfigurationTarget;
  let where: string;
  if (p?.workspaceFolderValue !== undefined && folder !== undefined) {
    target = vscode.ConfigurationTarget.WorkspaceFolder;
    where = `the influxLineProtocol.precision setting of folder '${folder.name}'`;
  } else if (p?.workspaceValue !== undefined || vscode.workspace.workspaceFolders !== undefined) {
    target = vscode.ConfigurationTarget.Workspace;
    where = 'the influxLineProtocol.precision setting of the workspace';
  } else {
    target = vscode.ConfigurationTarget.Global;
    where = 'the influxLineProtocol.precision user setting';
  }
  await config.update('precision', precision, target);
  return where;
}
