/**
 * Retrying a request: how long to wait (the server's `Retry-After` in seconds, else backoff), a
 * wait a cancel cuts short, and whether sending a request again is harmless.
 */
import type { ParseOptions } from '../api';
import { parseLineProtocol } from '../index';
import { bodyText, type Batch } from './batch';
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

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after `ms`, or early (false) when the signal aborts. */
export async function interruptibleSleep(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) {
    await sleep(ms);
    return true;
  }
  if (signal.aborted) return false;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sleep(ms).then(() => true as const), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/**
 * True when every line of the batch carries its own timestamp: sending the request again then
 * rewrites identical points (same series and time), which overwrite themselves. A line without
 * one would be stored a second time at the server's new time; a line the parser refuses counts
 * as without (we cannot vouch for how the server reads it).
 */
export function resendIsHarmless(batch: Batch, parse: ParseOptions): boolean {
  const doc = parseLineProtocol(bodyText(batch), parse);
  for (let i = 0; i < doc.count; i++) {
    const result = doc.result(i);
    if (!result.ok || result.point.timestamp === undefined) return false;
  }
  return true;
}
