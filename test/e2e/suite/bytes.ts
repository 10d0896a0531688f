/**
 * Bytes behind the editor's text, in the real VS Code (issues #9 §7 and #10 items 5 and 7): a file
 * with a Latin-1 'é' (byte 0xE9, not UTF-8) opens with U+FFFD in its place; the language server
 * notes that U+FFFD, and Write to Bucket of the saved file sends the bytes on disk: stored byte for
 * byte by a real influxd 1.x, its line left out (with the reason) for the fake Cloud Serverless,
 * which refuses a body that is not UTF-8 whole, as the servers do. A file with a byte order mark
 * (which VS Code takes off the text) gets a note on line 1.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteReport } from '../../../core/src/write/index';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { waitForDiagnostics } from './wait';
import { COMMAND } from './write';
import { workspaceFile } from './workspace';

/** Line 2 holds the byte 0xE9 in a string value. */
function latin1File(measurement: string): Uint8Array {
  return Buffer.concat([Buffer.from(`${measurement},host=a s="ok" 1700000000000000000\n${measurement},host=b s="caf`), Buffer.from([0xe9]), Buffer.from(`" 1700000000000000001\n${measurement},host=c s="x" 1700000000000000002\n`)]);
}

async function openFile(name: string, bytes: Uint8Array): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, bytes);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

async function useConnection(server: SuiteServer): Promise<void> {
  await api();
  assert.equal(await vscode.commands.executeCommand<string | undefined>(COMMAND.selectConnection, server.connection), server.connection);
  const credentials = server.username !== undefined ? { connection: server.connection, username: server.username, password: server.password } : { connection: server.connection, token: server.token };
  assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, credentials), true);
}

export function registerBytesSuite(config: SuiteConfig): void {
  suite('Bytes are not rewritten', () => {
    test('a U+FFFD shown for an invalid byte gets an information note on its line', async () => {
      const editor = await openFile('latin1-note.lp', latin1File('note'));
      assert.ok(editor.document.getText().includes('caf\uFFFD"'), 'VS Code shows the byte as U+FFFD');
      const found = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => d.code === 'replacement-character'), 'the U+FFFD note');
      const note = found.find((d) => d.code === 'replacement-character') as vscode.Diagnostic;
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      assert.deepEqual([note.range.start.line, note.range.start.character], [1, 'note,host=b s="caf'.length]);
      assert.match(note.message, /may stand for a byte of the file that is not valid UTF-8/);
    });

    test('Write to Bucket sends the byte on disk to InfluxDB 1.x: stored as 0xE9, not U+FFFD', async function () {
      const server = config.servers.v1;
      if (!server) return this.skip();
      await useConnection(server);
      const editor = await openFile('latin1-v1.lp', latin1File('latin1'));
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
      assert.ok(report, 'Write to Bucket returned no report');
      assert.deepEqual({ written: report.written, rejected: report.rejected, notSent: report.notSent, failure: report.failure }, { written: 3, rejected: [], notSent: [], failure: undefined });
      // CSV, which influxd writes byte for byte (its JSON would itself print U+FFFD).
      const response = await fetch(`${server.url}/query?${new URLSearchParams({ q: 'SELECT s FROM latin1', db: server.bucket }).toString()}`, {
        headers: { accept: 'application/csv', authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}` },
      });
      assert.equal(response.status, 200);
      const csv = Buffer.from(await response.arrayBuffer());
      assert.ok(csv.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), `caf + 0xE9 stored: ${csv.toString('hex')}`);
      assert.ok(!csv.includes(Buffer.from('\uFFFD')), 'nothing stored as U+FFFD');
    });

    test('Write to Bucket of a selection sends its lines from disk too: the byte stored as 0xE9', async function () {
      const server = config.servers.v1;
      if (!server) return this.skip();
      await useConnection(server);
      const editor = await openFile('latin1-selection.lp', latin1File('latin1sel'));
      // Lines 2 and 3 (0-based 1-2), from inside line 2 to inside line 3.
      editor.selection = new vscode.Selection(1, 3, 2, 4);
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket);
      assert.ok(report, 'Write to Bucket returned no report');
      assert.deepEqual({ written: report.written, rejected: report.rejected, notSent: report.notSent, failure: report.failure }, { written: 2, rejected: [], notSent: [], failure: undefined });
      const response = await fetch(`${server.url}/query?${new URLSearchParams({ q: 'SELECT s FROM latin1sel', db: server.bucket }).toString()}`, {
        headers: { accept: 'application/csv', authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}` },
      });
      const csv = Buffer.from(await response.arrayBuffer());
      assert.ok(csv.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), `caf + 0xE9 stored: ${csv.toString('hex')}`);
      assert.ok(!csv.includes(Buffer.from('\uFFFD')), 'nothing stored as U+FFFD');
      assert.equal(csv.toString('latin1').trim().split('\n').length, 3, 'the header and the 2 selected lines');
    });

    test('Write to Bucket to Cloud Serverless leaves the line out with the reason and writes the others', async function () {
      const server = config.servers.cloud;
      if (!server) return this.skip();
      await useConnection(server);
      const editor = await openFile('latin1-cloud.lp', latin1File('latin1'));
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
      assert.ok(report, 'Write to Bucket returned no report');
      assert.equal(report.written, 2, JSON.stringify(report));
      assert.deepEqual(report.notSent.map((n) => n.line), [2]);
      assert.match(report.notSent[0].reason, /^not sent: byte 0xE9 on line 2 is not valid UTF-8, and InfluxDB Cloud Serverless rejects a request whose body is not UTF-8 as a whole/);
      await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => d.source === 'InfluxDB' && d.range.start.line === 1 && d.message.includes('0xE9')), 'the not-sent note on line 2');
    });

    test('a file with a byte order mark gets a note on line 1', async () => {
      const editor = await openFile('bom.lp', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('m f=1 1\n')]));
      assert.equal(editor.document.getText(), 'm f=1 1\n', 'VS Code takes the mark off the text');
      const found = await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => d.code === 'byte-order-mark'), 'the byte order mark note');
      const note = found.find((d) => d.code === 'byte-order-mark') as vscode.Diagnostic;
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(note.range.start.line, 0);
    });
  });
}
