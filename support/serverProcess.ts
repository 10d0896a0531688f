/**
 * The built language server in a process of its own, connected over the real protocol: as the
 * extension starts it ('extension': forked with the IPC transport and the extension's fork
 * options, SERVER_PROCESS_OPTIONS) or as any LSP client may ('stdio': `node server.js --stdio`,
 * JSON messages). The server tests and the server bench both start it here.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { SERVER_PROCESS_OPTIONS } from '../protocol/src/protocol';

export type ServerTransport = 'extension' | 'stdio';

/** Starts `script` (dist/server.js) with Node options `nodeArgs`; the connection is not yet listening. */
export function startServerProcess(transport: ServerTransport, script = 'dist/server.js', nodeArgs: readonly string[] = []): { child: ChildProcess; connection: ProtocolConnection } {
  if (transport === 'extension') {
    const child = fork(script, ['--node-ipc', `--clientProcessId=${process.pid}`], { ...SERVER_PROCESS_OPTIONS, execArgv: [...nodeArgs], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    return { child, connection: createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) };
  }
  const child = spawn(process.execPath, [...nodeArgs, script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return { child, connection: createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)) };
}
