/**
 * The timestamp rules: which raw timestamps (as written, before the precision) a target accepts,
 * the bounds a usual one passes on its digits alone, and what a check says of one outside them.
 */
import type { Point } from '../model';
import { NANOS_PER } from '../products';
import type { ChunkDiagnostic } from './findings';
import { retentionMessage, timestampPrecisionMessage, timestampRangeMessage } from './messages';
import type { CheckerSettings } from './settings';
import { guessPrecision } from './time';

/** Raw timestamps a target accepts: within its range and not older than the retention period. */
export interface AcceptedTimes {
  readonly minRaw: bigint;
  readonly maxRaw: bigint;
  /** Raw values below this are older than the retention period (undefined: infinite retention). */
  readonly retentionRaw: bigint | undefined;
}

export function acceptedTimes(settings: CheckerSettings, nowNs: bigint): AcceptedTimes {
  const mult = NANOS_PER[settings.precision];
  const { minTimestampNs, maxTimestampNs } = settings.profile;
  return {
    // Ceiling / floor so that raw * mult stays inside the range exactly.
    minRaw: -(-minTimestampNs / mult),
    maxRaw: maxTimestampNs / mult,
    retentionRaw: settings.retentionNs === undefined ? undefined : (nowNs - settings.retentionNs) / mult,
  };
}

export interface TimestampBounds extends AcceptedTimes {
  /** Raw values in [plausibleLow, plausibleHigh] need no precision guess. */
  readonly plausibleLow: bigint;
  readonly plausibleHigh: bigint;
  /** Raw values in [quietLow, quietHigh] pass every timestamp check. */
  readonly quietLow: bigint;
  readonly quietHigh: bigint;
  /** The same two bounds in decimal, to compare a timestamp's digits without making a bigint. */
  readonly quietLowDigits: string;
  readonly quietHighDigits: string;
}

export function timestampBounds(settings: CheckerSettings, nowNs: bigint): TimestampBounds {
  const mult = NANOS_PER[settings.precision];
  const { minRaw, maxRaw, retentionRaw } = acceptedTimes(settings, nowNs);
  const digits = (nowNs / mult).toString().length;
  const plausibleLow = 10n ** BigInt(Math.max(0, digits - 2));
  const plausibleHigh = 10n ** BigInt(digits + 1) - 1n;
  const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
  const quietLow = max(max(minRaw, plausibleLow), retentionRaw ?? minRaw);
  const quietHigh = maxRaw < plausibleHigh ? maxRaw : plausibleHigh;
  return { minRaw, maxRaw, plausibleLow, plausibleHigh, retentionRaw, quietLow, quietHigh, quietLowDigits: quietLow.toString(), quietHighDigits: quietHigh.toString() };
}

/**
 * Whether a parsed line ends in a timestamp whose digits lie within the quiet bounds: a space or
 * TAB, then digits without a sign or leading zero, at the line's end. Nothing else in a parsed line
 * can end that way (a field value never holds an unquoted blank), so `false` only means "ask the
 * table": no timestamp, a negative or zero-padded one, or one outside the bounds.
 */
export function digitsInQuietRange(text: string, start: number, end: number, bounds: TimestampBounds): boolean {
  let p = end;
  while (p > start && text.charCodeAt(p - 1) - 48 >>> 0 <= 9) p--;
  const len = end - p;
  if (len === 0 || p === start) return false;
  const before = text.charCodeAt(p - 1);
  if (before !== 32 && before !== 9) return false;
  if (len > 1 && text.charCodeAt(p) === 48) return false;
  const low = bounds.quietLowDigits;
  const high = bounds.quietHighDigits;
  if (len < low.length || len > high.length) return false;
  if (len === low.length && compareDigits(text, p, low) < 0) return false;
  if (len === high.length && compareDigits(text, p, high) > 0) return false;
  return true;
}

/** Compares the digits at `text[p…]` with `digits` of the same length. */
function compareDigits(text: string, p: number, digits: string): number {
  for (let k = 0; k < digits.length; k++) {
    const d = text.charCodeAt(p + k) - digits.charCodeAt(k);
    if (d !== 0) return d;
  }
  return 0;
}

/** What the timestamp rules need of a check. */
export interface TimeRules {
  readonly settings: CheckerSettings;
  readonly bounds: TimestampBounds;
  readonly nowNs: bigint;
  /** What messages call the write precision choice (a setting in the editor, an option on the command line). */
  readonly precisionSetting: string;
}

/** The problems of a point's timestamp outside the quiet bounds: beyond the range, another precision, older than the retention period. */
export function timestampProblems(p: Point, rules: TimeRules, out: ChunkDiagnostic[]): void {
  const token = p.timestamp;
  if (token === undefined) return;
  const raw = token.value;
  const { settings, bounds } = rules;
  const precision = settings.precision;
  const label = settings.profile.label;
  const mult = NANOS_PER[precision];
  const at = { start: token.start, end: token.end };
  if (raw < bounds.minRaw || raw > bounds.maxRaw) {
    out.push({ ...at, severity: 'error', code: 'timestamp-range', message: timestampRangeMessage(raw, precision, raw * mult, settings.profile.parser === 'v3', label) });
    return;
  }
  const ns = raw * mult;
  if (raw < bounds.plausibleLow || raw > bounds.plausibleHigh) {
    const guess = guessPrecision(raw, precision, rules.nowNs);
    if (guess !== undefined) {
      out.push({ ...at, severity: 'warning', code: 'timestamp-precision', message: timestampPrecisionMessage(raw, precision, ns, guess, raw * NANOS_PER[guess], rules.precisionSetting) });
    }
  }
  if (bounds.retentionRaw !== undefined && raw < bounds.retentionRaw && settings.retentionNs !== undefined) {
    const status = settings.profile.dialect === 'iox' ? 'HTTP 403' : undefined;
    out.push({ ...at, severity: 'error', code: 'retention', message: retentionMessage(ns, settings.retentionNs, status, label) });
  }
}
