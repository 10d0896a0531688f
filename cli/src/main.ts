/** The `lp` executable: real process I/O around `runCli`. */
import { runCli } from './cli';
import { createNodeIo } from './io';

// `lp parse big.lp | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), createNodeIo()).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`lp: internal error, please report it with the command you ran: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 3;
  },
);
