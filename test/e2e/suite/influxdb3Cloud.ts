/**
 * An InfluxDB 3 Cloud connection in the real editor (issue 13 §1–§3): the active connection has the
 * target `influxdb3-cloud` and the precision `auto`, and the checks follow it (the workspace's
 * `target` setting is lifted for this suite). The document shows the unit precision=auto reads a
 * timestamp in (influxdb3_types/src/write.rs `guess_precision`), a field's column family in its hover
 * (`family::field`, influxdb3_catalog .../v3/transaction.rs `parse_qualified_field_name`; InfluxDB 3
 * Cloud stores fields by family by default), and the note on a malformed qualifier (`::x`). The
 * workspace settings are put back after it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './api';
import { describe, waitForDiagnostics } from './wait';
import { workspaceFile } from './workspace';

const NAME = 'e2e-influxdb3-cloud';
const TEXT = ['m,host=a cpu::usage=1.5,::x=2i 1780000000', 'm,host=a cpu::usage=2.5 1780000000000', ''].join('\n');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function label(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

export function registerInfluxdb3CloudSuite(): void {
  suite('InfluxDB 3 Cloud connection', () => {
    const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('influxLineProtocol');
    let saved: { target: unknown; connections: unknown; active: unknown } = { target: undefined, connections: undefined, active: undefined };

    suiteSetup(async () => {
      await (await api()).languageClientReady;
      saved = {
        target: section().inspect('target')?.workspaceValue,
        connections: section().inspect('connections')?.workspaceValue,
        active: section().inspect('activeConnection')?.workspaceValue,
      };
      const others = (Array.isArray(saved.connections) ? (saved.connections as { name?: unknown }[]) : []).filter((c) => c.name !== NAME);
      const connection = { name: NAME, url: 'https://cluster-host.a.influxdb.io', target: 'influxdb3-cloud', bucket: 'sensors', precision: 'auto' };
      await section().update('connections', [...others, connection], vscode.ConfigurationTarget.Workspace);
      await section().update('activeConnection', NAME, vscode.ConfigurationTarget.Workspace);
      // Without a target setting the checks follow the active connection.
      await section().update('target', undefined, vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      await section().update('target', saved.target, vscode.ConfigurationTarget.Workspace);
      await section().update('activeConnection', saved.active, vscode.ConfigurationTarget.Workspace);
      await section().update('connections', saved.connections, vscode.ConfigurationTarget.Workspace);
    });

    test('precision auto, a field\'s column family in its hover and the outline, and the malformed-qualifier note', async () => {
      const uri = workspaceFile('influxdb3-cloud.lp');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitForDiagnostics(
        uri,
        (ds) => ds.some((d) => d.code === 'field-family-qualifier') && ds.some((d) => d.code === 'timestamp-auto-mixed'),
        'the InfluxDB 3 Cloud diagnostics',
      );
      const found = diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.severity, d.code]);
      assert.deepEqual(found, [
        [0, 24, 27, vscode.DiagnosticSeverity.Information, 'field-family-qualifier'],
        [1, 24, 37, vscode.DiagnosticSeverity.Information, 'timestamp-auto-mixed'],
      ], diagnostics.map(describe).join('\n'));
      assert.match(diagnostics[0].message, /^Field '::x' has nothing before ::, so it names no column family: InfluxDB 3 Cloud reads the whole name as an unqualified field/);
      // The field key's hover names its family.
      const fieldHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 12)));
      assert.match(fieldHover, /\*\*field key\*\* `cpu::usage` of `m`/);
      assert.match(fieldHover, /\*\*Column family:\*\* `cpu` \(the part before the first `::`; at most 100 fields per family\)/);
      // The outline's fields name their family.
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      const fields = symbols[0].children.filter((c) => c.kind === vscode.SymbolKind.Field).map((c) => [c.name, c.detail]);
      assert.deepEqual(fields, [
        ['cpu::usage', 'float, family cpu'],
        ['::x', 'integer, family automatic'],
      ]);
      // The timestamp's hover and inlay hints name the unit precision=auto reads it in.
      const timeHover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 28)));
      assert.match(timeHover, /`1780000000000` in milliseconds, the unit precision=auto reads from its magnitude/);
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, 2, 0));
      assert.deepEqual(hints.map(label).map((l) => l.trim()), ['2026-05-28T20:26:40.000000000Z (s)', '2026-05-28T20:26:40.000000000Z (ms)']);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });
  });
}
