/**
 * The language model tools (client/src/lmTools.ts) as an agent calls them, through
 * `vscode.lm.invokeTool`: listed in `vscode.lm.tools`; validate_line_protocol gives the editor's
 * own diagnostics, the type conflict on its line; write_line_protocol writes to the in-repo
 * InfluxDB 3 Core server with the token saved in SecretStorage and reports the rejected line,
 * never the token; get_bucket_schema reads back from the real influxd what the tool wrote there. The write's confirmation is approved through VS Code's own test mode for tool
 * auto-approval (the `vscode.chat.tools.global.autoApprove.testMode` context key and the
 * `chat.tools.global.autoApprove` setting), as no person is there to click it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './api';
import type { SuiteConfig } from './config';
import { describe, waitForDiagnostics } from './wait';
import { COMMAND } from './write';
import { openInEditor } from './workspace';

const TOOLS = ['validate_line_protocol', 'get_bucket_schema', 'write_line_protocol'];

/** Line 2 gives `load` another type than line 1 did: every product rejects it. */
const CONFLICT = 'agent_tool,host=a load=0.5 1700000000000000000\nagent_tool,host=b load="high" 1700000060000000000\n';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

/**
 * Runs `body` with VS Code's own test mode for tool auto-approval on, so that the write's
 * confirmation (prepareInvocation) is approved as a person's click would approve it.
 */
