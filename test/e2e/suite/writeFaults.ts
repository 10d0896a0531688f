/**
 * "Write to Bucket" when it is not simple: run while the Output panel has focus (it must write the
 * line protocol editor, never the log); cancelled while a request is in flight (the transport is
 * aborted, its lines are unconfirmed); a server that answers 429 with Retry-After (the wait is
 * shown); a token with a control character (refused where it enters). The slow and busy servers
 * are test/e2e/support/faultServer.ts, run by the node:test side.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteReport } from '../../../core/src/write/index';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { describe, waitForDiagnostics } from './wait';
import { COMMAND } from './write';
import { openInEditor } from './workspace';

const SHOW_LOG = 'influxLineProtocol.showLog';
/** write.lp's data lines; influxd refuses lines 4 and 5 (see write.ts), the fault server takes all. */
const DATA_LINES = [2, 3, 4, 5, 6, 7];

async function useConnection(server: SuiteServer): Promise<void> {
  assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
  const credentials = server.username !== undefined ? { connection: server.connection, username: server.username, password: server.password } : { connection: server.connection, token: server.token };
  assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, credentials), true);
}

/** Resolves with the active editor once `accept` likes it (now, or on a change of active editor). */
function activeEditorWhere(accept: (editor: vscode.TextEditor | undefined) => boolean, what: string, timeoutMs = 15_000): Promise<vscode.TextEditor | undefined> {
  if (accept(vscode.window.activeTextEditor)) return Promise.resolve(vscode.window.activeTextEditor);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; the active editor is ${vscode.window.activeTextEditor?.document.uri.toString() ?? '(none)'}`));
    }, timeoutMs);
    const listener = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (!accept(editor)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(editor);
    });
  });
}

/** The fault server's own count of what happened (long-polls until it reaches the numbers asked). */
async function faultServerEvents(server: SuiteServer, wait: { requests?: number; aborts?: number } = {}): Promise<{ requests: number; aborts: number }> {
  const query = new URLSearchParams({ bucket: server.bucket, requests: String(wait.requests ?? 0), aborts: String(wait.aborts ?? 0) });
  const response = await fetch(`${server.url}/__test/wait?${query.toString()}`);
  return (await response.json()) as { requests: number; aborts: number };
}

export function registerWriteFaultsSuite(config: SuiteConfig): void {
  suite('Write to Bucket: focus, Cancel, waits, refused tokens', () => {
    test('with no line protocol document open, it writes nothing (not the Markdown file that is focused)', async () => {
      const extension = await api();
      const before = extension.lastWrite;
      // Earlier suites leave untitled line protocol documents with edits: revert and close each (no save prompt).
      for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) {
        if (!(tab.input instanceof vscode.TabInputText)) continue;
        await vscode.window.showTextDocument(tab.input.uri);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      assert.deepEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label), [], 'editors are still open');
      const markdown = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'sensor temp=1 1700000000000000000\n' });
      await vscode.window.showTextDocument(markdown);
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket);
      assert.equal(report, undefined, JSON.stringify(report));
      assert.equal(extension.lastWrite, before, 'a write happened');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('with the Output panel focused, it writes the line protocol editor last active, never the log', async function () {
      // The real influxd: writing write.lp again stores nothing twice (the same points overwrite themselves).
      const v1 = config.servers.v1;
      if (!v1) return this.skip();
      const extension = await api();
      await useConnection(v1);
      const editor = await openInEditor('write.lp');
      // Issue 9 §1: "Show Output" then "Write to Bucket" once wrote the extension's own log.
      await vscode.commands.executeCommand(SHOW_LOG);
      const output = await activeEditorWhere((e) => e?.document.uri.scheme === 'output', 'the Output panel as the active editor');
      assert.ok(output, 'the Output panel did not become the active editor');
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket);
      assert.ok(report, 'Write to Bucket returned no report');
      assert.equal(extension.lastWrite?.uri, editor.document.uri.toString(), `wrote ${extension.lastWrite?.uri}`);
      // write.lp's 6 data lines, each with an outcome (the log had 40 and more lines). influxd names
      // one of the two refused lines, so the writer re-sends parts of the file to find the other.
      const outcomes = report.written + report.rejected.length + report.notSent.length + report.unconfirmed.length;
      assert.equal(outcomes, DATA_LINES.length, JSON.stringify(report));
      assert.deepEqual(report.rejected.map((r) => r.line), [4, 5], JSON.stringify(report));
      assert.deepEqual(extension.writeDiagnostics(output.document.uri), [], 'the log got write diagnostics');
    });

    test('Cancel aborts the request in flight: its lines are unconfirmed, nothing is counted as written', async function () {
      const slow = config.servers.slow;
      if (!slow) return this.skip();
      const extension = await api();
      await useConnection(slow);
      const editor = await openInEditor('write.lp');
      const before = await faultServerEvents(slow);
      const writing = vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
      // The server has the whole request and holds its answer: now cancel, as the notification's Cancel does.
      await faultServerEvents(slow, { requests: before.requests + 1 });
      assert.equal(extension.cancelWrite(), true, 'no write was running to cancel');
      const report = await writing;
      assert.ok(report, 'Write to Bucket returned no report');
      assert.equal(report.failure?.cancelled, true, JSON.stringify(report));
      assert.equal(report.written, 0);
      assert.deepEqual(report.unconfirmed.map((u) => u.line), DATA_LINES, JSON.stringify(report));
      // The transport was aborted: the server saw the client close the request it never answered.
      await faultServerEvents(slow, { aborts: before.aborts + 1 });
      const diagnostics = await waitForDiagnostics(
        editor.document.uri,
        (ds) => ds.some((d) => d.source === 'InfluxDB' && d.severity === vscode.DiagnosticSeverity.Information),
        'information diagnostics on the unconfirmed lines',
      );
      const info = diagnostics.filter((d) => d.source === 'InfluxDB');
      assert.ok(info.every((d) => d.severity === vscode.DiagnosticSeverity.Information && /Unconfirmed/.test(d.message)), info.map(describe).join('\n'));
      assert.equal(info[0].range.start.line + 1, DATA_LINES[0], info.map(describe).join('\n'));
    });

    test('a token with a line break is refused where it enters, without repeating it', async function () {
      const busy = config.servers.busy;
      if (!busy) return this.skip();
      await api();
      const sentinel = 'SENTINEL-e2e-token\nX-Injected: yes';
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: busy.connection, token: sentinel }), false);
    });

    test('a 429 with Retry-After: the progress says what it waits for, then the batch is written', async function () {
      const busy = config.servers.busy;
      if (!busy) return this.skip();
      const extension = await api();
      await useConnection(busy);
      const editor = await openInEditor('write.lp');
      const waits: string[] = [];
      const listener = extension.onDidWait((message) => waits.push(message));
      try {
        const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, editor.document.uri);
        assert.ok(report, 'Write to Bucket returned no report');
        assert.equal(report.failure, undefined, JSON.stringify(report));
        assert.equal(report.written, DATA_LINES.length, JSON.stringify(report));
        assert.equal(report.requests, 2);
      } finally {
        listener.dispose();
      }
      assert.equal(waits.length, 1, waits.join('\n'));
      assert.match(waits[0], /^Server busy \(429\): retrying in 3 s \(attempt 2 of \d+\)$/);
    });
  });
}
