/**
 * The judge of test/e2e/examples.test.ts and the extension-host examples suite must catch a report
 * that disagrees with what the server stored (a check that cannot fail proves nothing).
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WriteReport } from '../../core/src/write/index';
import { disagreements, type StoredRow } from './support/exampleWrites';

const TEXT = '# two points\nweather,location=a temp=1.5 1700000000000000000\nweather,location=b temp=2i 1700000000000000001';
const ROW_A: StoredRow = { measurement: 'weather', values: { time: '2023-11-14T22:13:20Z', location: 'a', temp: 1.5 } };
const ROW_B: StoredRow = { measurement: 'weather', values: { time: '2023-11-14T22:13:20.000000001Z', location: 'b', temp: 2 } };
const report = (written: number, rejected: number[]): WriteReport => ({
  requests: 1,
  written,
  rejected: rejected.map((line) => ({ line, endLine: line, dataLine: line - 1, message: 'refused', status: 400 })),
  notSent: [],
  unconfirmed: [],
  warnings: [],
});

void test('agrees when the report is what the server holds', () => {
  assert.deepEqual(disagreements('f.lp', TEXT, report(2, []), [ROW_A, ROW_B], 'ns', "'x'"), []);
  assert.deepEqual(disagreements('f.lp', TEXT, report(1, [3]), [ROW_A], 'ns', "'x'"), []);
});

void test('finds a line counted written that was not stored, a rejected line that was, and a wrong count', () => {
  assert.deepEqual(disagreements('f.lp', TEXT, report(2, []), [ROW_A], 'ns', "'x'"), [
    `f.lp: the summary says "Wrote 2 lines to 'x' in 1 request." but the query finds 1 points`,
    'f.lp line 3 is counted as written, but no stored point matches it',
  ]);
  const problems = disagreements('f.lp', TEXT, report(1, [3]), [ROW_A, ROW_B], 'ns', "'x'");
  assert.ok(problems.includes('f.lp line 3 is reported rejected, but the server stored it'), problems.join('\n'));
  assert.ok(problems.includes('f.lp: the server holds 1 point(s) that no written line accounts for'), problems.join('\n'));
});