async function withAutoApproval(body: () => Promise<void>): Promise<void> {
  const settings = vscode.workspace.getConfiguration('chat.tools.global');
  await vscode.commands.executeCommand('setContext', 'vscode.chat.tools.global.autoApprove.testMode', true);
  await settings.update('autoApprove', true, vscode.ConfigurationTarget.Global);
  try {
    await body();
  } finally {
    await settings.update('autoApprove', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('setContext', 'vscode.chat.tools.global.autoApprove.testMode', false);
  }
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

export function registerLmToolsSuite(config: SuiteConfig): void {
  suite('Language model tools', () => {
    suiteSetup(async () => {
      await api();
    });

    test('the three tools are in vscode.lm.tools, with model descriptions and input schemas', () => {
      const ours = vscode.lm.tools.filter((t) => TOOLS.includes(t.name));
      assert.deepEqual(ours.map((t) => t.name).sort(), [...TOOLS].sort(), vscode.lm.tools.map((t) => t.name).join(', '));
      for (const tool of ours) {
        assert.ok(tool.description.length > 80, `${tool.name}: ${tool.description}`);
        assert.equal((tool.inputSchema as { type?: string } | undefined)?.type, 'object', tool.name);
      }
    });

    test('validate_line_protocol returns the type conflict on its line', async () => {
      const text = await invoke('validate_line_protocol', { text: CONFLICT, target: 'core' });
      const lines = text.split('\n');
      assert.match(lines[0], /^2 data lines checked against InfluxDB 3 Core \(target core, precision ns\): 1 error, 0 warnings\./);
      assert.match(lines[1], /^line 2, column 24: error field-type-conflict: Field 'load' of measurement 'agent_tool' is string here but float earlier/);
      assert.equal(lines.length, 2, text);
    });

    test('validate_line_protocol on a workspace file gives exactly the editor diagnostics', async () => {
      const editor = await openInEditor('problems.lp');
      const uri = editor.document.uri;
      const checks = await waitForDiagnostics(uri, (ds) => ds.filter((d) => d.source !== 'InfluxDB').length >= 4, 'the editor checks of problems.lp');
      const text = await invoke('validate_line_protocol', { uri: 'problems.lp' });
      const [summary, ...problems] = text.split('\n');
      // No target given: the editor's own choice, here the workspace's influxLineProtocol.target.
      assert.match(summary, /^5 data lines of problems\.lp checked against InfluxDB Cloud Serverless \(target cloud-serverless, precision ns; checks follow the influxLineProtocol\.target setting .*\): \d+ errors?, \d+ warnings?/);
      const editorProblems = checks.filter((d) => d.source !== 'InfluxDB').map((d) => `line ${d.range.start.line + 1}, column ${d.range.start.character + 1}: ${codeOf(d)}`);
      assert.deepEqual(
        problems.map((p) => /^(line \d+, column \d+): \w+ ([\w-]+):/.exec(p)?.slice(1).join(': ')),
        editorProblems,
        `tool:\n${text}\neditor:\n${checks.map(describe).join('\n')}`,
      );
      assert.ok(problems.some((p) => p.startsWith('line 3, column 52: error field-type-conflict:')), text);
    });

    test('write_line_protocol writes to the active connection and reports the rejected line, never the token', async function () {
      const server = config.servers.core;
      const token = server?.token;
      if (!server || !token) return this.skip();
      assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, token: server.token }), true);
      await withAutoApproval(async () => {
        const text = await invoke('write_line_protocol', { text: CONFLICT });
        const lines = text.split('\n');
        assert.match(lines[0], new RegExp(`^Wrote 1 of 2 data lines \\(connection '${server.connection}', InfluxDB 3 Core at http://127\\.0\\.0\\.1:\\d+/?, bucket '${server.bucket}'\\): 1 rejected, 0 not sent, 0 unconfirmed, in 1 request\\.$`), text);
        assert.match(lines[1], /^rejected line 2: .*load.* \(HTTP 400\)$/, text);
        assert.ok(!text.includes(token), 'the token is in the result');
      });
    });

    test('write_line_protocol with refused saved credentials reports the 401, never asks for others', async function () {
      // influxd, not the fake servers: those count a wrong Authorization header as a failure of the run.
      const server = config.servers.v1;
      const password = server?.password;
      if (!server?.username || !password) return this.skip();
      assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
      const wrong = 'refused-password-31c9';
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, username: server.username, password: wrong }), true);
      try {
        // A password box here would never be answered: the test would time out.
        await withAutoApproval(async () => {
          const text = await invoke('write_line_protocol', { text: CONFLICT });
          assert.match(text, /^Wrote 0 of 2 data lines .*: 0 rejected, 2 not sent, 0 unconfirmed, in 1 request\.\nThe write failed: .*401/, text);
          assert.ok(!text.includes(wrong) && !text.includes(password), 'a password is in the result');
        });
      } finally {
        assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, username: server.username, password }), true);
      }
    });

    test('validate_line_protocol without a target checks for the active connection\'s product, as the editor does', async function () {
      const v1 = config.servers.v1?.connection;
      if (v1 === undefined) return this.skip();
      const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('influxLineProtocol');
      const saved = { target: settings().inspect('target')?.workspaceValue, active: settings().inspect('activeConnection')?.workspaceValue };
      try {
        await settings().update('activeConnection', v1, vscode.ConfigurationTarget.Workspace);
        await settings().update('target', undefined, vscode.ConfigurationTarget.Workspace);
        // An unsigned integer: InfluxDB 1.x (default build) answers "invalid number".
        const text = await invoke('validate_line_protocol', { text: 'm f=1u 1700000000000000000\n' });
        assert.match(text, new RegExp(`^1 data line checked against InfluxDB 1\\.x \\(target v1, precision ns; checks follow connection '${v1}' \\(InfluxDB 1\\.x\\)\\): 1 error, 0 warnings\\.`), text);
        assert.match(text, /\nline 1, column \d+: error InvalidNumber: invalid number/, text);
      } finally {
        await settings().update('target', saved.target, vscode.ConfigurationTarget.Workspace);
        await settings().update('activeConnection', saved.active, vscode.ConfigurationTarget.Workspace);
      }
    });

    test('get_bucket_schema reads what the write tool stored in influxd, with the saved credentials', async function () {
      const server = config.servers.v1;
      const password = server?.password;
      if (!server?.username || !password) return this.skip();
      assert.equal(await vscode.commands.executeCommand(COMMAND.selectConnection, server.connection), server.connection);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, username: server.username, password }), true);
      await withAutoApproval(async () => {
        const written = await invoke('write_line_protocol', { text: 'agent_schema,host=a load=0.5,runs=3i 1700000000000000000\n' });
        assert.match(written, /^Wrote 1 of 1 data line \(connection 'influxdb-1x', InfluxDB 1\.x at /, written);
      });
      const text = await invoke('get_bucket_schema', {});
      assert.match(text, new RegExp(`^bucket '${server.bucket}' \\(connection '${server.connection}', InfluxDB 1\\.x at http://127\\.0\\.0\\.1:\\d+/?\\) stores \\d+ measurements?\\.\n`), text);
      assert.match(text, /\nagent_schema: tags host; fields load \(float\), runs \(integer\)(\n|$)/, text);
      assert.ok(!text.includes(password), 'the password is in the result');
    });
  });
}
