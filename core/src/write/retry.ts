/** How long to wait before retrying a request: the server's `Retry-After` (seconds), else backoff. */
import type { WaitEvent } from './types';

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

/**
 * `Retry-After` is seconds (or an HTTP date), never milliseconds. Undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "full jitter" halved: between 50 % and 100 % of 1 s · 2^retry, at most 30 s. */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** retry);
  return Math.round(ceiling * (0.5 + random() * 0.5));
}

/**
 * A wait as progress displays show it, the same in the editor and on the command line:
 * "Server busy (429): retrying in 8 s (attempt 2 of 5)".
 */
export function describeWait(wait: WaitEvent): string {
  const seconds = wait.delayMs < 1000 ? `${(wait.delayMs / 1000).toFixed(1)} s` : `${Math.round(wait.delayMs / 1000)} s`;
  return `${wait.reason}: retrying in ${seconds} (attempt ${wait.attempt} of ${wait.maxAttempts})`;
}
