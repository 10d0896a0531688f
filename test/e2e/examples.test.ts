/**
 * examples/ (what `npm start` opens): each problem file shows the problems its comments promise,
 * under the workspace's own settings, and clean.lp has none and writes whole to a real InfluxDB
 * 1.x. The settings name the InfluxDB that `npm start` runs.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { writeLineProtocol } from '../../core/src/write/index';
import { parseLineProtocol, splitDataLines, NANOS_PER, type Point, type Precision } from '../../core/src/index';
import { summarize } from '../../client/src/summary';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { EXAMPLES_DATABASE, INFLUX_URL } from '../../scripts/e2e/tryIt';
import { influxdAvailable, INFLUXD_FIX, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { connectionTo } from '../write/helpers';

const EXAMPLES = join(ROOT, 'examples');

/** `LINE code` of every problem each example shows (1-based lines). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'clean.lp': [],
  'crlf.lp': ['3 crlf', '4 crlf'],
  'parse-errors.lp': ['3 MissingFieldValue', '5 InvalidFieldFormat', '7 InvalidBoolean', '9 InvalidBoolean', '11 BadTimestamp', '13 UnbalancedQuotes'],
  'reserved-names.lp': ['2 reserved-field', '3 reserved-tag'],
  'schema-conflicts.lp': ['4 field-type-conflict', '6 duplicate-field', '8 DuplicateTags'],
  'timestamps.lp': ['3 timestamp-precision', '5 timestamp-precision', '7 TimestampValueInvalid'],
};

/** examples/.vscode/settings.json (JSON with whole-line // comments, as VS Code allows). */
function workspaceSettings(): Record<string, unknown> {
  const text = readFileSync(join(EXAMPLES, '.vscode', 'settings.json'), 'utf8');
  return JSON.parse(text.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n')) as Record<string, unknown>;
}

function read(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}

void test('every example shows exactly the problems it is about, under the workspace settings', () => {
  const settings = workspaceSettings();
  const checker = resolveSettings({ target: settings['influxLineProtocol.target'], precision: settings['influxLineProtocol.precision'] });
  const files = readdirSync(EXAMPLES).filter((n) => n.endsWith('.lp')).sort();
  assert.deepEqual(files, Object.keys(EXPECTED).sort(), 'examples/*.lp and this list differ');
  for (const file of files) {
    const found = new DocumentAnalysis(read(file), checker).diagnostics().map((d) => `${d.range.start.line + 1} ${d.code}`);
    assert.deepEqual(found, EXPECTED[file], file);
  }
  assert.ok(read('crlf.lp').includes('\r\n'), 'crlf.lp lost its CRLF line endings (see examples/.gitattributes)');
});

void test('the examples workspace is connected to the InfluxDB that npm start runs', () => {
  const settings = workspaceSettings();
  const connections = settings['influxLineProtocol.connections'] as { name: string; url: string; target: string; bucket: string }[];
  assert.equal(connections.length, 1);
  assert.deepEqual({ url: connections[0].url, target: connections[0].target, bucket: connections[0].bucket }, { url: INFLUX_URL, target: 'v1', bucket: EXAMPLES_DATABASE });
  assert.equal(settings['influxLineProtocol.activeConnection'], connections[0].name);
});

/** What writing each example to InfluxDB 1.x must end in: the lines rejected (1-based); every other data line written. */
const WRITE_OUTCOME: Readonly<Record<string, readonly number[]>> = {
  'clean.lp': [],
  'crlf.lp': [3, 4],
  'parse-errors.lp': [3, 5, 7, 9, 11, 13],
  'reserved-names.lp': [3],
  'schema-conflicts.lp': [4, 8],
  'timestamps.lp': [7],
};

/** InfluxQL's RFC 3339 form of a time in nanoseconds (fraction without trailing zeros). */
function rfc3339(ns: bigint): string {
  const seconds = ns / 1_000_000_000n - (ns < 0n && ns % 1_000_000_000n !== 0n ? 1n : 0n);
  const fraction = ns - seconds * 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().replace('.000Z', '');
  const digits = fraction === 0n ? '' : `.${fraction.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${base}${digits}Z`;
}

interface StoredRow {
  readonly measurement: string;
  readonly values: Record<string, unknown>;
}

/** Every stored row of a database, each with its measurement (`SELECT * FROM /.*\/`). */
async function storedRows(influxd: Influxd, db: string): Promise<StoredRow[]> {
  const result = await influxd.query('SELECT * FROM /.*/', db);
  const out: StoredRow[] = [];
  for (const series of result.results[0]?.series ?? []) {
    for (const values of series.values) out.push({ measurement: series.name, values: Object.fromEntries(series.columns.map((c, i) => [c, values[i]])) });
  }
  return out;
}

/** Whether a stored row is this point: its series and time, and (when `fields`) every field value it writes. */
function isPoint(row: StoredRow, point: Point, unitNs: bigint, fields: boolean): boolean {
  if (row.measurement !== point.measurement.value || point.timestamp === undefined) return false;
  if (row.values.time !== rfc3339(point.timestamp.value * unitNs)) return false;
  if (!point.tags.every((tag) => row.values[tag.key.value] === tag.value.value)) return false;
  if (!fields) return true;
  // The last value of a repeated field is kept; 1.x strips fields named time.
  const written = new Map(point.fields.filter((f) => f.key.value !== 'time').map((f) => [f.key.value, f.value]));
  for (const [key, value] of written) {
    const stored = row.values[key];
    const expected = value.type === 'integer' || value.type === 'uinteger' ? Number(value.value) : value.value;
    if (stored !== expected) return false;
  }
  return true;
}

void test('each example written to a real InfluxDB 1.x: the summary counts and every line match what a query finds', async (t) => {
  if (!requirePrerequisite(t, influxdAvailable(), 'InfluxDB 1.x (influxd)', INFLUXD_FIX)) return;
  const settings = workspaceSettings();
  const precision = settings['influxLineProtocol.precision'] as Precision;
  const files = readdirSync(EXAMPLES).filter((n) => n.endsWith('.lp')).sort();
  assert.deepEqual(files, Object.keys(WRITE_OUTCOME).sort(), 'examples/*.lp and WRITE_OUTCOME differ');
  const influxd = await startInfluxd();
  try {
    for (const file of files) {
      // A database per example: they all write "weather", and each must be judged alone.
      const db = file.replace(/\W/g, '_');
      await influxd.query(`CREATE DATABASE ${db}`);
      const text = read(file);
      const report = await writeLineProtocol(text, connectionTo(influxd.url, 'v1', { bucket: db, precision }), { credentials: { kind: 'none' } });
      const rows = await storedRows(influxd, db);
      assert.equal(report.failure, undefined, file);
      assert.deepEqual(report.rejected.map((r) => r.line), WRITE_OUTCOME[file], `${file}: rejected lines`);
      assert.deepEqual({ notSent: report.notSent, unconfirmed: report.unconfirmed, warnings: report.warnings }, { notSent: [], unconfirmed: [], warnings: [] }, file);
      // The summary a person reads says what the server holds.
      const summary = summarize(report, `database '${db}'`).text;
      assert.equal(Number(/Wrote ([\d,]+) points?/.exec(summary)?.[1].replace(/,/g, '')), rows.length, `${file}: "${summary}" but the query finds ${rows.length} points`);
      if (report.rejected.length > 0) assert.match(summary, new RegExp(`${report.rejected.length} lines? rejected`), file);
      // Line by line: each written line is a stored row of its own, each rejected line is not stored.
      const parsed = parseLineProtocol(text, { target: 'v1' });
      const lines = splitDataLines(text);
      const rejected = new Set(report.rejected.map((r) => r.dataLine));
      const matched = new Set<number>();
      for (let i = 0; i < lines.length; i++) {
        const result = parsed.result(i);
        const where = `${file} line ${lines[i].physicalLine}`;
        if (rejected.has(lines[i].dataLine)) {
          if (result.ok) assert.ok(!rows.some((row) => isPoint(row, result.point, NANOS_PER[precision], false)), `${where} is reported rejected, but the server stored it`);
          continue;
        }
        assert.ok(result.ok, `${where} is counted as written but does not parse`);
        const at = rows.findIndex((row, k) => !matched.has(k) && isPoint(row, result.point, NANOS_PER[precision], true));
        assert.ok(at >= 0, `${where} is counted as written, but no stored point matches it`);
        matched.add(at);
      }
      assert.equal(matched.size, rows.length, `${file}: the server holds points that no written line accounts for`);
    }
  } finally {
    await influxd.stop();
  }
});
