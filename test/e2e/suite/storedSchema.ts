/**
 * Issue 12 in the real editor: the stored schema of the active connection's bucket, read with the
 * credentials saved in SecretStorage and given to the language server.
 * - InfluxDB 3 Core-style (support/schemaServer.ts, system.influxdb_schema), where a type holds
 *   for the whole table: a document that writes a stored float as an integer, or a stored tag key
 *   as a field, shows the error before any write; Refresh reads what was written meanwhile.
 * - The real influxd 1.x the runner started (auth on), where a type holds per shard group: the
 *   same conflict in the point's own shard group is an error, in another group a note; Refresh
 *   reads what the server stores now;
 * after Write to Bucket what was written is read back; another connection forgets the schema
 * (null is sent first); a user that may write but not read gets the reason in the language status
 * item and the checks go on without the schema; `influxLineProtocol.schema.enabled` off forgets it.
 * Every wait is on the extension's API events (onDidSendSchema, onDidChangeSchemaState) or on
 * diagnostics events, never a sleep.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StoredSchemaParams } from '../../../protocol/src/protocol';
import type { WriteReport } from '../../../core/src/write/index';
import type { SchemaState } from '../../../client/src/schemaStatus';
import { api } from './api';
import type { SuiteConfig, SuiteServer } from './config';
import { schemaSent, schemaState } from './schemaWait';
import { describe, waitForDiagnostics } from './wait';
import { COMMAND } from './write';
import { workspaceFile } from './workspace';

const DB = 'e2e_schema';
const CONNECTION = 'stored-schema-1x';
const WRITER = 'stored-schema-writer';
const NO_CREDENTIALS = 'stored-schema-no-credentials';
const REFRESH = 'influxLineProtocol.refreshSchema';
/** 2023-11-14T22:13:20Z and a minute later: one 7-day shard group (autogen, infinite retention), that of Monday 2023-11-13. */
const T0 = '1700000000000000000';
const T1 = '1700000060000000000';
/** The shard group of T0 and T1 holding a field of `type`: 2023-11-13T00:00:00Z to 2023-11-20T00:00:00Z. */
const WEEK_OF_T0 = (type: string): { startNs: string; endNs: string; type: string } => ({ startNs: '1699833600000000000', endNs: '1700438400000000000', type });
/** Two weeks later: another shard group, which holds nothing. */
const LATER = '1701209600000000000';

/**
 * schema.lp: line 2 writes temp as an integer in the shard group that stores it as a float; line 3
 * a measurement not stored yet; line 4 temp as an integer in another shard group.
 */
const DOCUMENT = ['# Checked against what e2e_schema stores', `schema_probe,room=hall temp=22i ${T1}`, `schema_fresh,room=hall level=3i ${T1}`, `schema_probe,room=attic temp=23i ${LATER}`, ''].join('\n');

function basic(server: SuiteServer): string {
  return `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}`;
}

