/** Timestamps: instants in ISO 8601 with every nanosecond digit, and which precision a raw value looks like. */
import { NANOS_PER } from '../products';
import type { Precision } from '../products';

const NS_PER_MS = 1_000_000n;

/** `2024-06-11T12:00:00.123456789Z` for an instant in nanoseconds since the epoch (UTC, 9 fraction digits). */
export function formatInstant(ns: bigint): string {
  let ms = ns / NS_PER_MS;
  let sub = ns % NS_PER_MS;
  if (sub < 0n) {
    sub += NS_PER_MS;
    ms -= 1n;
  }
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return `${ns} ns since 1970-01-01`;
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ (or ±YYYYYY for far years)
  const fraction = iso.slice(-4, -1) + sub.toString().padStart(6, '0');
  return `${iso.slice(0, -4)}${fraction}Z`;
}

function digits(v: bigint): number {
  return (v < 0n ? -v : v).toString().length;
}

/**
 * The precision under which a raw timestamp lands closest to `nowNs` (by digit count), or
 * undefined when the configured precision already fits (within one digit) or the value is tiny.
 */
export function guessPrecision(raw: bigint, configured: Precision, nowNs: bigint): Precision | undefined {
  if (raw <= 0n) return undefined;
  const d = digits(raw);
  const distance = (p: Precision) => Math.abs(d - digits(nowNs / NANOS_PER[p]));
  if (distance(configured) <= 1) return undefined;
  let best: Precision = configured;
  for (const p of ['s', 'ms', 'us', 'ns'] as const) if (distance(p) < distance(best)) best = p;
  return best === configured || distance(best) > 1 ? undefined : best;
}

export const PRECISION_NAMES: Readonly<Record<Precision, string>> = {
  ns: 'nanoseconds',
  us: 'microseconds',
  ms: 'milliseconds',
  s: 'seconds',
};

/** The current time as a raw timestamp in a precision (for completion). */
export function nowIn(precision: Precision, nowNs: bigint): bigint {
  return nowNs / NANOS_PER[precision];
}

/** Where the analysis reads the time, in nanoseconds since the epoch (injected so that tests can pin it). */
export type Clock = () => bigint;

export function currentTimeNs(): bigint {
  return BigInt(Date.now()) * NS_PER_MS;
}

/**
 * A clock whose first reading is `first`, then `then`'s: the parts of one text checked apart (one
 * on a worker thread, see parts.ts) must agree on the time of their first check.
 */
export function clockStartingAt(first: bigint, then: Clock = currentTimeNs): Clock {
  let read = false;
  return () => {
    if (read) return then();
    read = true;
    return first;
  };
}

const DURATION_UNITS: readonly (readonly [string, bigint])[] = [
  ['w', 604_800_000_000_000n],
  ['d', 86_400_000_000_000n],
  ['h', 3_600_000_000_000n],
  ['m', 60_000_000_000n],
  ['s', 1_000_000_000n],
  ['ms', 1_000_000n],
  ['us', 1_000n],
  ['ns', 1n],
];

/** `30d`, `1h30m`: a duration in nanoseconds as InfluxDB writes it (weeks only when whole). */
export function formatDuration(ns: bigint): string {
  if (ns <= 0n) return '0s';
  let rest = ns;
  let out = '';
  for (const [unit, size] of DURATION_UNITS) {
    if (unit === 'w' && rest % size !== 0n) continue;
    const n = rest / size;
    if (n > 0n) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
