/**
 * The stored schema's read time after a Refresh (client/src/schemaCache.ts): the tester saw "read
 * 07:27" at 07:44 after fresh reads, because a measurement of a file no longer open kept its old
 * read time (and stayed in the schema sent). After a Refresh, what is sent is what the open line
 * protocol files use, read then. A file leaves the line protocol documents here by a language
 * change (a close and an open for the extension host, at once, unlike closing an editor).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredSchemaParams } from '../../../protocol/src/protocol';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { schemaSent } from './schemaWait';
import { COMMAND } from './write';
import { workspaceFile } from './workspace';

const REFRESH = 'influxLineProtocol.refreshSchema';
const T0 = '1700000000000000000';

const names = (sent: StoredSchemaParams | null): string[] => (sent?.measurements ?? []).map((m) => m.name).sort();

export function registerSchemaReadTimeSuite(config: SuiteConfig): void {
  suite('The stored schema read time', () => {
    let savedTarget: unknown;
    suiteSetup(async function () {
      if (!config.servers.schemaCore?.token) return this.skip();
      await api();
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      savedTarget = settings.inspect('target')?.workspaceValue;
      await settings.update('target', undefined, vscode.ConfigurationTarget.Workspace);
    });
    suiteTeardown(async () => {
      await vscode.workspace.getConfiguration('influxLineProtocol').update('target', savedTarget, vscode.ConfigurationTarget.Workspace);
    });

    test('after Refresh, a measurement only a file no longer open used is neither sent nor holds the read time back', async () => {
      const server = config.servers.schemaCore as SuiteServer;
      const token = server.token as string;
      const response = await fetch(`${server.url}/api/v3/write_lp?db=${server.bucket}&precision=nanosecond`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: `time_a level=1 ${T0}\ntime_b level=2 ${T0}\n` });
      assert.equal(response.status, 204, await response.text());
      const fileA = workspaceFile('time-a.lp');
      const fileB = workspaceFile('time-b.lp');
      await vscode.workspace.fs.writeFile(fileA, Buffer.from(`time_a level=3 ${T0}\n`, 'utf8'));
      await vscode.workspace.fs.writeFile(fileB, Buffer.from(`time_b level=4 ${T0}\n`, 'utf8'));
      assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, token }), true);
      const docA = await vscode.workspace.openTextDocument(fileA);
      const docB = await vscode.workspace.openTextDocument(fileB);
      await vscode.window.showTextDocument(docA);
      await vscode.window.showTextDocument(docB, { preview: false });
      const first = await schemaSent((s) => names(s).includes('time_a') && names(s).includes('time_b'), 'the schema of time_a and time_b');

      // time-b.lp is no longer a line protocol document; Refresh reads what the open ones use.
      const plain = await vscode.languages.setTextDocumentLanguage(docB, 'plaintext');
      try {
        await vscode.commands.executeCommand(REFRESH);
        const after = await schemaSent((s) => s !== null && names(s).includes('time_a') && !names(s).includes('time_b'), 'a schema without time_b after Refresh');
        // Documents other suites opened may still be open (closing an editor does not close its document at once): only time_b must be gone.
        assert.ok(after && first && after.readAtMs >= first.readAtMs, `the read time went back: ${JSON.stringify({ first: first?.readAtMs, after: after?.readAtMs })}`);
        const state = (await api()).schemaStatus.state;
        assert.ok(state.kind === 'read' && state.measurements === after?.measurements.length && state.readAtMs === after.readAtMs, JSON.stringify(state));
      } finally {
        await vscode.languages.setTextDocumentLanguage(plain, 'influxdb-line-protocol');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    });
  });
}
