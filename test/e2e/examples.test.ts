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
import type { Precision } from '../../core/src/index';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { EXAMPLES_DATABASE, INFLUX_URL } from '../../scripts/e2e/tryIt';
import { influxdAvailable, INFLUXD_FIX, startInfluxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { connectionTo } from '../write/helpers';
import { disagreements, exampleDatabase, storedRows, WRITE_OUTCOME } from './support/exampleWrites';

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
      const db = exampleDatabase(file);
      await influxd.query(`CREATE DATABASE ${db}`);
      const text = read(file);
      const report = await writeLineProtocol(text, connectionTo(influxd.url, 'v1', { bucket: db, precision }), { credentials: { kind: 'none' } });
      const rows = storedRows(await influxd.query('SELECT * FROM /.*/', db));
      assert.equal(report.failure, undefined, file);
      assert.deepEqual(report.rejected.map((r) => r.line), WRITE_OUTCOME[file], `${file}: rejected lines`);
      assert.deepEqual({ notSent: report.notSent, unconfirmed: report.unconfirmed, warnings: report.warnings }, { notSent: [], unconfirmed: [], warnings: [] }, file);
      // The summary a person reads, and every line, say what the server holds.
      assert.deepEqual(disagreements(file, text, report, rows, precision, `database '${db}'`), []);
    }
  } finally {
    await influxd.stop();
  }
});
