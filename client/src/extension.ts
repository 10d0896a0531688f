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
import { ConnectionStatus, SchemaStatus } from './languageStatus';
import { registerLanguageModelTools } from './lmTools';
import type { StoredSchemaParams } from '../../protocol/src/protocol';
import { schemaStatusTexts, type SchemaState, type SchemaStatusTexts } from './schemaStatus';
import { StoredSchema } from './storedSchema';
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
  /** Fires each time a stored schema is sent to the language server (null: none, the old one forgotten). */
  readonly onDidSendSchema: vscode.Event<StoredSchemaParams | null>;
  /** The stored schema's state, the texts its language status item shows, and the schema last sent (undefined: none yet). */
  readonly schemaStatus: { readonly state: SchemaState; readonly texts: SchemaStatusTexts; readonly sent: StoredSchemaParams | null | undefined; readonly asked: readonly string[] | undefined };
  /** Fires when the stored schema's state changes (reading, read, failed, …). */
  readonly onDidChangeSchemaState: vscode.Event<SchemaState>;
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
      // What was written is now stored: the schema is read again.
      schema.afterWrite(result.connection, result.report.written);
      written.fire(result);
    },
  });
  // Read with the transport a write uses (the connection's caFile trusted).
  const schema = new StoredSchema({ credentials, fetchFor: (connection) => write.fetchFor(connection), client, ready, secrets: context.secrets, log });

  context.subscriptions.push(
    log,
    diagnostics,
    status,
    written,
    waited,
    lastEditor,
    vscode.commands.registerCommand(COMMANDS.writeToBucket, (uri?: unknown, selected?: unknown) => write.run(uri, selected)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show()),
    schema,
    new SchemaStatus(schema),
    vscode.commands.registerCommand(COMMANDS.refreshSchema, async () => {
      const state = await schema.refresh();
      // A word in the status bar, never a pop-up: the language status item keeps the details.
      vscode.window.setStatusBarMessage(`InfluxDB: ${schemaStatusTexts(state).text}`, 5000);
      return state;
    }),
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
    onDidSendSchema: schema.onDidSend,
    get schemaStatus() {
      return { state: schema.state, texts: schema.texts(), sent: schema.sent, asked: schema.lastAsked };
    },
    onDidChangeSchemaState: schema.onDidChangeState,
  };
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
}
