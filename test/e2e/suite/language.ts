/**
 * The language server's features through the `vscode` API, as the editor asks for them:
 * diagnostics on the exact characters, hovers, completion and quick fixes, on problems.lp (one
 * problem of each kind; the workspace checks against InfluxDB Cloud Serverless, ns precision).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './api';
import { metrics, readSuiteConfig } from './config';
import { describe, waitForDiagnostics } from './wait';
import { openInEditor } from './workspace';

const SOURCE = 'line protocol';

/** The range of `text` on a line (0-based), optionally only `part` of it. */
function span(document: vscode.TextDocument, line: number, text: string, part = text): vscode.Range {
  const at = document.lineAt(line).text.indexOf(text);
  assert.ok(at >= 0, `line ${line + 1} has no '${text}'`);
  const start = at + text.indexOf(part);
  return new vscode.Range(line, start, line, start + part.length);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function labels(list: vscode.CompletionList): string[] {
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Opens problems.lp and waits for the server's diagnostics (four of them). */
async function openProblems(): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const editor = await openInEditor('problems.lp');
  const ours = (ds: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => ds.filter((d) => d.source === SOURCE);
  const diagnostics = await waitForDiagnostics(editor.document.uri, (ds) => ours(ds).length >= 4, 'the language server diagnostics of problems.lp');
  return { document: editor.document, diagnostics: ours(diagnostics) };
}

export function registerLanguageSuite(): void {
  suite('language features', () => {
    suiteSetup(async () => {
      const started = performance.now();
      await (await api()).languageClientReady;
      metrics.languageClientReadyMs = Math.round(performance.now() - started);
    });

    test('diagnostics: each problem of problems.lp at its exact range, with its code', async () => {
      const { document, diagnostics } = await openProblems();
      const expected = [
        { code: 'field-type-conflict', severity: vscode.DiagnosticSeverity.Error, range: span(document, 2, 'humidity=55.0', '55.0'), says: /humidity.*float here but integer earlier \(line 2/ },
        { code: 'FieldSetMissing', severity: vscode.DiagnosticSeverity.Error, range: span(document, 3, 'temperature='), says: /No fields were provided/ },
        { code: 'duplicate-field', range: span(document, 4, 'temperature=58.4'), says: /'temperature' appears more than once/ },
        { code: 'timestamp-precision', range: span(document, 5, '1700000000000'), says: /looks like milliseconds/ },
      ];
      assert.deepEqual(
        diagnostics.map((d) => `${String(d.code)} ${describe(d)}`).length,
        expected.length,
        `diagnostics:\n  ${diagnostics.map(describe).join('\n  ')}`,
      );
      for (const want of expected) {
        const found = diagnostics.find((d) => d.code === want.code);
        assert.ok(found, `no ${want.code} diagnostic; got:\n  ${diagnostics.map(describe).join('\n  ')}`);
        assert.ok(found.range.isEqual(want.range), `${want.code}: ${describe(found)} is not at ${want.range.start.line + 1}:${want.range.start.character + 1}-${want.range.end.character + 1}`);
        assert.match(found.message, want.says);
        if (want.severity !== undefined) assert.equal(found.severity, want.severity, describe(found));
      }
    });

    test('hover: a field key tells its type and where it was set; a timestamp its UTC date', async () => {
      const { document } = await openProblems();
      const at = (line: number, text: string): vscode.Position => span(document, line, text).start.translate(0, 1);
      const field = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at(1, 'temperature')));
      assert.match(field, /\*\*field key\*\* `temperature` of `weather`: float/);
      const conflict = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at(1, 'humidity')));
      assert.match(conflict, /\*\*Conflict:\*\* integer in 1 point, set first on line 2; float in 1 point, set first on line 3/);
      const time = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at(1, '1700000000000000000')));
      assert.match(time, /\*\*timestamp\*\* 2023-11-14T22:13:20\.000000000Z \(UTC\)/);
      const comment = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 3));
      assert.equal(hoverText(comment), '', 'a comment has no hover');
    });

    test('completion: measurements, tag keys and field keys already used in the file', async () => {
      const { document } = await openProblems();
      const complete = async (position: vscode.Position): Promise<string[]> =>
        labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position));
      assert.ok((await complete(new vscode.Position(2, 0))).includes('weather'), 'measurement at the start of a line');
      assert.ok((await complete(span(document, 2, 'location').start.translate(0, 1))).includes('location'), 'tag key after the measurement');
      const fields = await complete(span(document, 1, 'humidity').start);
      assert.ok(fields.includes('humidity') && fields.includes('temperature'), `field keys: ${fields.join(', ')}`);
    });

    test('quick fixes: the offered fix edits the line and its diagnostic goes away', async () => {
      const { document, diagnostics } = await openProblems();
      const actionsFor = (d: vscode.Diagnostic): Thenable<vscode.CodeAction[]> =>
        vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const conflict = diagnostics.find((d) => d.code === 'field-type-conflict') as vscode.Diagnostic;
      const asInteger = (await actionsFor(conflict)).find((a) => a.title === 'Write 55.0 as integer: 55i');
      assert.ok(asInteger?.edit, 'no "Write 55.0 as integer" fix');
      const duplicate = diagnostics.find((d) => d.code === 'duplicate-field') as vscode.Diagnostic;
      // The earlier value goes: the server keeps the last one.
      const remove = (await actionsFor(duplicate)).find((a) => a.title === 'Remove the earlier temperature=58.2, keeping the last value');
      assert.ok(remove?.edit, 'no "Remove the earlier temperature=58.2" fix');
      assert.ok(await vscode.workspace.applyEdit(asInteger.edit));
      assert.equal(document.lineAt(2).text, 'weather,location=us-east temperature=75.1,humidity=55i 1700000060000000000');
      await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === 'field-type-conflict'), 'the type conflict to go away');
      // The document changed: ask again for the fix at the duplicate's current range.
      const current = vscode.languages.getDiagnostics(document.uri).find((d) => d.code === 'duplicate-field') as vscode.Diagnostic;
      const removeNow = (await actionsFor(current)).find((a) => a.title === 'Remove the earlier temperature=58.2, keeping the last value');
      assert.ok(removeNow?.edit && (await vscode.workspace.applyEdit(removeNow.edit)));
      assert.equal(document.lineAt(4).text, 'weather,location=eu-west temperature=58.4 1700000180000000000');
      const left = await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === 'duplicate-field'), 'the duplicate field to go away');
      assert.deepEqual(left.filter((d) => d.source === SOURCE).map((d) => d.code).sort(), ['FieldSetMissing', 'timestamp-precision']);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    test('the checks follow the active connection\'s product unless influxLineProtocol.target is set', async function () {
      const v1 = readSuiteConfig().servers.v1?.connection;
      if (v1 === undefined) return this.skip();
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('influxLineProtocol');
      const saved = { target: config().inspect('target')?.workspaceValue, active: config().inspect('activeConnection')?.workspaceValue };
      // An unsigned integer: InfluxDB 1.x (default build) answers "invalid number", Cloud Serverless stores it.
      const document = await vscode.workspace.openTextDocument({ language: 'influxdb-line-protocol', content: 'm f=1u 1700000000000000000\n' });
      const ours = (ds: readonly vscode.Diagnostic[]): vscode.Diagnostic[] => ds.filter((d) => d.source === SOURCE);
      try {
        // The workspace sets the target: the checks follow it, whatever the connection.
        await config().update('activeConnection', v1, vscode.ConfigurationTarget.Workspace);
        assert.equal(saved.target, 'cloud-serverless', 'the fixture workspace sets the target');
        // Without the target setting, the checks follow the active connection (1.x).
        await config().update('target', undefined, vscode.ConfigurationTarget.Workspace);
        const v1Checks = await waitForDiagnostics(document.uri, (ds) => ours(ds).length > 0, 'the 1.x checks of the active connection');
        assert.deepEqual(ours(v1Checks).map((d) => [d.code, d.message]), [['InvalidNumber', 'invalid number']]);
        // Set again, the target overrides the connection.
        await config().update('target', 'cloud-serverless', vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(document.uri, (ds) => ours(ds).length === 0, 'the Cloud Serverless checks of the target setting');
      } finally {
        await config().update('target', saved.target, vscode.ConfigurationTarget.Workspace);
        await config().update('activeConnection', saved.active, vscode.ConfigurationTarget.Workspace);
      }
    });

    test('quick fixes that are commands: CRLF switches the document\'s end of line to LF', async () => {
      const document = await vscode.workspace.openTextDocument({ language: 'influxdb-line-protocol', content: 'm f=1\r\nm f=2\r\n' });
      await vscode.window.showTextDocument(document);
      assert.equal(document.eol, vscode.EndOfLine.CRLF);
      const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.filter((d) => d.code === 'crlf').length === 2, 'the CRLF problems');
      const crlf = diagnostics.find((d) => d.code === 'crlf') as vscode.Diagnostic;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, crlf.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Convert the line endings of the file from CRLF to LF');
      assert.ok(fix?.command, `no CRLF command among ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(fix.edit, undefined, 'no text edit: VS Code would normalise it');
      await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
      assert.equal(document.eol, vscode.EndOfLine.LF);
      await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === 'crlf'), 'the CRLF problems to go away');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    test('the set-precision fix\'s command sets influxLineProtocol.precision when the checks follow the settings', async () => {
      const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('influxLineProtocol');
      const saved = config().inspect('precision')?.workspaceValue;
      const document = await vscode.workspace.openTextDocument({ language: 'influxdb-line-protocol', content: 'm f=1 1700000000\n' });
      const [warning] = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.code === 'timestamp-precision'), 'the precision warning');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, warning.range, vscode.CodeActionKind.QuickFix.value);
      const set = actions.find((a) => a.title === 'Set the write precision to s (seconds) in the influxLineProtocol.precision setting');
      assert.ok(set?.command, `no set-precision fix among ${actions.map((a) => a.title).join(' | ')}`);
      try {
        await vscode.commands.executeCommand(set.command.command, ...((set.command.arguments ?? []) as unknown[]));
        assert.equal(config().inspect('precision')?.workspaceValue, 's');
        await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.source === SOURCE), 'the warning to go under precision s');
      } finally {
        await config().update('precision', saved, vscode.ConfigurationTarget.Workspace);
      }
    });

    test('beyond maxDiagnostics (1,000): one information note says how many more, and that lp check lists them all', async () => {
      const lines = Array.from({ length: 1200 }, (_, i) => `m${i} f=${i}x`);
      const document = await vscode.workspace.openTextDocument({ language: 'influxdb-line-protocol', content: `${lines.join('\n')}\n` });
      const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.filter((d) => d.source === SOURCE).length > 1000, 'the capped problems and the note');
      const ours = diagnostics.filter((d) => d.source === SOURCE);
      assert.equal(ours.length, 1001);
      const note = ours.find((d) => d.code === 'more-problems');
      assert.ok(note, 'no note');
      assert.equal(note.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(note.range.start.line, 1000, 'at the first problem not shown');
      assert.match(note.message, /^200 more problems are not shown, from here on: the editor shows at most 1,000 \(influxLineProtocol\.maxDiagnostics\)\. Save the file and run `lp check` on it to list them all\.$/);
    });

    test('a large document (3 MB) is checked whole: a conflict at its end points at its first line', async () => {
      // Above the size the server checks in two threads: the last line's type was set on line 1,
      // in the other half.
      const t0 = 1700000000000000000n;
      const lines = [`big v=1i ${t0}`];
      for (let i = 1; i <= 19000; i++) {
        lines.push(`cpu,host=server-${String(i % 50).padStart(3, '0')}.example.com,region=eu\\ west,rack=r${i % 9} usage_user=${i}.25,usage_system=${i % 97}.5,idle=${i}i,note="point ${i} of the large test document" ${t0 + BigInt(i)}`);
      }
      lines.push(`big v=1.5 ${t0 + 20000n}`, '');
      const content = lines.join('\n');
      assert.ok(content.length > 3 * 1024 * 1024, `the document is ${content.length} characters`);
      const started = performance.now();
      const document = await vscode.workspace.openTextDocument({ language: 'influxdb-line-protocol', content });
      const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.source === SOURCE), 'the diagnostics of the large document', 60_000);
      metrics.largeDocumentDiagnosticsMs = Math.round(performance.now() - started);
      const ours = diagnostics.filter((d) => d.source === SOURCE);
      assert.deepEqual(
        ours.map((d) => `${String(d.code)} line ${d.range.start.line + 1} set on line ${(d.relatedInformation?.[0]?.location.range.start.line ?? -1) + 1}`),
        [`field-type-conflict line ${lines.length - 1} set on line 1`],
      );
    });
  });
}
