/** How a write stops early, and the wording shared by the writer and the driver. */
import type { Batch } from './batch';

/**
 * Stops the whole write: everything after the current batch is not sent; the current batch is not
 * sent either, unless an attempt of it may have reached the server (`unconfirmed` says why).
 */
export class Stop extends Error {
  override readonly name = 'Stop';
  constructor(
    message: string,
    readonly status?: number,
    readonly cancelled = false,
    /** Set when the current batch may be stored: the reason its lines are unconfirmed. */
    readonly unconfirmed?: string,
  ) {
    super(message);
  }
}

export const CANCELLED = 'Write cancelled.';

/** A message (sentences) put after a colon or in brackets: first letter lower case, no final period. */
export function asClause(message: string): string {
  return message.replace(/\.$/, '').replace(/^[A-Z](?=[a-z ])/, (c) => c.toLowerCase());
}

export function describeBatch(batch: Batch): string {
  const first = batch.lines[0];
  const last = batch.lines[batch.lines.length - 1];
  return first === last ? `the request with line ${first}` : `the request with lines ${first}–${last}`;
}
