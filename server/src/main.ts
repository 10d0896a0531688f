/**
 * The bundled server's entry (`dist/server.js`): `--stdio`, `--node-ipc` or `--socket=N`, as any LSP
 * client starts it. Started as a worker thread by the server itself, the same bundle runs the
 * analysis worker instead (see analysisWorker.ts).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { isMainThread, workerData } from 'node:worker_threads';
import { ANALYSIS_WORKER_ROLE, runAnalysisWorker } from './analysisWorker';
import { startServer } from './server';

function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  // stdout may be the protocol stream: route stray console output to the client's log instead.
  // eslint-disable-next-line no-console -- replacing, not calling
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  // eslint-disable-next-line no-console -- replacing, not calling
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
  startServer(connection, { analysisWorkerScript: __filename });
  connection.listen();
}

if (isMainThread) startLanguageServer();
else if ((workerData as { role?: unknown } | null)?.role === ANALYSIS_WORKER_ROLE) runAnalysisWorker();
