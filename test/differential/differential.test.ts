/**
 * Differential tests: `lp check` (the analysis it runs, in process) must flag exactly the lines a
 * server refuses, on generated files (see generate.ts), line by line:
 * - against a real InfluxDB 1.x (support/influxd.ts), one database per file, some with a
 *   retention policy whose implied shard-group duration is 1 day or 1 hour;
 * - against the in-repo Cloud-like server (test/support/fakeInflux), whose IOx write path follows
 *   write-api.md and line-protocol.md, not our checks.
 *
 * Each file is written one line per request, so that what a server stores is what it makes of each
 * line after the lines before it (a request's own effects are the writer's business: on 1.x a type
 * conflict between lines of one request whose measurement is new to its shard fails the whole
 * request; on Cloud a column-limit crossing fails it, which the Cloud test checks with whole
 * files). Every line has a timestamp of its own: on 1.x the answer to its request says whether it
 * was stored and a query for its instant confirms it; the Cloud-like server keeps the stored lines.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseWhole } from '../../cli/src/analysisRun';
import { checkerSettings } from '../../cli/src/checkSettings';
import { resolveTarget } from '../../cli/src/targets';
import { startFakeInflux } from '../support/fakeInflux/server';
import { influxdAvailable, INFLUXD_FIX, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { generateFile, type GeneratedFile } from './generate';

/** More files for a longer soak (`LP_DIFFERENTIAL_SCALE=10`); npm test runs scale 1, about half a minute. */
const SCALE = Math.max(1, Number(process.env.LP_DIFFERENTIAL_SCALE ?? '1') || 1);

const SECOND = 1_000_000_000n;
const HOUR = 3600n * SECOND;
const DAY = 24n * HOUR;
const WEEK = 7n * DAY;
/** Go's zero time (year 1, a Monday) to the Unix epoch: where InfluxDB's shard-group grid starts. */
const GO_ZERO_TO_EPOCH = 62_135_596_800n * SECOND;

/** The first `count` starts of shard groups of length `size` after `ns`, on the server's grid. */
function edgesAfter(ns: bigint, size: bigint, count: number): bigint[] {
  const shift = GO_ZERO_TO_EPOCH % size;
  const start = ((ns + shift) / size) * size - shift;
  return Array.from({ length: count }, (_, k) => start + BigInt(k + 1) * size);
}

interface Verdicts {
  /** 1-based lines with an error. */
  readonly flagged: Set<number>;
  /** Error codes seen, with the lines. */
  readonly codes: Map<string, number[]>;
}

/** What `lp check --target <target> [--retention <retention>]` reports as errors, per line. */
async function lpCheck(text: string, target: string, retention: string | undefined, nowNs: bigint): Promise<Verdicts> {
  const settings = checkerSettings('check', resolveTarget('check', target, '--target'), { precision: 'ns', retention, shardGroup: undefined });
  const flagged = new Set<number>();
  const codes = new Map<string, number[]>();
  await analyseWhole('generated.lp', text, settings, () => nowNs, (d) => {
    if (d.severity !== 'error') return;
    flagged.add(d.line);
    const lines = codes.get(d.code) ?? [];
    codes.set(d.code, [...lines, d.line]);
  });
  return { flagged, codes };
}

/** The lines of a file a server did not store (1-based), from the timestamps it stored. */
function refused(file: GeneratedFile, stored: ReadonlySet<bigint>): Set<number> {
  const out = new Set<number>();
  file.timestamps.forEach((ts, i) => {
    if (!stored.has(ts)) out.add(i + 1);
  });
  return out;
}

function describeDifference(file: GeneratedFile, flagged: Set<number>, refusedLines: Set<number>): string {
  const show = (n: number): string => `  ${n}: ${file.lines[n - 1]}`;
  const missed = [...refusedLines].filter((n) => !flagged.has(n));
  const wrong = [...flagged].filter((n) => !refusedLines.has(n));
  return [`refused by the server but not flagged:`, ...missed.map(show), `flagged but stored:`, ...wrong.map(show)].join('\n');
}

function sorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Whether a point of measurement `m` (a plain name) with this timestamp is stored. One instant is
 * one shard group: a query over several would read a field whose type differs between them with
 * one type, and leave out the rows whose only field had the other.
 */
async function influxdHasPoint(server: Influxd, db: string, m: string, ts: bigint): Promise<boolean> {
  const q = `SELECT * FROM "${m}" WHERE time = ${ts}`;
  const response = await fetch(`${server.url}/query?${new URLSearchParams({ db, epoch: 'ns', q }).toString()}`);
  const text = await response.text();
  assert.equal(response.status, 200, text);
  const body = JSON.parse(text) as { results: { series?: unknown[]; error?: string }[] };
  assert.equal(body.results[0]?.error, undefined, q);
  return (body.results[0]?.series ?? []).length > 0;
}

/** A 1.x database layout: its retention policy (none: autogen, infinite) and the shard-group duration it implies. */
const V1_LAYOUTS = [
  { retention: undefined, shardGroup: WEEK },
  { retention: '3d', shardGroup: DAY },
  { retention: '1d', shardGroup: HOUR },
] as const;

void test('lp check --target v1 flags exactly the lines InfluxDB 1.x refuses (generated files, line by line)', async (t) => {
  if (!requirePrerequisite(t, influxdAvailable(), 'influxd (InfluxDB 1.x)', INFLUXD_FIX)) return;
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const server = await startInfluxd();
  const codes = new Set<string>();
  let refusedTotal = 0;
  try {
    const files = Array.from({ length: 15 * SCALE }, (_, k) => k);
    await pool(files, 3, async (k) => {
      const layout = V1_LAYOUTS[k % V1_LAYOUTS.length];
      const db = `diff${k}`;
      await server.query(`CREATE DATABASE ${db}`);
      if (layout.retention !== undefined) await server.query(`CREATE RETENTION POLICY r ON ${db} DURATION ${layout.retention} REPLICATION 1 DEFAULT`);
      // Infinite retention: fixed instants (2026-11-24 on). A retention: the future, which no
      // retention period drops, whatever the time of the run.
      const base = layout.retention === undefined ? 1_795_521_600n * SECOND : nowNs + 2n * DAY;
      // The server's shard-group starts, and the epoch-aligned instants a wrong grid would use.
      const edges = [...edgesAfter(base, layout.shardGroup, 2), ...(layout.shardGroup === WEEK ? [base - (base % WEEK) + WEEK] : [])];
      const file = generateFile({ seed: 1000 + k, lines: 45, edges, base, unsigned: k % 4 === 0, columnLimit: undefined });
      // A one-line request stores its point exactly when the answer is 204 (write-api.md §3: 400
      // with "partial write: … dropped=1", or a parse or type error, stores nothing of it).
      const answered = new Set<bigint>();
      for (const [i, line] of file.lines.entries()) {
        const response = await fetch(`${server.url}/write?db=${db}&precision=ns`, { method: 'POST', body: line });
        await response.arrayBuffer();
        assert.ok([204, 400].includes(response.status), `${response.status} for ${line}`);
        if (response.status === 204) answered.add(file.timestamps[i]);
      }
      // A query agrees for plain measurement names. (1.x keeps a point written as `ma\=x` or
      // `mb\"x` under a series key that SELECT does not find, though SHOW MEASUREMENTS lists the
      // unescaped name: such points are known from the answer alone.)
      for (const [i, line] of file.lines.entries()) {
        const plain = /^([a-z]+)[ ,]/.exec(line);
        if (plain !== null) assert.equal(await influxdHasPoint(server, db, plain[1], file.timestamps[i]), answered.has(file.timestamps[i]), `stored or not: ${line}`);
      }
      const refusedLines = refused(file, answered);
      const verdicts = await lpCheck(file.lines.join('\n') + '\n', 'v1', layout.retention, nowNs);
      for (const code of verdicts.codes.keys()) codes.add(code);
      refusedTotal += refusedLines.size;
      assert.deepEqual(sorted(verdicts.flagged), sorted(refusedLines), `file ${k} (retention ${layout.retention ?? 'infinite'}):\n${describeDifference(file, verdicts.flagged, refusedLines)}`);
    });
  } finally {
    await server.stop();
  }
  // The files did hold what the test is about.
  assert.ok(refusedTotal >= 20, `${refusedTotal} refused lines`);
  for (const code of ['field-type-conflict', 'duplicate-field', 'reserved-tag', 'reserved-field']) assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
});

