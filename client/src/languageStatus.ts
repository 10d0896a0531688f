/**
 * The language status items of line-protocol files: which connection "Write to Bucket" uses,
 * which product the checks follow and why, and the state of the stored schema they include.
 */
import * as vscode from 'vscode';
import { PROFILES } from '../../core/src/products';
import { describeFollow } from './checkSettings';
import { connectionStatusTexts } from './connectionStatusTexts';
import { LANGUAGE_ID, SETTINGS_SECTION } from '../../protocol/src/protocol';
import { COMMANDS, SETTINGS } from './ids';
import { schemaStatusRow, schemaStatusTexts, type SchemaState, type SchemaStatusTexts } from './schemaStatus';
import { readCheckSettings, readConnectionState } from './settings';

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('influxLineProtocol.connection', { language: LANGUAGE_ID });
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = 'InfluxDB Connection';
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.connections}`) || event.affectsConfiguration(`${SETTINGS_SECTION}.${SETTINGS.activeConnection}`)) this.update();
    });
    this.update();
  }

  /** Shows a spinner while a write runs. */
  set busy(busy: boolean) {
    this.item.busy = busy;
  }

  update(): void {
    const texts = connectionStatusTexts(readConnectionState());
    this.item.text = texts.text;
    this.item.detail = texts.detail;
    this.item.severity = texts.warning ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.accessibilityInformation = { label: `${texts.text.replace(/^\$\(database\) /, 'InfluxDB connection: ')}. ${texts.tooltip}` };
    this.item.command =
      texts.action === 'selectConnection'
        ? { title: 'Select Connection', command: COMMANDS.selectConnection, tooltip: texts.tooltip }
        : { title: 'Add Connection', command: COMMANDS.addConnection, tooltip: texts.tooltip };
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

/** "Checks: InfluxDB 1.x", with why: the active connection, the target setting, or its default. */
export class ChecksStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('influxLineProtocol.checks', { language: LANGUAGE_ID });
  private readonly listeners: vscode.Disposable[];

  constructor() {
    this.item.name = 'InfluxDB Line Protocol Checks';
    this.listeners = [
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    ];
    this.update();
  }

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const { follows } = readCheckSettings(document?.languageId === LANGUAGE_ID ? document.uri : undefined);
    this.item.text = `$(checklist) Checks: ${PROFILES[follows.product].label}`;
    // A few words on the row; the full reason is the command's tooltip (a long row hides "Change").
    this.item.detail = follows.kind === 'connection' ? `from '${follows.connection}'` : follows.kind === 'setting' ? 'from the target setting' : 'the default';
    this.item.command = { title: 'Change', command: 'workbench.action.openSettings', arguments: [`${SETTINGS_SECTION}.target`], tooltip: describeFollow(follows) };
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.item.dispose();
  }
}

/** "Schema of 'sensors': 14 measurements, read 14:02" with Refresh, or why there is none (storedSchema.ts). */
export class SchemaStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('influxLineProtocol.schema', { language: LANGUAGE_ID });
  private readonly listener: vscode.Disposable;

  constructor(schema: { readonly state: SchemaState; readonly onDidChangeState: vscode.Event<SchemaState> }) {
    this.item.name = 'InfluxDB Stored Schema';
    this.listener = schema.onDidChangeState((state) => this.show(state));
    this.show(schema.state);
  }

  private show(state: SchemaState): void {
    const texts = schemaStatusTexts(state);
    // The explanation is the command's tooltip, not the row's detail: a long row pushes the command off-screen.
    const row = schemaStatusRow(texts);
    this.item.text = row.text;
    this.item.detail = row.detail;
    this.item.accessibilityInformation = { label: `${texts.text}. ${row.tooltip}` };
    this.item.busy = state.kind === 'reading';
    this.item.severity = texts.warning ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    this.item.command = { ...SCHEMA_ACTIONS[texts.action], tooltip: row.tooltip };
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

const SCHEMA_ACTIONS: Readonly<Record<SchemaStatusTexts['action'], vscode.Command>> = {
  refresh: { title: 'Refresh', command: COMMANDS.refreshSchema },
  setToken: { title: 'Set Token', command: COMMANDS.setToken },
  settings: { title: 'Settings', command: 'workbench.action.openSettings', arguments: [`${SETTINGS_SECTION}.${SETTINGS.schemaEnabled}`] },
  manageTrust: { title: 'Manage Trust', command: 'workbench.trust.manage' },
  selectConnection: { title: 'Select Connection', command: COMMANDS.selectConnection },
};
