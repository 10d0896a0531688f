/**
 * The write report against what a real InfluxDB 1.x stored: random files B written after a file A
 * that stored fields with other types in some shard groups, B's requests spanning several groups
 * (1.x then answers with one group's error and count only) and holding lines without a timestamp.
 * After each write, a query reads back which lines' points are stored (every line has its own `id`
 * tag) and the report must hold: a line reported rejected or not sent is not stored, a line
 * counted as written is stored, and `written` counts exactly those lines. Unconfirmed lines may be
 * either: that is what unconfirmed says.
 *
 * Found by writing such files by hand: a type-conflict prediction that named a point another shard
 * group stored made the writer report it rejected (5 of 180 random files before the fix).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../bench/generate';
import { writeLineProtocol, type WriteReport } from '../../core/src/write/index';
import { influxdAvailable, INFLUXD_FIX, rows, startInfluxd, type Influxd } from '../../support/influxd';
import { assertAccounted, connectionTo } from '../write/helpers';
import { requirePrerequisite } from '../support/prerequisite';

/** More files for a longer soak (`LP_DIFFERENTIAL_SCALE=10`). */
const SCALE = Math.max(1, Number(process.env.LP_DIFFERENTIAL_SCALE ?? '1') || 1);
const FILES = 30 * SCALE;

/** Seconds in three weekly shard groups (2023, 2017, 2014): far apart, none the group of "now". */
const GROUPS = [1_700_000_000, 1_500_000_000, 1_400_000_000];
const FIELDS = ['temp', 'hum'];

interface Files {
  /** What is stored first: per group, maybe one point giving each field a type there. */
  readonly a: string;
  /** The file whose write report is judged: line k writes the point with tag id=k (1-based). */
  readonly b: string;
  readonly lines: number;
}

/** Measurement `m` in a database of their own shared by every file (a shard group per week, not per file). */
function filesFor(seed: number, m: string): Files {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const value = (k: number): string => (random() < 0.5 ? `${k}i` : `${k}.5`);
  const a = GROUPS.filter(() => random() < 0.7).map((g, k) => `${m},id=a${k} ${FIELDS.map((f) => `${f}=${value(1)}`).join(',')} ${g}`);
  const lines = 3 + Math.floor(random() * 28);
  const b = Array.from({ length: lines }, (_, i) => {
    const id = i + 1;
    // One line in five has no timestamp: the server stamps it "now", and it is never sent twice.
    const time = random() < 0.8 ? ` ${pick(GROUPS) + 1 + Math.floor(random() * 5)}` : '';
    return `${m},id=${id} ${pick(FIELDS)}=${value(id)}${time}`;
  });
  return { a: a.join('\n'), b: b.join('\n'), lines };
}

/** The reasons the report breaks the truth, per line; empty when it holds. */
function untruths(report: WriteReport, lines: number, stored: ReadonlySet<string>): string[] {
  const failed = new Set([...report.rejected.map((r) => r.line), ...report.notSent.map((n) => n.line)]);
  const open = new Set(report.unconfirmed.map((u) => u.line));
  const found: string[] = [];
  let written = 0;
  for (let line = 1; line <= lines; line++) {
    const isStored = stored.has(String(line));
    if (failed.has(line)) {
      if (isStored) found.push(`line ${line} is reported rejected or not sent, but it is stored`);
    } else if (!open.has(line)) {
      written++;
      if (!isStored) found.push(`line ${line} is counted as written, but it is not stored`);
    }
  }
  if (written !== report.written) found.push(`written says ${report.written}, the lines counted as written are ${written}`);
  return found;
}

void test(`write reports match what a real InfluxDB 1.x stored: ${FILES} random files across shard groups, after stored data`, async (t) => {
  if (!requirePrerequisite(t, influxdAvailable(), 'InfluxDB 1.x (influxd)', INFLUXD_FIX)) return;
  const influxd: Influxd = await startInfluxd();
  try {
    const failures: string[] = [];
    let unconfirmed = 0;
    await influxd.query('CREATE DATABASE report');
    const conn = connectionTo(influxd.url, 'v1', { bucket: 'report', precision: 's' });
    for (let seed = 1; seed <= FILES; seed++) {
      const m = `x${seed}`;
      const files = filesFor(seed, m);
      if (files.a !== '') assert.equal((await writeLineProtocol(files.a, conn, { credentials: { kind: 'none' } })).rejected.length, 0, `seed ${seed}: file A is stored whole`);
      const report = await writeLineProtocol(files.b, conn, { credentials: { kind: 'none' } });
      assertAccounted(report, files.b);
      const stored = new Set(rows(await influxd.query(`SELECT * FROM ${m} WHERE id !~ /^a/`, 'report')).map((r) => String(r.id)));
      for (const untruth of untruths(report, files.lines, stored)) failures.push(`seed ${seed}: ${untruth}\n${files.b}`);
      unconfirmed += report.unconfirmed.length;
    }
    assert.deepEqual(failures, []);
    t.diagnostic(`${FILES} files; ${unconfirmed} line(s) unconfirmed (lines without a timestamp across shard groups)`);
  } finally {
    await influxd.stop();
  }
});
