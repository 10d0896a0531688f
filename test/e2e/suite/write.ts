/**
 * "Write to Bucket" with credentials placed in SecretStorage (through the extension's Set Token
 * command, given the value so nothing prompts): writes write.lp to a real InfluxDB 1.x and to the
 * fake Cloud Serverless and InfluxDB 3 Core servers; the lines each server refused become
 * "InfluxDB" diagnostics on those lines.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteReport } from '../../../core/src/write/index';
import { api } from './api';
import { metrics, type SuiteConfig, type SuiteServer } from './config';
import { describe, waitForDiagnostics } from './wait';
import { openInEditor } from './workspace';

/** The public command IDs, as package.json declares them. */
export const COMMAND = {
  writeToBucket: 'influxLineProtocol.writeToBucket',
  selectConnection: 'influxLineProtocol.selectConnection',
  setToken: 'influxLineProtocol.setToken',
} as const;

/** write.lp: lines 4 (count as a string after integers) and 5 (no field value) are refused. */
const REJECTED_LINES = [4, 5];
const WRITTEN = 4;

async function influxQuery(server: SuiteServer, q: string): Promise<unknown> {
  const response = await fetch(`${server.url}/query?${new URLSearchParams({ q, db: server.bucket }).toString()}`, {
    headers: { authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}` },
  });
  assert.equal(response.status, 200, `influxd /query answered ${response.status}`);
  return response.json();
}

export function registerWriteSuite(config: SuiteConfig): void {
  suite('Write to Bucket', () => {
    const servers: [string, SuiteServer | undefined][] = [
      ['InfluxDB 1.x (influxd)', config.servers.v1],
      ['Cloud Serverless (fake)', config.servers.cloud],
      ['InfluxDB 3 Core (fake)', config.servers.core],
    ];
    for (const [label, server] of servers) {
      test(`writes write.lp to ${label}; the refused lines become diagnostics on their lines`, async function () {
        if (!server) return this.skip();
        await api();
        const selected = await vscode.commands.executeCommand<string | undefined>(COMMAND.selectConnection, server.connection);
        assert.equal(selected, server.connection);
        const credentials = server.username !== undefined ? { connection: server.connection, username: server.username, password: server.password } : { connection: server.connection, token: server.token };
        assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, credentials), true);

        const editor = await openInEditor('write.lp');
        const started = performance.now();
        const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
        metrics[`write ${server.connection} ms`] = Math.round(performance.now() - started);
        assert.ok(report, 'Write to Bucket returned no report');
        assert.equal(report.failure, undefined, `the write stopped: ${report.failure?.message}`);
        assert.deepEqual(report.rejected.map((r) => r.line), REJECTED_LINES, JSON.stringify(report));
        assert.equal(report.written, WRITTEN);

        const onRejectedLines = (ds: readonly vscode.Diagnostic[]): boolean => {
          const lines = ds.filter((d) => d.source === 'InfluxDB').map((d) => d.range.start.line + 1);
          return lines.length === REJECTED_LINES.length && REJECTED_LINES.every((l) => lines.includes(l));
        };
        const diagnostics = await waitForDiagnostics(editor.document.uri, onRejectedLines, `InfluxDB diagnostics on lines ${REJECTED_LINES.join(', ')}`);
        for (const d of diagnostics.filter((x) => x.source === 'InfluxDB')) {
          assert.equal(d.severity, vscode.DiagnosticSeverity.Error, describe(d));
          const rejected = report.rejected.find((r) => r.line === d.range.start.line + 1);
          assert.ok(rejected && d.message.includes(rejected.message), `${describe(d)} does not carry the server's message '${rejected?.message}'`);
        }
        if (server === config.servers.v1) {
          // What influxd stored, read back with its own query API.
          const result = (await influxQuery(server, 'SELECT count(temp) FROM sensor')) as { results: { series?: { values: unknown[][] }[] }[] };
          assert.equal(result.results[0].series?.[0].values[0][1], WRITTEN, JSON.stringify(result));
        }
      });
    }
  });
}
