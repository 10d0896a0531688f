/**
 * The connection settings as VS Code holds them: reading the `influxLineProtocol` section and
 * saving a new connection or the active one where it takes effect (the workspace when it already
 * sets the value, else the user settings). The validation itself is in connections.ts (pure).
 */
import * as vscode from 'vscode';
import { findActive, readConnections, type ConnectionSettings, type NewConnection, settingEntry } from './connections';
import { CONFIG_SECTION, SETTINGS } from './ids';

export interface ConnectionState {
  readonly connections: readonly ConnectionSettings[];
  /** The connection writes go to: the one named by `activeConnection`, or the only one. */
  readonly active: ConnectionSettings | undefined;
  /** Problems with the settings, each saying what to fix. */
  readonly problems: readonly string[];
}

export function readConnectionState(): ConnectionState {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const { connections, problems } = readConnections(config.get<unknown>(SETTINGS.connections));
  const found = findActive(connections, config.get<unknown>(SETTINGS.activeConnection));
  return { connections, active: found.connection, problems: found.problem === undefined ? problems : [...problems, found.problem] };
}

/** Where a setting should be written so that it takes effect. */
function targetFor(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(CONFIG_SECTION).inspect(key);
  if (inspected?.workspaceFolderValue !== undefined && vscode.workspace.workspaceFolders?.length === 1) return vscode.ConfigurationTarget.Workspace;
  return inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Appends a connection (never a credential) and makes it the active one. */
export async function saveNewConnection(connection: NewConnection): Promise<void> {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const target = targetFor(SETTINGS.connections);
  const inspected = config.inspect<unknown[]>(SETTINGS.connections);
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  await config.update(SETTINGS.connections, [...(Array.isArray(current) ? current : []), settingEntry(connection)], target);
  await setActiveConnection(connection.name.trim());
}

export async function setActiveConnection(name: string): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(SETTINGS.activeConnection, name, targetFor(SETTINGS.activeConnection));
}
