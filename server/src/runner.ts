/**
 * Every request handler goes through `runSafe`: a cancelled request answers RequestCancelled, and
 * a failure is logged and answered with a harmless default instead of breaking the editor feature.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
}

/** A caught error for the log: its stack when it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

export async function runSafe<T>(
  log: Logger,
  work: () => T | Promise<T>,
  errorValue: T,
  what: string,
  token: CancellationToken | undefined,
): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = await work();
    // A result computed after the client gave up would be thrown away anyway.
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (error) {
    log.error(`${what} failed: ${describeError(error)}`);
    return errorValue;
  }
}