async function influxQuery(server: SuiteServer, q: string): Promise<{ results: { series?: { values: unknown[][] }[]; error?: string }[] }> {
  const response = await fetch(`${server.url}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(server) },
    body: new URLSearchParams({ q, db: DB }).toString(),
  });
  assert.equal(response.status, 200, `influxd /query '${q}' answered ${response.status}`);
  const json = (await response.json()) as { results: { series?: { values: unknown[][] }[]; error?: string }[] };
  assert.equal(json.results[0]?.error, undefined, `influxd /query '${q}': ${json.results[0]?.error}`);
  return json;
}

/** Writes straight to influxd, as another program would: the editor learns of it only by reading. */
async function influxWrite(server: SuiteServer, lines: string): Promise<void> {
  const response = await fetch(`${server.url}/write?db=${DB}&precision=ns`, { method: 'POST', headers: { authorization: basic(server) }, body: lines });
  assert.equal(response.status, 204, `influxd /write answered ${response.status}: ${await response.text()}`);
}

async function setConnections(server: SuiteServer, names: readonly string[], bucket = DB): Promise<void> {
  const settings = vscode.workspace.getConfiguration('influxLineProtocol');
  const others = (settings.get<{ name: string }[]>('connections') ?? []).filter((c) => !names.includes(c.name));
  await settings.update('connections', [...others, ...names.map((name) => ({ name, url: server.url, target: 'v1', bucket, precision: 'ns' }))], vscode.ConfigurationTarget.Workspace);
}

async function select(name: string): Promise<void> {
  assert.equal(await vscode.commands.executeCommand<string | undefined>(COMMAND.selectConnection, name), name);
}

function measurement(sent: StoredSchemaParams | null, name: string): StoredSchemaParams['measurements'][number] | undefined {
  return sent?.measurements.find((m) => m.name === name);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** The stored-schema diagnostic `code` on `line` (1-based) that names the field and the type stored. */
function stored(ds: readonly vscode.Diagnostic[], code: string, line: number, field: string, type: string): vscode.Diagnostic | undefined {
  return ds.find((d) => codeOf(d) === code && d.range.start.line === line - 1 && d.message.includes(`'${field}'`) && d.message.includes(type));
}

/** The error that a field is stored with another type (on 1.x: in the point's own shard group). */
function storedConflict(ds: readonly vscode.Diagnostic[], line: number, field: string, type: string): vscode.Diagnostic | undefined {
  const d = stored(ds, 'stored-field-type', line, field, type);
  return d?.severity === vscode.DiagnosticSeverity.Error ? d : undefined;
}

async function writeDocument(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

export function registerStoredSchemaSuite(config: SuiteConfig): void {
  suite('The stored schema (InfluxDB 3 Core-style server)', () => {
    let saved: { active: unknown; target: unknown } | undefined;

    suiteSetup(async function () {
      if (!config.servers.schemaCore?.token) return this.skip();
      await api();
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      saved = { active: settings.inspect('activeConnection')?.workspaceValue, target: settings.inspect('target')?.workspaceValue };
      // The checks follow the active connection's product (the fixture sets a target for the other suites).
      await settings.update('target', undefined, vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      if (!saved) return;
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      await settings.update('target', saved.target, vscode.ConfigurationTarget.Workspace);
      await settings.update('activeConnection', saved.active, vscode.ConfigurationTarget.Workspace);
    });

    test('a stored float written as an integer, a stored tag key written as a field: errors before any write; Refresh reads what was written meanwhile', async () => {
      const server = config.servers.schemaCore as SuiteServer;
      const token = server.token as string;
      const write = async (lines: string): Promise<void> => {
        // Another program writes: the editor learns of it only by reading.
        const response = await fetch(`${server.url}/api/v3/write_lp?db=${server.bucket}&precision=nanosecond`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: lines });
        assert.equal(response.status, 204, await response.text());
      };
      await write(`core_probe,room=kitchen temp=21.5,level=1i ${T0}\n`);
      const doc = await writeDocument('schema-core.lp', [`core_probe,room=hall temp=22i ${T1}`, `core_probe,host=a room="attic" ${T1}`, `core_fresh,room=hall rate=3i ${T1}`, ''].join('\n'));
      await select(server.connection);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: server.connection, token }), true);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(doc));
      const ds = await waitForDiagnostics(doc, (all) => stored(all, 'stored-field-type', 1, 'temp', 'float') !== undefined && stored(all, 'stored-tag-field', 2, 'room', 'tag') !== undefined, 'the stored-schema errors');
      const typeError = stored(ds, 'stored-field-type', 1, 'temp', 'float');
      assert.equal(typeError?.severity, vscode.DiagnosticSeverity.Error);
      assert.match(typeError?.message ?? '', new RegExp(`InfluxDB 3 Core stores 'temp' of 'core_probe' as float in database '${server.bucket}': this integer point is rejected`));
      assert.equal(stored(ds, 'stored-tag-field', 2, 'room', 'tag')?.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(ds.filter((d) => d.range.start.line === 2).length, 0, ds.map(describe).join('\n'));
      assert.match((await api()).schemaStatus.texts.text, new RegExp(`^Schema of '${server.bucket}': 1 measurement, read \\d\\d:\\d\\d$`));

      await write(`core_fresh,room=cellar rate=0.5 ${T0}\n`);
      const state = await vscode.commands.executeCommand<SchemaState>(REFRESH);
      assert.equal(state.kind === 'read' ? state.measurements : state.kind, 2);
      await waitForDiagnostics(doc, (all) => stored(all, 'stored-field-type', 3, 'rate', 'float')?.severity === vscode.DiagnosticSeverity.Error, 'the error on line 3 after Refresh');

      // Typing a measurement not asked for yet: read once the typing pauses, without Refresh.
      await write(`core_typed,room=cellar speed=1.5 ${T0}\n`);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(doc));
      await editor.edit((b) => b.insert(new vscode.Position(3, 0), `core_typed,room=hall speed=2i ${T1}\n`));
      await waitForDiagnostics(doc, (all) => stored(all, 'stored-field-type', 4, 'speed', 'float')?.severity === vscode.DiagnosticSeverity.Error, 'the error on the typed line');

      // Typed a key at a time, as a person types: only the finished name is asked for, never the
      // names on the way ("c", "co", …), which the server was once asked for, and kept forever.
      await write(`core_keys,room=cellar level=1.5 ${T0}\n`);
      for (const key of `core_keys,room=hall level=2i ${T1}\n`) {
        const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
        await editor.edit((b) => b.insert(end, key));
      }
      await waitForDiagnostics(doc, (all) => stored(all, 'stored-field-type', 5, 'level', 'float')?.severity === vscode.DiagnosticSeverity.Error, 'the error on the line typed key by key');
      const asked = (await api()).schemaStatus.asked ?? [];
      assert.ok(asked.includes('core_keys'), asked.join(', '));
      assert.deepEqual(asked.filter((name) => name.startsWith('c') && !['core_probe', 'core_fresh', 'core_typed', 'core_keys'].includes(name)), [], `half-typed names asked: ${asked.join(', ')}`);
    });

    test('a schema read that never gets an answer does not delay the checks of an edit', async () => {
      const server = config.servers.schemaCore as SuiteServer;
      const slow = 'schema-core-slow';
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      const connections = settings.get<{ name: string }[]>('connections') ?? [];
      await settings.update('connections', [...connections.filter((c) => c.name !== slow), { name: slow, url: server.url, target: 'core', bucket: 'e2e_slow', timeoutSeconds: 300 }], vscode.ConfigurationTarget.Workspace);
      try {
        const doc = await writeDocument('schema-slow.lp', `slow_probe,room=hall temp=1.5 ${T0}\n`);
        const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(doc));
        await select(slow);
        assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: slow, token: server.token }), true);
        await schemaState((s) => s.kind === 'reading' && s.connection === slow, 'the read of e2e_slow under way');
        await editor.edit((b) => b.insert(new vscode.Position(1, 0), `slow_probe,room=attic temp=2i ${T1}\n`));
        // The in-file conflict is shown while the schema read still waits for its answer.
        await waitForDiagnostics(doc, (all) => all.some((d) => codeOf(d) === 'field-type-conflict' && d.range.start.line === 1), 'the in-file conflict of the edit');
        assert.equal((await api()).schemaStatus.state.kind, 'reading');
      } finally {
        await settings.update('connections', connections, vscode.ConfigurationTarget.Workspace);
      }
    });
  });

  suite('The stored schema (influxd 1.x)', () => {
    let saved: { connections: unknown; active: unknown; enabled: unknown; target: unknown } | undefined;
    let uri: vscode.Uri;

    suiteSetup(async function () {
      const server = config.servers.v1;
      if (!server?.username || !server.password) return this.skip();
      await api();
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      saved = {
        connections: settings.inspect('connections')?.workspaceValue,
        active: settings.inspect('activeConnection')?.workspaceValue,
        enabled: settings.inspect('schema.enabled')?.workspaceValue,
        target: settings.inspect('target')?.workspaceValue,
      };
      // The checks follow the active connection's product, InfluxDB 1.x (the fixture sets a target for the other suites).
      await settings.update('target', undefined, vscode.ConfigurationTarget.Workspace);
      await influxQuery(server, `DROP DATABASE ${DB}`);
      await influxQuery(server, `CREATE DATABASE ${DB}`);
      await influxWrite(server, `schema_probe,room=kitchen temp=21.5 ${T0}\n`);
      uri = await writeDocument('schema.lp', DOCUMENT);
      await setConnections(server, [CONNECTION, WRITER, NO_CREDENTIALS]);
      await select(CONNECTION);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: CONNECTION, username: server.username, password: server.password }), true);
    });

    suiteTeardown(async () => {
      if (!saved) return;
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      await settings.update('schema.enabled', saved.enabled, vscode.ConfigurationTarget.Workspace);
      await settings.update('target', saved.target, vscode.ConfigurationTarget.Workspace);
      await settings.update('activeConnection', saved.active, vscode.ConfigurationTarget.Workspace);
      await settings.update('connections', saved.connections, vscode.ConfigurationTarget.Workspace);
    });

    test('a field stored as float, written as an integer: an error in its shard group, a note in another, before any write', async () => {
      const server = config.servers.v1 as SuiteServer;
      const extension = await api();
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const sent = await schemaSent((s) => measurement(s, 'schema_probe') !== undefined, 'the schema of schema_probe sent to the language server');
      assert.equal(sent?.where, `database '${DB}'`);
      // With the shard group that holds the float: Monday 2023-11-13 to Monday 2023-11-20 (UTC).
      assert.deepEqual(measurement(sent, 'schema_probe'), { name: 'schema_probe', tags: ['room'], fields: [{ name: 'temp', types: ['float'], byShardGroup: [WEEK_OF_T0('float')] }] });
      // Asked for (the document uses it) and not stored: nothing to send.
      assert.equal(measurement(sent, 'schema_fresh'), undefined);

      const diagnostics = await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') !== undefined && stored(ds, 'stored-type-other-shard', 4, 'temp', 'float') !== undefined, 'the stored-type error on line 2 and the note on line 4');
      assert.match(storedConflict(diagnostics, 2, 'temp', 'float')?.message ?? '', new RegExp(`^InfluxDB 1\\.x stores 'temp' of 'schema_probe' as float in database '${DB}' \\(in the shard group starting 2023-11-13T00:00:00`));
      assert.equal(stored(diagnostics, 'stored-type-other-shard', 4, 'temp', 'float')?.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(diagnostics.filter((d) => d.range.start.line === 3 && d.severity === vscode.DiagnosticSeverity.Error).length, 0, diagnostics.map(describe).join('\n'));
      // schema_fresh is not stored: nothing on line 3.
      assert.equal(diagnostics.filter((d) => d.range.start.line === 2).length, 0, diagnostics.map(describe).join('\n'));

      const status = extension.schemaStatus;
      assert.equal(status.state.kind, 'read');
      assert.match(status.texts.text, new RegExp(`^Schema of '${DB}': 1 measurement, read \\d\\d:\\d\\d$`));
      assert.ok(!JSON.stringify(status).includes(server.password as string), 'the password is in the schema status');
      // Nothing was written: the error came from reading, not from a rejected write.
      assert.deepEqual(extension.writeDiagnostics(uri), []);
      const counted = await influxQuery(server, 'SELECT count(temp) FROM schema_probe');
      assert.equal(counted.results[0]?.series?.[0]?.values[0]?.[1], 1);
    });

    test('Refresh reads what the server stores now: a type stored meanwhile by another program becomes an error', async () => {
      const server = config.servers.v1 as SuiteServer;
      await influxWrite(server, `schema_fresh,room=attic level=1.5 ${T0}\n`);
      const state = await vscode.commands.executeCommand<SchemaState>(REFRESH);
      assert.equal(state.kind, 'read', JSON.stringify(state));
      assert.equal(state.kind === 'read' ? state.measurements : 0, 2);
      assert.deepEqual(measurement((await api()).schemaStatus.sent ?? null, 'schema_fresh')?.fields, [{ name: 'level', types: ['float'], byShardGroup: [WEEK_OF_T0('float')] }]);
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 3, 'level', 'float') !== undefined && storedConflict(ds, 2, 'temp', 'float') !== undefined, 'the stored-type errors on lines 2 and 3');
    });

    test('after Write to Bucket, what was written is read back: another document that conflicts with it shows the error', async () => {
      const written = await writeDocument('schema-written.lp', `schema_written,room=hall value=1i ${T0}\n`);
      const other = await writeDocument('schema-other.lp', `schema_written,room=cellar value=2.5 ${T1}\n`);
      await vscode.workspace.openTextDocument(other);
      // Both documents' measurements asked: schema_written is not stored yet, so no error.
      await vscode.commands.executeCommand<SchemaState>(REFRESH);
      const before = await waitForDiagnostics(other, () => true, 'the checks of schema-other.lp');
      assert.equal(storedConflict(before, 1, 'value', 'integer'), undefined, before.map(describe).join('\n'));

      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(written));
      const report = await vscode.commands.executeCommand<WriteReport | undefined>(COMMAND.writeToBucket, written);
      assert.equal(report?.written, 1, JSON.stringify(report));
      // No Refresh: the write itself makes the extension read the schema again.
      await schemaSent((s) => measurement(s, 'schema_written') !== undefined, 'schema_written read back after the write');
      await waitForDiagnostics(other, (ds) => storedConflict(ds, 1, 'value', 'integer') !== undefined, 'the stored-type error in schema-other.lp');
    });

    test('another connection forgets the schema first (null), and says when it has no saved credentials', async () => {
      const extension = await api();
      const forgotten = schemaSent((s) => s === null, 'null sent when the connection changes');
      await select(NO_CREDENTIALS);
      await forgotten;
      const state = await schemaState((s) => s.kind === 'no-credentials', 'no saved credentials');
      assert.equal(extension.schemaStatus.texts.text, `Schema of '${DB}': no saved credentials`);
      assert.equal(state.kind === 'no-credentials' ? state.connection : '', NO_CREDENTIALS);
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') === undefined, 'the stored-type error to go');

      await select(CONNECTION);
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') !== undefined, 'the stored-type error back');
    });

    test('a user that may write but not read: the status says so, and the checks go on without the schema', async () => {
      const server = config.servers.v1 as SuiteServer;
      const extension = await api();
      const password = 'writer-only-7f3a';
      await influxQuery(server, `CREATE USER schema_writer WITH PASSWORD '${password}'`);
      await influxQuery(server, `GRANT WRITE ON ${DB} TO schema_writer`);
      await select(WRITER);
      assert.equal(await vscode.commands.executeCommand(COMMAND.setToken, { connection: WRITER, username: 'schema_writer', password }), true);
      const state = await schemaState((s) => s.kind === 'failed', 'the refused read');
      assert.equal(extension.schemaStatus.texts.text, `Schema of '${DB}': the credentials may not read`);
      assert.match(extension.schemaStatus.texts.detail, /HTTP 403/);
      assert.ok(!JSON.stringify(state).includes(password) && !extension.schemaStatus.texts.detail.includes(password), 'the password is in the status');
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') === undefined, 'no stored-type error without a schema');
      // Said once: Refresh tries again and says the same, without a pop-up.
      const again = await vscode.commands.executeCommand<SchemaState>(REFRESH);
      assert.equal(again.kind, 'failed');
      await select(CONNECTION);
      await schemaState((s) => s.kind === 'read', 'the schema read through the admin again');
    });

    test('influxLineProtocol.schema.enabled off forgets the schema, on reads it again', async () => {
      const extension = await api();
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') !== undefined, 'the stored-type error');
      const settings = vscode.workspace.getConfiguration('influxLineProtocol');
      await settings.update('schema.enabled', false, vscode.ConfigurationTarget.Workspace);
      await schemaSent((s) => s === null, 'null sent when the setting is off');
      assert.equal(extension.schemaStatus.texts.text, 'Stored schema: off');
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') === undefined, 'the stored-type error to go');
      await settings.update('schema.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(uri, (ds) => storedConflict(ds, 2, 'temp', 'float') !== undefined, 'the stored-type error back');
    });
  });
}
