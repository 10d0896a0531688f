/** The bundled server's entry (`dist/server.js`): `--stdio`, `--node-ipc` or `--socket=N`, as any LSP client starts it. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// stdout may be the protocol stream: route stray console output to the client's log instead.
// eslint-disable-next-line no-console -- replacing, not calling
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
// eslint-disable-next-line no-console -- replacing, not calling
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
startServer(connection);
connection.listen();
