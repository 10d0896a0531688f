/**
 * `precision=auto` (issue 13 §2). The unit rule is the server's own: influxdata/influxdb (main,
 * 2026-06, d7834110) influxdb3_types/src/write.rs `Precision::guess_precision` (`|ts| / 1e9`, integer
 * division: < 5 s, < 5,000 ms, < 5,000,000 µs, else ns) and its `FromStr` (auto, s/second,
 * ms/millisecond, us/u/microsecond, ns/n/nanosecond); only /api/v3/write_lp takes auto
 * (influxdb3_server/src/http.rs `write_lp_inner`: `params.precision.unwrap_or(Precision::Auto)`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { hoverAt } from '../../core/src/analysis/hover';
import { timestampHints } from '../../core/src/analysis/outline';
import { resolveSettings } from '../../core/src/analysis/settings';
import { autoUnit, choosePrecision } from '../../core/src/autoPrecision';
import { runCli } from '../../cli/src/cli';
import { memoryIo } from '../cli/memoryIo';

const NOW = 1_780_000_000_000_000_000n; // 2026-05-28

void describe('guess_precision, as the server reads a timestamp under precision=auto', () => {
  void it('switches unit exactly at 5e9, 5e12 and 5e15, on the absolute value', () => {
    assert.equal(autoUnit(4_999_999_999n), 's');
    assert.equal(autoUnit(5_000_000_000n), 'ms');
    assert.equal(autoUnit(4_999_999_999_999n), 'ms');
    assert.equal(autoUnit(5_000_000_000_000n), 'us');
    assert.equal(autoUnit(4_999_999_999_999_999n), 'us');
    assert.equal(autoUnit(5_000_000_000_000_000n), 'ns');
    assert.equal(autoUnit(-4_999_999_999n), 's');
    assert.equal(autoUnit(-5_000_000_000n), 'ms');
    assert.equal(autoUnit(0n), 's');
  });
});

void describe('precision names per product (FromStr of write.rs; 1.x letters)', () => {
  void it('takes auto and the short and long names on /api/v3/write_lp targets only', () => {
    assert.deepEqual(choosePrecision('auto', 'influxdb3-cloud', 'InfluxDB 3 Cloud'), { ok: true, precision: 'ns', auto: true });
    assert.deepEqual(choosePrecision('n', 'core', 'InfluxDB 3 Core'), { ok: true, precision: 'ns', auto: false });
    assert.deepEqual(choosePrecision('u', 'enterprise', 'InfluxDB 3 Enterprise'), { ok: true, precision: 'us', auto: false });
    assert.deepEqual(choosePrecision('second', 'core', 'InfluxDB 3 Core'), { ok: true, precision: 's', auto: false });
    assert.deepEqual(choosePrecision('u', 'v1', 'InfluxDB 1.x'), { ok: true, precision: 'us', auto: false });
    assert.deepEqual(choosePrecision('auto', 'cloud-serverless', 'InfluxDB Cloud Serverless'), {
      ok: false,
      message: "precision 'auto' is taken only by /api/v3/write_lp (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not by InfluxDB Cloud Serverless: use ns, us, ms or s.",
    });
    assert.equal(choosePrecision('second', 'oss-v2', 'InfluxDB OSS 2.x').ok, false);
  });
  void it('the editor falls back to ns with a message when auto is set for a product without it', () => {
    const problems: string[] = [];
    const settings = resolveSettings({ target: 'cloud-dedicated', precision: 'auto' }, problems);
    assert.equal(settings.autoPrecision, undefined);
    assert.match(problems[0], /auto is taken only by \/api\/v3\/write_lp .*not by InfluxDB Cloud Dedicated; using ns/);
  });
});

void describe('the editor under precision=auto', () => {
  const settings = resolveSettings({ target: 'core', precision: 'auto' });
  const text = [
    'm f=1 1780000000', //             seconds
    'm f=2 1780000000000', //          milliseconds: another unit than the first
    'm f=3 3000000000', //             seconds, near 5e9 (2065): a ms timestamp from 1970 would read alike
    'm f=4 1780000000000000000', //    nanoseconds
  ].join('\n');
  const analysis = new DocumentAnalysis(text, settings, { now: () => NOW });

  void it('reads each timestamp in the unit auto chooses: no precision warnings, info for mixed units, a warning near a threshold', () => {
    const found = analysis.diagnostics().map((d) => [d.range.start.line, d.severity, d.code]);
    assert.deepEqual(found, [
      [1, 'information', 'timestamp-auto-mixed'],
      [2, 'warning', 'timestamp-auto-threshold'],
      [3, 'information', 'timestamp-auto-mixed'],
    ]);
    const near = analysis.diagnostics()[1].message;
    assert.equal(
      near,
      'Timestamp 3000000000 is near the 5e9 threshold of precision=auto: InfluxDB 3 Core reads it as seconds (2065-01-24T05:20:00.000000000Z); in milliseconds it would be 1970-02-04T17:20:00.000000000Z. If it is not in seconds, set the precision it is written in (influxLineProtocol.precision).',
    );
  });

  void it('the hover and the inlay hint show the instant and the unit auto chose', () => {
    const hover = hoverAt(analysis, { line: 1, character: 8 });
    assert.match(hover?.markdown ?? '', /^\*\*timestamp\*\* 2026-05-28T20:26:40\.000000000Z \(UTC\)\n\n`1780000000000` in milliseconds, the unit precision=auto reads from its magnitude/);
    const hints = timestampHints(analysis, { start: { line: 0, character: 0 }, end: { line: 3, character: 40 } });
    assert.deepEqual(hints.map((h) => h.label), [
      '2026-05-28T20:26:40.000000000Z (s)',
      '2026-05-28T20:26:40.000000000Z (ms)',
      '2065-01-24T05:20:00.000000000Z (s)',
      '2026-05-28T20:26:40.000000000Z (ns)',
    ]);
  });

  void it('applies retention after the conversion', () => {
    const withRetention = resolveSettings({ target: 'enterprise', precision: 'auto', retentionPeriod: '30d' });
    const a = new DocumentAnalysis('m f=1 1780000000\nm f=1 1700000000000\n', withRetention, { now: () => NOW });
    assert.deepEqual(a.diagnostics().filter((d) => d.code === 'retention').map((d) => d.range.start.line), [1]);
  });
});

void describe('lp check --precision auto', () => {
  void it('checks an InfluxDB 3 target as the server reads it', async () => {
    const m = memoryIo({ 'a.lp': 'm f=1 1780000000\nm f=2 1780000000000\n' });
    assert.equal(await runCli(['check', '--target', 'influxdb3-cloud', '--precision', 'auto', 'a.lp'], m.io), 0);
    assert.match(m.stdout(), /^a\.lp:2:\d+: information timestamp-auto-mixed: precision=auto reads this timestamp as milliseconds/);
  });
  void it('refuses auto for a target whose endpoint does not take it', async () => {
    const m = memoryIo({ 'a.lp': 'm f=1 1\n' });
    assert.equal(await runCli(['check', '--target', 'cloud-serverless', '--precision', 'auto', 'a.lp'], m.io), 2);
    assert.match(m.stderr(), /precision 'auto' \(from --precision\) is taken only by \/api\/v3\/write_lp /);
  });
});

void describe('precision=auto after an edit', () => {
  void it('the mixed-unit note follows the first timestamp when it is edited', () => {
    const settings = resolveSettings({ target: 'core', precision: 'auto' });
    const a = new DocumentAnalysis('m f=1 1780000000\nm f=2 1780000000000\n', settings, { now: () => NOW });
    assert.deepEqual(a.diagnostics().map((d) => [d.range.start.line, d.code]), [[1, 'timestamp-auto-mixed']]);
    // The first line's timestamp becomes milliseconds too: no mixed units any more.
    a.applyChange({ start: { line: 0, character: 6 }, end: { line: 0, character: 16 } }, '1780000000000');
    assert.deepEqual(a.diagnostics().map((d) => [d.range.start.line, d.code]), []);
  });
});
