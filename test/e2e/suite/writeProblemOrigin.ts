/**
 * Problems from a write name the connection and bucket that rejected them, and go when the active
 * connection becomes another: they describe the old server (client/src/writeDiagnosticsView.ts).
 * The tester's case: "InfluxDB(400)" problems stayed after switching connections, naming no server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteReport } from '../../../core/src/write/index';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { describe, waitForDiagnostics } from './wait';
import { COMMAND } from './write';
import { workspaceFile } from './workspace';

async function useConnection(server: SuiteServer): Promise<void> {
  assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
  const credentials = server.username !== undefined ? { connection: server.connection, username: server.username, password: server.password } : { connection: server.connection, token: server.token };
  assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, credentials), true);
}

const ours = (ds: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => ds.filter((d) => d.source === 'InfluxDB');

export function registerWriteProblemOriginSuite(config: SuiteConfig): void {
  suite('Write problems and the active connection', () => {
    test('name the connection and database that rejected them, and are cleared when another connection becomes active', async function () {
      const { core, cloud } = config.servers;
      if (!core || !cloud) return this.skip();
      await api();
      await useConnection(core);
      // A file of its own: the runner counts what write.lp stored on each server.
      const file = workspaceFile('origin.lp');
      await vscode.workspace.fs.writeFile(file, Buffer.from(['origin_probe,room=a count=3i 1700000000000000000', 'origin_probe,room=b count="five" 1700000060000000000', ''].join('\n'), 'utf8'));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
      assert.ok(report && report.rejected.length > 0, `the write rejected nothing: ${JSON.stringify(report)}`);
      const uri = editor.document.uri;
      const rejected = await waitForDiagnostics(uri, (ds) => ours(ds).length >= report.rejected.length, 'the rejected lines as problems');
      for (const d of ours(rejected)) assert.ok(d.message.endsWith(`(write to '${core.connection}', database '${core.bucket}')`), `${describe(d)} does not name the connection and database`);

      // Another connection: the problems described the old server.
      assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, cloud.connection), cloud.connection);
      await waitForDiagnostics(uri, (ds) => ours(ds).length === 0, 'no InfluxDB write problems after switching connections');
    });
  });
}
