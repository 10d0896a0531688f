/**
 * What the writer does with an HTTP answer (write-api.md §2): one table from the status, and
 * whether the answer is a per-line one, to an action; and the words of the answers that stop the
 * write (what happened, with the names used, and what to do).
 */
import { PROFILES } from '../products';
import { targetNames } from './endpoint';
import type { Connection } from './types';

export type StatusAction =
  /** A 2xx without a body: every line of the request was stored. */
  | 'written'
  /** Per-line outcomes from the answer: a 400/422, a 2xx with a body, an IOx 403 or 429 that judges points. */
  | 'judge'
  /** 401: ask for other credentials and send again, else stop. */
  | 'reauthorize'
  /** 413: the request is split in halves, down to one line. */
  | 'split'
  /** 429/503: refused before processing (nothing stored): sent again after a wait. */
  | 'retry'
  /** 500/504 and other 5xx: the points may have been stored; like no answer at all. */
  | 'maybeStored'
  /** 403, 404, anything unexpected: the write stops. */
  | 'stop';

const BY_STATUS: ReadonlyMap<number, StatusAction> = new Map<number, StatusAction>([
  [400, 'judge'],
  [422, 'judge'],
  [401, 'reauthorize'],
  [403, 'stop'],
  [404, 'stop'],
  [413, 'split'],
  [429, 'retry'],
  [503, 'retry'],
]);

/**
 * The action for an answer. `perLine` is asked only for a 403 or a 429: IOx answers 403 for points
 * outside the retention period (per line, or naming no line), which is a verdict on points, not a
 * permission; older IOx routers answer a service limit (columns, tables) with 429 and no
 * Retry-After, which never resets, so waiting would not help (answers/serviceLimits.ts).
 */
export function actionFor(status: number, body: string, perLine: () => boolean): StatusAction {
  if (status >= 200 && status < 300) return body.trim() === '' ? 'written' : 'judge';
  if ((status === 403 || status === 429) && perLine()) return 'judge';
  return BY_STATUS.get(status) ?? (status >= 500 ? 'maybeStored' : 'stop');
}

/** Why the write stops at this answer (401 once no other credentials come, 403, 404, unexpected). */
export function stopMessage(status: number, connection: Connection, answerUrl: string, summary: string | undefined): string {
  const profile = PROFILES[connection.product];
  const names = `${targetNames(connection)} at ${answerUrl}`;
  const said = summary ? `: ${summary}` : '';
  switch (status) {
    case 401:
      return `The server answered 401 Unauthorized for ${names}${said}. Check the token (or username and password) and that it may write there.`;
    case 403:
      return `The server answered 403 Forbidden for ${names}${said}. The credentials are valid but may not write there: grant write permission on it.`;
    case 404:
      return `The server answered 404 Not Found for ${names}${said}. Check the ${connection.product === 'v1' ? 'database' : 'bucket/database'} name${profile.needsOrg ? ' and the org' : ''} (create it first if needed) and the server URL and product.`;
    default:
      return `Unexpected answer ${status}${said} from ${answerUrl}. Check the server URL and the product it is set to (${profile.label}).`;
  }
}
