/**
 * Issue #9, "Tests that prove it": each shipped example (examples/*.lp, copied into the workspace's
 * `examples/` by the runner) written with the real "Write to Bucket" command to the real InfluxDB
 * 1.x, each to a fresh database of its own, then read back with influxd's query API: the summary's
 * count is what the server holds, every line counted written is a stored point, no rejected line
 * is stored, and each rejected line carries its problem on that line.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteReport } from '../../../core/src/write/index';
import { disagreements, exampleDatabase, storedRows, WRITE_OUTCOME, type QueryJson } from '../support/exampleWrites';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { COMMAND } from './write';
import { workspaceFile } from './workspace';

async function influxQuery(server: SuiteServer, q: string, db?: string): Promise<QueryJson> {
  const response = await fetch(`${server.url}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}` },
    body: new URLSearchParams({ q, ...(db === undefined ? {} : { db }) }).toString(),
  });
  assert.equal(response.status, 200, `influxd /query '${q}' answered ${response.status}`);
  const json = (await response.json()) as QueryJson;
  assert.equal(json.results[0]?.error, undefined, `influxd /query '${q}': ${json.results[0]?.error}`);
  return json;
}

/** A connection to the same influxd, writing to `db` (added to the workspace settings). */
async function connectionFor(server: SuiteServer, name: string, db: string): Promise<void> {
  const settings = vscode.workspace.getConfiguration('influxLineProtocol');
  const connections = (settings.get<{ name: string }[]>('connections') ?? []).filter((c) => c.name !== name);
  await settings.update('connections', [...connections, { name, url: server.url, target: 'v1', bucket: db, precision: 'ns' }], vscode.ConfigurationTarget.Workspace);
  assert.equal(await vscode.commands.executeCommand<string | undefined>(COMMAND.selectConnection, name), name);
  assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: name, username: server.username, password: server.password }), true);
}

export function registerExamplesSuite(config: SuiteConfig): void {
  suite('The shipped examples, written to InfluxDB 1.x', () => {
    test('every example is in the workspace', async () => {
      const found = (await vscode.workspace.findFiles('examples/*.lp')).map((uri) => uri.path.split('/').pop() ?? '').sort();
      assert.deepEqual(found, Object.keys(WRITE_OUTCOME).sort(), 'examples/*.lp in the workspace and WRITE_OUTCOME differ');
    });

    for (const file of Object.keys(WRITE_OUTCOME).sort()) {
      test(`Write to Bucket of examples/${file}: the summary and every line match what influxd stored`, async function () {
        const server = config.servers.v1;
        if (!server) return this.skip();
        const extension = await api();
        const db = exampleDatabase(file);
        // A fresh database: the examples all write "weather", and each is judged alone.
        await influxQuery(server, `DROP DATABASE ${db}`);
        await influxQuery(server, `CREATE DATABASE ${db}`);
        const name = `example ${file}`;
        await connectionFor(server, name, db);

        const uri = workspaceFile(`examples/${file}`);
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
        const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, uri);
        assert.ok(report, 'Write to Bucket returned no report');
        assert.equal(report.failure, undefined, `the write stopped: ${report.failure?.message}`);
        assert.deepEqual(report.rejected.map((r) => r.line), WRITE_OUTCOME[file], `${file}: rejected lines\n${JSON.stringify(report)}`);
        assert.deepEqual({ notSent: report.notSent, unconfirmed: report.unconfirmed }, { notSent: [], unconfirmed: [] }, file);

        // The bytes on disk are what was written (the editor's text may differ: CRLF, a byte order mark).
        const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
        const rows = storedRows(await influxQuery(server, 'SELECT * FROM /.*/', db));
        assert.deepEqual(disagreements(file, text, report, rows, 'ns', `'${name}'`), []);

        // Each rejected line has its error on that line, and no other line has one.
        const errors = extension.writeDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
        assert.deepEqual(
          errors.map((d) => d.range.start.line + 1).sort((a, b) => a - b),
          [...WRITE_OUTCOME[file]],
          `${file}: write problems ${JSON.stringify(errors.map((d) => [d.range.start.line + 1, d.message]))}`,
        );
        for (const rejected of report.rejected) {
          const on = errors.find((d) => d.range.start.line + 1 === rejected.line);
          assert.ok(on?.message.includes(rejected.message), `${file}:${rejected.line}: the problem does not carry the server's reason '${rejected.message}'`);
        }
      });
    }
  });
}
