/**
 * Entry point: starts the language client, registers "Write to Bucket" and the connection
 * commands, and returns the API that end-to-end tests await instead of sleeping.
 */
import * as vscode from 'vscode';
import type { WriteReport } from '../../core/src/write/index';
import { fetchTrusting } from '../../core/src/write/node/httpFetch';
import { registerConnectionCommands } from './connectionCommands';
import { ConnectionCredentials } from './credentials';
import { COMMANDS } from './ids';
import { startLanguageClient } from './languageClient';
import { ConnectionStatus } from './languageStatus';
import { registerLanguageModelTools } from './lmTools';
import { LastLineProtocolEditor, WriteCommand, type WriteResult } from './writeCommand';
import { WriteDiagnostics } from './writeDiagnosticsView';

export interface InfluxLineProtocolApi {
  /** Resolves once the language server is up; rejects if it could not start. */
  readonly languageClientReady: Promise<void>;
  /** The report of the latest "Write to Bucket", undefined before the first. */
  readonly lastWriteReport: WriteReport | undefined;
  /** The latest write: which document, which connection, and its report. */
  readonly lastWrite: WriteResult | undefined;
  /** Fires after every write. */
  readonly onDidWrite: vscode.Event<WriteResult>;
  /** Fires with each wait the write's progress shows ("Server busy (429): retrying in 3 s (attempt 2 of 6)"). */
  readonly onDidWait: vscode.Event<string>;
  /** Cancels the running write as the Cancel button of its progress notification does; false when none runs. */
  cancelWrite(): boolean;
  /** The "InfluxDB" write diagnostics now shown for a document. */
  writeDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[];
}

let stopClient: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): InfluxLineProtocolApi {
  const log = vscode.window.createOutputChannel('InfluxDB Line Protocol', { log: true });
  const { client, ready } = startLanguageClient(context, log);
  stopClient = async () => {
    // A client that never started has nothing to stop; stopping must not fail deactivation.
    await client?.stop().catch((error: unknown) => log.warn(`Stopping the language server: ${String(error)}`));
  };
  ready.catch(() => void vscode.window.showErrorMessage('The InfluxDB Line Protocol language server could not start: see the output channel.', 'Show Log').then((c) => c && log.show()));

  const credentials = new ConnectionCredentials(context.secrets, log);
  const diagnostics = new WriteDiagnostics();
  const status = new ConnectionStatus();
  const written = new vscode.EventEmitter<WriteResult>();
  const waited = new vscode.EventEmitter<string>();
  let lastWrite: WriteResult | undefined;
  const lastEditor = new LastLineProtocolEditor();
  const write = new WriteCommand({
    lastEditor,
    fetchTrusting,
    onWait: (message) => waited.fire(message),
    credentials,
    diagnostics,
    log,
    setBusy: (busy) => (status.busy = busy),
    onWrite: (result) => {
      lastWrite = result;
      written.fire(result);
    },
  });

  context.subscriptions.push(
    log,
    diagnostics,
    status,
    written,
    waited,
    lastEditor,
    vscode.commands.registerCommand(COMMANDS.writeToBucket, (uri?: unknown, selected?: unknown) => write.run(uri, selected)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    registerConnectionCommands(credentials),
    registerLanguageModelTools({ write, credentials, currentDocument: () => lastEditor.current?.document }),
  );

  return {
    languageClientReady: ready,
    get lastWriteReport() {
      return lastWrite?.report;
    },
    get lastWrite() {
      return lastWrite;
    },
    onDidWrite: written.event,
    onDidWait: waited.event,
    cancelWrite: () => write.cancel(),
    writeDiagnostics: (uri) => diagnostics.get(uri),
  };
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
}
