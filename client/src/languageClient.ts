/**
 * The language client: starts the language server (`dist/server.js`) for line-protocol documents,
 * file and untitled alike, and keeps the `influxLineProtocol` settings in sync with it.
 * The server never receives a credential: connections hold none, tokens stay in SecretStorage.
 */
import { existsSync } from 'node:fs';
import type { ExtensionContext, LogOutputChannel } from 'vscode';
import { LanguageClient, TransportKind, type ForkOptions, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_PROCESS_OPTIONS } from '../../server/src/protocol';
import { CONFIG_SECTION, LANGUAGE_ID } from './ids';

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
    synchronize: { configurationSection: CONFIG_SECTION },
    outputChannel: log,
    initializationFailedHandler: (error) => {
      log.error(`The language server failed to initialize: ${error instanceof Error ? error.message : String(error)}`);
      // Restarting would fail the same way; writing to InfluxDB keeps working without the server.
      return false;
    },
  };
  // The id is the settings section, so `influxLineProtocol.trace.server` sets the trace level.
  const client = new LanguageClient(CONFIG_SECTION, 'InfluxDB Line Protocol', serverOptions, clientOptions);
  const ready = client.start().catch((error: unknown) => {
    log.error(`The language server could not start (${module}): ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });
  return { client, ready };
}