void test('lp check --target cloud-serverless flags exactly the lines the Cloud-like server refuses (generated files, line by line and whole)', async () => {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const codes = new Set<string>();
  let refusedTotal = 0;
  const files = Array.from({ length: 25 * SCALE }, (_, k) => k);
  await pool(files, 4, async (k) => {
    const file = generateFile({ seed: 5000 + k, lines: 60, edges: [], base: 1_795_521_600n * SECOND, unsigned: true, columnLimit: 200 });
    const text = file.lines.join('\n') + '\n';
    const verdicts = await lpCheck(text, 'cloud-serverless', undefined, nowNs);
    for (const code of verdicts.codes.keys()) codes.add(code);

    // One line per request.
    const perLine = await startFakeInflux({ product: 'cloud-serverless' });
    let stored: Set<bigint>;
    try {
      for (const line of file.lines) {
        const response = await fetch(`${perLine.url}/api/v2/write?org=org&bucket=bucket&precision=ns`, { method: 'POST', body: line });
        await response.arrayBuffer();
      }
      stored = storedTimes(file, perLine.store.lines);
    } finally {
      await perLine.close();
    }
    const refusedLines = refused(file, stored);
    refusedTotal += refusedLines.size;
    assert.deepEqual(sorted(verdicts.flagged), sorted(refusedLines), `file ${k}:\n${describeDifference(file, verdicts.flagged, refusedLines)}`);

    // The whole file in one request: a column-limit crossing fails all of it; without the lines
    // flagged for it (what the writer then sends), the server stores what it did line by line.
    const crossing = new Set(verdicts.codes.get('column-limit') ?? []);
    const whole = await startFakeInflux({ product: 'cloud-serverless' });
    try {
      const response = await fetch(`${whole.url}/api/v2/write?org=org&bucket=bucket&precision=ns`, { method: 'POST', body: text });
      const answer = await response.text();
      if (crossing.size > 0) {
        assert.equal(response.status, 400, answer);
        assert.match(answer, /couldn't create columns in table `wide`/);
        assert.equal(whole.store.lines.length, 0);
        const rest = file.lines.filter((_, i) => !crossing.has(i + 1)).join('\n') + '\n';
        const again = await fetch(`${whole.url}/api/v2/write?org=org&bucket=bucket&precision=ns`, { method: 'POST', body: rest });
        await again.arrayBuffer();
      }
      assert.deepEqual(sorted(refused(file, storedTimes(file, whole.store.lines))), sorted(refusedLines), `file ${k}, written whole`);
    } finally {
      await whole.close();
    }
  });
  assert.ok(refusedTotal >= 40, `${refusedTotal} refused lines`);
  for (const code of ['field-type-conflict', 'tag-field-conflict', 'duplicate-tag', 'duplicate-field', 'reserved-tag', 'reserved-field', 'column-limit']) {
    assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
  }
});

/** The timestamps of the stored lines (the fake keeps each stored line's text). */
function storedTimes(file: GeneratedFile, storedLines: readonly string[]): Set<bigint> {
  const byText = new Map(file.lines.map((line, i) => [line, file.timestamps[i]]));
  return new Set(storedLines.map((line) => byText.get(line) as bigint));
}
