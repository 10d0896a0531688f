/**
 * precision=auto in the real editor (issue 13 §2): with the target InfluxDB 3 Core and the
 * precision `auto`, each timestamp is read in the unit the server's `guess_precision` chooses
 * (influxdb3_types/src/write.rs): the diagnostics (mixed units, near a threshold), the hover and the
 * inlay hints say so. The workspace settings are changed for this suite and put back after it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './api';
import { describe, waitForDiagnostics } from './wait';
import { workspaceFile } from './workspace';

const TEXT = ['m f=1 1780000000', 'm f=2 1780000000000', 'm f=3 3000000000', ''].join('\n');

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

function label(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

export function registerAutoPrecisionSuite(): void {
  suite('precision=auto on InfluxDB 3', () => {
    const section = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('influxLineProtocol');
    let saved: { target: unknown; precision: unknown } = { target: undefined, precision: undefined };

    suiteSetup(async () => {
      await (await api()).languageClientReady;
      saved = { target: section().inspect('target')?.workspaceValue, precision: section().inspect('precision')?.workspaceValue };
      await section().update('target', 'core', vscode.ConfigurationTarget.Workspace);
      await section().update('precision', 'auto', vscode.ConfigurationTarget.Workspace);
    });

    suiteTeardown(async () => {
      await section().update('target', saved.target, vscode.ConfigurationTarget.Workspace);
      await section().update('precision', saved.precision, vscode.ConfigurationTarget.Workspace);
    });

    test('each timestamp read in the unit auto chooses: diagnostics, hover and inlay hints', async () => {
      const uri = workspaceFile('auto-precision.lp');
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEXT));
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const diagnostics = await waitForDiagnostics(
        uri,
        (ds) => ds.some((d) => d.code === 'timestamp-auto-threshold') && ds.some((d) => d.code === 'timestamp-auto-mixed'),
        'the precision=auto diagnostics',
      );
      const found = diagnostics.map((d) => [d.range.start.line, d.severity, d.code]);
      assert.deepEqual(found, [
        [1, vscode.DiagnosticSeverity.Information, 'timestamp-auto-mixed'],
        [2, vscode.DiagnosticSeverity.Warning, 'timestamp-auto-threshold'],
      ], diagnostics.map(describe).join('\n'));
      const hover = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 8)));
      assert.match(hover, /\*\*timestamp\*\* 2026-05-28T20:26:40\.000000000Z \(UTC\)/);
      assert.match(hover, /`1780000000000` in milliseconds, the unit precision=auto reads from its magnitude/);
      const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, 3, 0));
      assert.deepEqual(hints.map(label).map((l) => l.trim()), [
        '2026-05-28T20:26:40.000000000Z (s)',
        '2026-05-28T20:26:40.000000000Z (ms)',
        '2065-01-24T05:20:00.000000000Z (s)',
      ]);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    });
  });
}
