/**
 * `lp check`'s options turned into the analysis settings the editor would use for the same
 * `influxLineProtocol.*` values. The editor falls back to a default on a wrong value (and logs it);
 * the command line refuses it instead, so a typo in CI never silently checks something else.
 */
import { choosesColumnFamilies, parseDuration, resolveSettings, type CheckerSettings } from '../../core/src/analysis';
import { choosePrecision } from '../../core/src/autoPrecision';
import { PROFILES, type Product } from '../../core/src/products';
import { UsageError } from './args';
import type { TargetChoice } from './targets';

/** Texts up to this many UTF-16 code units are analysed whole (see CHECK_HELP). */
export const DEFAULT_WHOLE_FILE_LIMIT = 64 * 1024 * 1024;

export interface CheckOptionValues {
  readonly precision: string | undefined;
  readonly retention: string | undefined;
  readonly shardGroup: string | undefined;
  /** `on` or `off` (--column-families): whether the server stores fields by column family. */
  readonly columnFamilies?: string | undefined;
}

export function checkerSettings(command: string, target: TargetChoice, values: CheckOptionValues): CheckerSettings {
  const choice = choosePrecision(values.precision ?? 'ns', target.rules, PROFILES[target.rules].label, ' (from --precision)');
  if (!choice.ok) throw new UsageError(`${command}: ${choice.message}`);
  const precision = choice.auto ? 'auto' : choice.precision;
  if (values.retention !== undefined && parseDuration(values.retention) === null) {
    throw new UsageError(
      `${command}: --retention '${values.retention}' is not a duration. Write it as InfluxDB does, e.g. '30d', '1h30m' or '2w' ('inf' or '0' for infinite).`,
    );
  }
  if (values.shardGroup !== undefined && !parseDuration(values.shardGroup)) {
    throw new UsageError(`${command}: --shard-group '${values.shardGroup}' is not a positive duration. Write it as InfluxDB does, e.g. '7d', '1d' or '1h'.`);
  }
  const families = columnFamiliesOf(command, target.rules, values.columnFamilies);
  const problems: string[] = [];
  const settings = resolveSettings(
    {
      target: target.rules,
      precision,
      retentionPeriod: values.retention,
      shardGroupDuration: values.shardGroup,
      ...(families !== undefined ? { columnFamilies: families } : {}),
      // Every problem: the editor caps its list (influxLineProtocol.maxDiagnostics), a check in CI must not.
      maxDiagnostics: Number.MAX_SAFE_INTEGER,
    },
    problems,
  );
  // Everything was validated above: a problem here means the two disagree, which is a bug.
  if (problems.length > 0) throw new Error(`settings the analysis refused: ${problems.join(' ')}`);
  return settings;
}

/** --column-families on|off, for the products where a server may or may not store fields by family. */
function columnFamiliesOf(command: string, product: Product, value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'on' && value !== 'off') throw new UsageError(`${command}: --column-families '${value}' is neither on nor off.`);
  if (!choosesColumnFamilies(product)) {
    throw new UsageError(`${command}: --column-families applies only to enterprise and influxdb3-cloud (the servers that may store fields by column family), not to ${product}.`);
  }
  return value === 'on';
}

const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 };

/** `64M`, `512K`, `1000`: a count of characters (K, M, G are powers of 1024). */
export function parseSizeLimit(command: string, value: string | undefined): number {
  if (value === undefined) return DEFAULT_WHOLE_FILE_LIMIT;
  const m = /^(\d+)([kmg]?)i?b?$/i.exec(value.trim());
  if (!m) throw new UsageError(`${command}: --whole-file-limit '${value}' is not a size. Write it like '64M', '512K' or '0' (never analyse whole).`);
  return Number(m[1]) * SIZE_UNITS[m[2].toLowerCase()];
}
