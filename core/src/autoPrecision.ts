/**
 * `precision=auto` on `/api/v3/write_lp` (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud): the server
 * reads each timestamp's unit from its magnitude. Confirmed in influxdata/influxdb (main, 2026-06,
 * d7834110) influxdb3_types/src/write.rs, `Precision::guess_precision`: `v = |ts| / 1_000_000_000`
 * (integer division); `v < 5` seconds, `v < 5_000` milliseconds, `v < 5_000_000` microseconds, else
 * nanoseconds; `to_nanos` then multiplies with `checked_mul`, so a product beyond i64 is refused
 * ("timestamp, {ts}, out of range for precision: Auto"). The same file's `FromStr` accepts `auto`,
 * `s`/`second`, `ms`/`millisecond`, `us`/`u`/`microsecond`, `ns`/`n`/`nanosecond`.
 */
import { usesWriteLp } from './influxdb3';
import { NANOS_PER, type Precision, type Product } from './products';

/** A write precision as a user chooses it: one unit for every timestamp, or `auto`. */
export type WritePrecision = Precision | 'auto';

/** The precision names InfluxDB 3's `/api/v3/write_lp` accepts, each with the unit it means. */
export const V3_PRECISION_NAMES: Readonly<Record<string, WritePrecision>> = {
  auto: 'auto',
  s: 's',
  second: 's',
  ms: 'ms',
  millisecond: 'ms',
  us: 'us',
  u: 'us',
  microsecond: 'us',
  ns: 'ns',
  n: 'ns',
  nanosecond: 'ns',
};

/** Products whose write endpoint takes `precision=auto` (only `/api/v3/write_lp`). */
export function acceptsAuto(product: Product): boolean {
  return usesWriteLp(product);
}

const NS_PER_S = 1_000_000_000n;

/** The unit `precision=auto` reads a raw timestamp in, as `guess_precision` does. */
export function autoUnit(raw: bigint): Precision {
  const v = (raw < 0n ? -raw : raw) / NS_PER_S;
  if (v < 5n) return 's';
  if (v < 5_000n) return 'ms';
  if (v < 5_000_000n) return 'us';
  return 'ns';
}

/** The unit a timestamp is read in under a write precision. */
export function unitOf(raw: bigint, precision: WritePrecision): Precision {
  return precision === 'auto' ? autoUnit(raw) : precision;
}

/** The thresholds of `guess_precision` in raw values: below each, the unit named. */
const THRESHOLDS: readonly { readonly at: bigint; readonly below: Precision; readonly above: Precision }[] = [
  { at: 5_000_000_000n, below: 's', above: 'ms' },
  { at: 5_000_000_000_000n, below: 'ms', above: 'us' },
  { at: 5_000_000_000_000_000n, below: 'us', above: 'ns' },
];

/**
 * The threshold a raw timestamp is near, when within a factor of 2 of it (our choice: the band where
 * the same digits read in the neighbouring unit are a believable instant too, e.g. a millisecond
 * timestamp from early 1970 below 5e9 reads as seconds in 2049–2128).
 */
export function nearThreshold(raw: bigint): (typeof THRESHOLDS)[number] | undefined {
  const v = raw < 0n ? -raw : raw;
  return THRESHOLDS.find((t) => v * 2n >= t.at && v < t.at * 2n);
}

/** `5e9`-style text of a threshold, for messages. */
export function thresholdText(at: bigint): string {
  const s = at.toString();
  return `5e${s.length - 1}`;
}

/** Nanoseconds of a raw timestamp under a write precision. */
export function toNanos(raw: bigint, precision: WritePrecision): bigint {
  return raw * NANOS_PER[unitOf(raw, precision)];
}

/** A precision option as a user typed it, resolved for a product: the unit, or auto. */
export type PrecisionChoice =
  | { readonly ok: true; readonly precision: Precision; readonly auto: boolean }
  | { readonly ok: false; readonly message: string };

/** 1.x's `/write` letters beside the common names (write-api.md §1). */
const V1_NAMES: Readonly<Record<string, Precision>> = { n: 'ns', u: 'us' };

/**
 * Reads a precision name for a product: `ns`/`us`/`ms`/`s` everywhere; on `/api/v3/write_lp` also
 * `auto` and the other names its `FromStr` takes (`n`, `u`, `second`, …); on 1.x `n` and `u`.
 * `precision` is the unit to use where one is needed (`ns` under auto, never used for timestamps).
 */
export function choosePrecision(name: string, product: Product, label: string, from = ''): PrecisionChoice {
  const common = ['ns', 'us', 'ms', 's'];
  if (common.includes(name)) return { ok: true, precision: name as Precision, auto: false };
  if (acceptsAuto(product)) {
    const known = V3_PRECISION_NAMES[name];
    if (known !== undefined) return known === 'auto' ? { ok: true, precision: 'ns', auto: true } : { ok: true, precision: known, auto: false };
  } else if (product === 'v1' && V1_NAMES[name] !== undefined) {
    return { ok: true, precision: V1_NAMES[name], auto: false };
  }
  if (name === 'auto' || V3_PRECISION_NAMES[name] !== undefined) {
    return { ok: false, message: `precision '${name}'${from} is taken only by /api/v3/write_lp (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not by ${label}: use ns, us, ms or s.` };
  }
  const names = acceptsAuto(product) ? 'ns, us, ms, s, auto (or n, u, second, millisecond, microsecond, nanosecond)' : product === 'v1' ? 'ns, us, ms, s (or n, u)' : 'ns, us, ms, s';
  return { ok: false, message: `unknown precision '${name}'${from}. Use one of: ${names}.` };
}
