/** SIGINT/SIGTERM while `lp write` runs: a cancel that still prints the report. */
import type { CliIo } from './io';

const COMMAND = 'lp write';

export const SIGNAL_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_STATUS;

/**
 * SIGINT/SIGTERM during the write: the first cancels it (the report is still printed), a second
 * exits at once. Installed only while the write runs.
 */
export function onStopSignals(controller: AbortController, io: CliIo): { received: () => StopSignal | undefined; dispose: () => void } {
  let received: StopSignal | undefined;
  const handlers = (Object.keys(SIGNAL_STATUS) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      if (received !== undefined) process.exit(SIGNAL_STATUS[signal]);
      received = signal;
      void io.stderr.write(`${COMMAND}: ${signal}: stopping the write and printing its report (send ${signal} again to exit at once).\n`);
      controller.abort();
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return { received: () => received, dispose: () => handlers.forEach((off) => off()) };
}
