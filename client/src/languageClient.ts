/**
 * The language client: starts the language server (`dist/server.js`) for line-protocol documents,
 * file and untitled alike, and tells it the settings its checks need: only those, resolved to the
 * product written to (checkSettings.ts). The server never receives a connection, a URL or a
 * credential (so neither does the trace at `verbose`). Also the commands its quick fixes run.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type ForkOptions, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isPrecision } from '../../core/src/products';
import { FIX_COMMANDS, LANGUAGE_ID, SERVER_PROCESS_OPTIONS, SETTINGS_SECTION, type InitializationOptions } from '../../protocol/src/protocol';
import { ChecksStatus } from './languageStatus';
import { readCheckSettings, setWritePrecision } from './settings';

export interface StartedClient {
  /** Undefined when the server bundle is missing (a build without the server). */
  readonly client: LanguageClient | undefined;
  /** Resolves once the server answered `initialize`; rejects (with the reason logged) if it could not start. */
  readonly ready: Promise<void>;
}

export function startLanguageClient(context: ExtensionContext, log: LogOutputChannel): StartedClient {
  const module = context.asAbsolutePath('dist/server.js');
  if (!existsSync(module)) {
    const message = `The language server bundle ${module} is missing (run 'npm run build'): checks as you type are off; Write to Bucket still works.`;
    log.error(message);
    return { client: undefined, ready: Promise.reject(new Error(message)) };
  }
  // vscode-languageclient passes these options on to Node's fork as they are; its own type
  // declares only a few of them.
  const run: ForkOptions & typeof SERVER_PROCESS_OPTIONS = { ...SERVER_PROCESS_OPTIONS };
  const debug: ForkOptions & typeof SERVER_PROCESS_OPTIONS = { ...SERVER_PROCESS_OPTIONS, execArgv: ['--nolazy', '--inspect=6011'] };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: run },
    debug: { module, transport: TransportKind.ipc, options: debug },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    // No `synchronize`: the server registers for changes of the section (connections included:
    // they decide the product), is told only that something changed, and asks for what it needs.
    initializationOptions: { fixCommands: true } satisfies InitializationOptions,
    middleware: {
      workspace: {
        configuration: (params) =>
          params.items.map((item) =>
            item.section === SETTINGS_SECTION ? readCheckSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined).sent : null,
          ),
        // `settings: null` instead of the whole section (which holds the connections).
        didChangeConfiguration: (_sections, next) => next(undefined),
      },
    },
    outputChannel: log,
    initializationFailedHandler: (error) => {
      log.error(`The language server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      // Restarting would fail the same way; writing to InfluxDB keeps working without the server.
      return false;
    },
  };
  // The id is the settings section, so `influxLineProtocol.trace.server` sets the trace level.
  const client = new LanguageClient(SETTINGS_SECTION, 'InfluxDB Line Protocol', serverOptions, clientOptions);
  const ready = client.start().catch((error: unknown) => {
    log.error(`The language server could not start (${module}): ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });
  context.subscriptions.push(...registerFixCommands(), new ChecksStatus());
  return { client, ready };
}

/** The commands of the quick fixes a text edit cannot make (see FIX_COMMANDS). */
function registerFixCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(FIX_COMMANDS.endOfLineLF, async (uri: unknown) => {
      if (typeof uri !== 'string') return false;
      // VS Code keeps the end of line as the document's property and normalises `\r\n` in text
      // edits: switching the property rewrites every line ending, as saving then shows.
      const target = vscode.Uri.parse(uri);
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
      if (editor !== undefined) return editor.edit((builder) => builder.setEndOfLine(vscode.EndOfLine.LF));
      const edit = new vscode.WorkspaceEdit();
      edit.set(target, [vscode.TextEdit.setEndOfLine(vscode.EndOfLine.LF)]);
      return vscode.workspace.applyEdit(edit);
    }),
    vscode.commands.registerCommand(FIX_COMMANDS.setPrecision, async (uri: unknown, precision: unknown) => {
      if (typeof uri !== 'string' || !isPrecision(precision)) return undefined;
      const where = await setWritePrecision(vscode.Uri.parse(uri), precision);
      void vscode.window.showInformationMessage(`Write precision set to ${precision} in ${where}.`);
      return where;
    }),
  ];
}
