/**
 * The connection and credential commands: Add Connection…, Select Connection…, Set Token or
 * Password…, Clear Token or Password. Each takes an optional argument so tests and other
 * commands can run it without prompts.
 */
import * as vscode from 'vscode';
import type { Credentials } from '../../core/src/write/index';
import { describeConnection, readConnections, settingEntry, type ConnectionSettings } from './connections';
import { credentialProblem } from './credentialInput';
import type { ConnectionCredentials } from './credentials';
import { COMMANDS } from './ids';
import { readConnectionState, saveNewConnection, setActiveConnection } from './settings';
import { askNewConnection } from './walkthrough';

/** `setToken`'s optional argument: which connection, and the credentials to save without asking. */
export interface SetTokenArgs {
  readonly connection?: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

/** The connection a command is about: named by the argument, else the active one, else asked for. */
async function pickConnection(name: unknown, title: string): Promise<ConnectionSettings | undefined> {
  const state = readConnectionState();
  if (typeof name === 'string' && name !== '') {
    const found = state.connections.find((c) => c.name === name);
    if (!found) void vscode.window.showErrorMessage(`No InfluxDB connection is named '${name}'.`);
    return found;
  }
  if (state.active) return state.active;
  if (state.connections.length === 0) {
    void vscode.window.showWarningMessage('No InfluxDB connection yet: run "InfluxDB: Add Connection…" first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(state.connections.map((c) => ({ label: c.name, detail: describeConnection(c), connection: c })), { title });
  return picked?.connection;
}

/** A moment's confirmation in the status bar, once the setting is saved: the next write goes there. */
function showActive(name: string): void {
  vscode.window.setStatusBarMessage(`$(check) InfluxDB: writes go to '${name}'`, 5000);
}

function givenCredentials(args: SetTokenArgs): Credentials | undefined {
  if (typeof args.token === 'string') return args.token === '' ? { kind: 'none' } : { kind: 'token', token: args.token };
  if (typeof args.username === 'string' && typeof args.password === 'string') return { kind: 'basic', username: args.username, password: args.password };
  return undefined;
}

/**
 * "Add Connection…" (also the first write with nothing configured): the walkthrough, then at once
 * the credentials box, in the same run of prompts (before the settings are written, which takes a
 * moment during which a late box was easy to dismiss by a stray key), then the settings saved,
 * the connection made active, and a message that says so. Undefined when the user escapes the
 * walkthrough; escaping the credentials box still saves the connection (they are asked at the write).
 */
export async function addConnection(credentials: ConnectionCredentials): Promise<AddedConnection | undefined> {
  const existing = readConnectionState().connections;
  const created = await askNewConnection(existing.map((c) => c.name));
  if (!created) return undefined;
  const settings = readConnections([settingEntry(created)]).connections[0];
  const given = settings ? await credentials.loadOrAsk(settings, existing) : undefined;
  await saveNewConnection(created);
  const saved = readConnectionState().connections.find((c) => c.name === created.name) ?? settings;
  if (saved) {
    const secrets = given ? '' : ' No credentials saved yet: they are asked for at the next write (or run "InfluxDB: Set Token or Password…").';
    const families = created.columnFamilies === undefined ? '' : ` Fields ${created.columnFamilies ? 'are' : 'are not'} stored by column family.`;
    void vscode.window.showInformationMessage(`Connection '${saved.name}' saved and made active. Writes go to ${describeConnection(saved)}.${families}${secrets}`);
  }
  return saved && { connection: saved, credentials: given };
}

/** A connection just added, and its credentials (undefined when the box was escaped). */
export interface AddedConnection {
  readonly connection: ConnectionSettings;
  readonly credentials: Credentials | undefined;
}

export function registerConnectionCommands(credentials: ConnectionCredentials): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(COMMANDS.addConnection, async () => (await addConnection(credentials))?.connection.name),
    vscode.commands.registerCommand(COMMANDS.selectConnection, async (name?: unknown) => {
      const state = readConnectionState();
      if (typeof name === 'string') {
        if (!state.connections.some((c) => c.name === name)) {
          void vscode.window.showErrorMessage(`No InfluxDB connection is named '${name}'.`);
          return undefined;
        }
        await setActiveConnection(name);
        showActive(name);
        return name;
      }
      const add = { label: '$(add) Add Connection…', detail: undefined, connection: undefined };
      const items = [...state.connections.map((c) => ({ label: c.name, description: c.name === state.active?.name ? 'active' : undefined, detail: describeConnection(c), connection: c })), add];
      const picked = await vscode.window.showQuickPick(items, { title: 'Write line protocol to which InfluxDB connection?' });
      if (!picked) return undefined;
      if (!picked.connection) return vscode.commands.executeCommand(COMMANDS.addConnection);
      await setActiveConnection(picked.connection.name);
      showActive(picked.connection.name);
      return picked.connection.name;
    }),
    vscode.commands.registerCommand(COMMANDS.setToken, async (args?: unknown) => {
      const given: SetTokenArgs = typeof args === 'string' ? { connection: args } : typeof args === 'object' && args !== null ? args : {};
      const connection = await pickConnection(given.connection, 'Set the token or password of which connection?');
      if (!connection) return false;
      const direct = givenCredentials(given);
      const problem = direct && credentialProblem(direct);
      if (problem !== undefined) {
        // Refused where it enters; the message never repeats the value.
        void vscode.window.showErrorMessage(`Not saved for '${connection.name}': ${problem}`);
        return false;
      }
      if (direct) await credentials.save(connection, direct);
      else if (!(await credentials.ask(connection))) return false;
      void vscode.window.showInformationMessage(`Credentials for '${connection.name}' saved in VS Code's secret storage.`);
      return true;
    }),
    vscode.commands.registerCommand(COMMANDS.clearToken, async (name?: unknown) => {
      const connection = await pickConnection(name, 'Clear the token or password of which connection?');
      if (!connection) return false;
      await credentials.clear(connection);
      void vscode.window.showInformationMessage(`Credentials for '${connection.name}' removed from VS Code's secret storage.`);
      return true;
    }),
  );
}
