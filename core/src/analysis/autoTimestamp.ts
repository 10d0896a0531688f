/**
 * The timestamp checks under `precision=auto` (InfluxDB 3's `/api/v3/write_lp`): each timestamp is
 * read in the unit the server guesses from its magnitude (core/src/autoPrecision.ts, from
 * `guess_precision`), and the range and retention checks apply to the instant after that conversion.
 * A timestamp near a threshold gets a warning (the same digits in the neighbouring unit are a
 * believable instant too); a timestamp read in another unit than the file's first one gets an
 * information diagnostic (mixed units in one file are often a mistake).
 */
import type { Token } from '../model';
import { autoUnit, nearThreshold, thresholdText } from '../autoPrecision';
import { NANOS_PER, type Precision } from '../products';
import type { ChunkDiagnostic } from './findings';
import type { TimeRules, TimestampBounds } from './timestamps';
import { formatDuration, formatInstant, PRECISION_NAMES } from './time';

/** Under auto, no raw value is "quiet": every timestamp goes through describeAutoTimestamp. */
export const AUTO_BOUNDS: TimestampBounds = {
  minRaw: -(2n ** 63n),
  maxRaw: 2n ** 63n - 1n,
  plausibleLow: 10n,
  plausibleHigh: 0n,
  retentionRaw: undefined,
  quietLow: 10n,
  quietHigh: 0n,
  quietLowDigits: '10',
  quietHighDigits: '0',
};

/** What the auto checks remember across a document's lines: the unit of its first timestamp. */
export interface AutoUnits {
  first?: Precision;
}

/** `ctx.building`: the first pass, which notes the document's first unit in `ctx.autoUnits`. */
export function describeAutoTimestamp(token: Token<bigint>, ctx: TimeRules & { readonly building: boolean; readonly autoUnits: AutoUnits }, out: ChunkDiagnostic[]): void {
  const raw = token.value;
  const { settings } = ctx;
  const label = settings.profile.label;
  const unit = autoUnit(raw);
  const ns = raw * NANOS_PER[unit];
  const at = { start: token.start, end: token.end };
  const units = ctx.autoUnits;
  if (ctx.building && units.first === undefined) units.first = unit;
  if (ns < settings.profile.minTimestampNs || ns > settings.profile.maxTimestampNs) {
    // The server's `checked_mul` overflows: "timestamp, {ts}, out of range for precision: Auto".
    out.push({
      ...at,
      severity: 'error',
      code: 'timestamp-range',
      message: `Timestamp ${raw}, read as ${PRECISION_NAMES[unit]} by precision=auto, is ${ns} ns, beyond the 64-bit nanosecond range: ${label} rejects the point ("timestamp, ${raw}, out of range for precision: Auto"). Check the value, or set the precision it is written in.`,
    });
    return;
  }
  const near = nearThreshold(raw);
  if (near !== undefined) {
    const other = unit === near.below ? near.above : near.below;
    out.push({
      ...at,
      severity: 'warning',
      code: 'timestamp-auto-threshold',
      message: `Timestamp ${raw} is near the ${thresholdText(near.at)} threshold of precision=auto: ${label} reads it as ${PRECISION_NAMES[unit]} (${formatInstant(ns)}); in ${PRECISION_NAMES[other]} it would be ${formatInstant(raw * NANOS_PER[other])}. If it is not in ${PRECISION_NAMES[unit]}, set the precision it is written in (${ctx.precisionSetting}).`,
    });
  }
  if (units.first !== undefined && unit !== units.first) {
    out.push({
      ...at,
      severity: 'information',
      code: 'timestamp-auto-mixed',
      message: `precision=auto reads this timestamp as ${PRECISION_NAMES[unit]} (${formatInstant(ns)}), but the file's first timestamp as ${PRECISION_NAMES[units.first]}: mixed units in one file are often a mistake. If they are meant, nothing is wrong; otherwise write every timestamp in one unit and set that precision (${ctx.precisionSetting}).`,
    });
  }
  if (settings.retentionNs !== undefined && ns < ctx.nowNs - settings.retentionNs) {
    out.push({
      ...at,
      severity: 'error',
      code: 'retention',
      message: `Point at ${formatInstant(ns)} (read as ${PRECISION_NAMES[unit]} by precision=auto) is older than the retention period (${formatDuration(settings.retentionNs)}): ${label} rejects it. Use a newer timestamp or a database with a longer retention period.`,
    });
  }
}

/** The hover of a timestamp under precision=auto: the instant and the unit the server reads. */
export function autoTimestampHover(raw: bigint): string {
  const unit = autoUnit(raw);
  return `**timestamp** ${formatInstant(raw * NANOS_PER[unit])} (UTC)\n\n\`${raw}\` in ${PRECISION_NAMES[unit]}, the unit precision=auto reads from its magnitude (write precision \`auto\`)`;
}
