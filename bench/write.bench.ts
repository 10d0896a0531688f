/**
 * Write throughput and memory, against a loopback sink (a separate process that counts body bytes
 * and answers 204), with baselines measured in the same run:
 *
 * 1. gzip on: our pipeline vs `@influxdata/influxdb-client` writing the same 1M-line file, fed the
 *    same data lines in batches of the same size (5000), one batch at a time (`flush()` awaited,
 *    as our pipeline awaits each answer). Goal: at least 2x its speed.
 * 2. gzip off: our pipeline (reading, splitting and batching the file from disk) vs a bare
 *    sequential `fetch` of the same batches, prepared in memory beforehand. Goal: at least 0.8x.
 *    Also printed, for context: a bare loop that reads and splits the file too (pipeline overhead).
 *    Also printed: gzip level 1's own speed on this machine (zlib, one core, the same batches in
 *    memory), the physical ceiling of a gzip write, and ours as a share of it.
 * 3. A 1 GB file written from disk by `lp write` (bundled as it ships, in a child process), gzip on
 *    and off: peak RSS under 200 MB each, and MB/s. Skip with LP_BENCH_SKIP_1GB=1.
 * 4. `lp check` on the same 1 GB file (bundled, in a child process): peak RSS under 300 MB, and its
 *    MB/s against a raw byte scan of the file from disk (read, count '\n') in the bench process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createReadStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { buildSync } from 'esbuild';
import { InfluxDB } from '@influxdata/influxdb-client';
import { createSplitter } from '../core/src/index';
import { defaultConnectionLimits, type Connection } from '../core/src/write/index';
import type * as Api from '../core/src/write/index';
import type * as Node from '../core/src/write/node/index';
import { readTextFile } from '../core/src/write/node/file';
import { cachedGeneratedFile } from './generate';

const LINES = 1_000_000;
/** About 1 GB at ~195 bytes a line. */
const LINES_1GB = 5_200_000;
const BATCH = 5000;
const RSS_GOAL_MB = 200;
const CHECK_RSS_GOAL_MB = 300;

const SINK_SOURCE = `
const http = require('node:http');
let bytes = 0, requests = 0;
const server = http.createServer((req, res) => {
  if (req.url === '/stats') { res.end(JSON.stringify({ bytes, requests })); return; }
  req.on('data', (c) => { bytes += c.length; });
  req.on('end', () => { requests++; res.writeHead(204); res.end(); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

interface Sink {
  readonly url: string;
  stats(): Promise<{ bytes: number; requests: number }>;
  stop(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const child = spawn(process.execPath, ['-e', SINK_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [data] = (await once(child.stdout, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${data.toString().trim()}`;
  return {
    url,
    stats: async () => (await (await fetch(`${url}/stats`)).json()) as { bytes: number; requests: number },
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

function connection(url: string, gzip: boolean): Connection {
  return { url, product: 'v1', bucket: 'bench', precision: 'ns', ...defaultConnectionLimits('v1'), gzip, batchLines: BATCH };
}

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${label.padEnd(56)} ${seconds.toFixed(2)} s`);
  return seconds;
}

/**
 * Our pipeline as it ships: bundled by esbuild (as scripts/build.mjs bundles dist/*.js; imported
 * through tsx, every imported constant would be a getter call per use), with the adapters the
 * command line and the extension inject: the file's bytes from disk, zlib, Node's HTTP client.
 */
interface Shipped {
  writeLineProtocol: typeof Api.writeLineProtocol;
  readFileBytes: typeof Node.readFileBytes;
  gzipWithZlib: typeof Node.gzipWithZlib;
  fetchTrusting: typeof Node.fetchTrusting;
}

function bundlePipeline(): Shipped {
  const outfile = join(process.cwd(), '.bench', 'write-bundle.cjs');
  const contents = [
    "export { writeLineProtocol } from './core/src/write/index';",
    "export { readFileBytes, gzipWithZlib, fetchTrusting } from './core/src/write/node/index';",
  ].join('\n');
  buildSync({ stdin: { contents, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  return createRequire(__filename)(outfile) as Shipped;
}

let shipped: Shipped | undefined;

async function ours(path: string, url: string, gzip: boolean): Promise<void> {
  const lp = (shipped ??= bundlePipeline());
  const report = await lp.writeLineProtocol(lp.readFileBytes(path), connection(url, gzip), { credentials: { kind: 'none' }, compress: lp.gzipWithZlib, fetch: lp.fetchTrusting(undefined) });
  if (report.failure || report.rejected.length > 0 || report.notSent.length > 0) throw new Error(`bench write failed: ${JSON.stringify(report).slice(0, 500)}`);
}

/** The same data lines, BATCH at a time, as the core splitter cuts them. */
async function* dataLineBatches(path: string): AsyncIterable<string[]> {
  let batch: string[] = [];
  const ready: string[][] = [];
  const splitter = createSplitter((line) => {
    batch.push(line.text);
    if (batch.length === BATCH) {
      ready.push(batch);
      batch = [];
    }
  });
  for await (const chunk of readTextFile(path)) {
    splitter.push(chunk);
    yield* ready.splice(0);
  }
  splitter.end();
  yield* ready.splice(0);
  if (batch.length > 0) yield batch;
}

async function officialClient(path: string, url: string): Promise<void> {
  const writeApi = new InfluxDB({ url, token: 'bench' }).getWriteApi('org', 'bench', 'ns', { batchSize: BATCH, flushInterval: 0, maxRetries: 0 });
  for await (const lines of dataLineBatches(path)) {
    writeApi.writeRecords(lines);
    await writeApi.flush();
  }
  await writeApi.close();
}

async function bareFetch(bodies: readonly string[], url: string): Promise<void> {
  for (const body of bodies) {
    const response = await fetch(`${url}/write?db=bench`, { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body });
    await response.arrayBuffer();
    if (response.status !== 204) throw new Error(`sink answered ${response.status}`);
  }
}

/** The same job done by the smallest possible loop: read, split with the core splitter, join, fetch, in turn. */
async function bareLoopFromDisk(path: string, url: string): Promise<void> {
  for await (const lines of dataLineBatches(path)) await bareFetch([lines.join('\n')], url);
}

const ROUNDS = Number(process.env.LP_BENCH_ROUNDS ?? 3);

/** Runs the contenders in alternation, ROUNDS times, and returns each one's best time in seconds. */
async function compare(...contenders: [label: string, run: () => Promise<unknown>][]): Promise<number[]> {
  const best = contenders.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const started = performance.now();
      await contenders[i][1]();
      best[i] = Math.min(best[i], (performance.now() - started) / 1000);
    }
  }
  contenders.forEach(([label], i) => console.log(`  ${label.padEnd(56)} ${best[i].toFixed(2)} s`));
  return best;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

/**
 * `lp` as it ships (the CLI code bundled by esbuild like dist/cli.js, run by plain node, no tsx
 * loader), printing its peak RSS in bytes after its output. On Linux that is `VmHWM` of
 * /proc/self/status: the peak of the child's own memory. `getrusage`'s maxRSS is not: Linux carries
 * it over from before the exec, when the forked child still counted the bench process's pages (with
 * the 196 MB batches of the runs above held, that read 315–324 MB for a child that peaked at 120).
 */
const CHILD_SOURCE = `
import { readFileSync } from 'node:fs';
import { runCli } from './cli/src/cli';
import { createNodeIo } from './cli/src/io';
function peakRss() {
  try {
    const hwm = /VmHWM:\\s*(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {}
  return process.resourceUsage().maxRSS * 1024;
}
runCli(process.argv.slice(2), createNodeIo()).then((status) => {
  process.stdout.write('\\nmaxRSS ' + peakRss() + '\\n');
  process.exitCode = status;
});
`;

function bundleChild(): string {
  const outfile = join(process.cwd(), '.bench', 'lp-write-child.cjs');
  buildSync({ stdin: { contents: CHILD_SOURCE, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  return outfile;
}

/** Runs `lp <args>` bundled as it ships in a child process; its peak RSS in bytes (exit codes in `accept`). */
async function peakRss(args: readonly string[], accept: readonly number[] = [0]): Promise<number> {
  const proc = spawn(process.execPath, [bundleChild(), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  // Only the tail is kept: a child's output is not what is measured, and must not grow our memory.
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (s: string) => (out = (out + s).slice(-4000)));
  const [code] = (await once(proc, 'exit')) as [number | null];
  if (code === null || !accept.includes(code)) throw new Error(`lp ${args[0]} exited with ${code}: ${out.slice(-500)}`);
  const match = /maxRSS (\d+)/.exec(out);
  if (!match) throw new Error(`lp ${args[0]} printed no maxRSS: ${out.slice(-500)}`);
  return Number(match[1]);
}

/** The raw byte scan: the file read from disk in 1 MiB pieces and every byte looked at (counting '\n'). No reader can do less. */
async function rawByteScan(path: string): Promise<number> {
  let newlines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) newlines++;
  }
  return newlines;
}

/** Gzip level 1 (what ours uses) of the same batches in memory, on one core: the ceiling of a gzip write. */
function gzipLevel1(bodies: readonly Buffer[]): void {
  for (const body of bodies) gzipSync(body, { level: zlibConstants.Z_BEST_SPEED });
}

async function main(): Promise<void> {
  const path = await cachedGeneratedFile(LINES);
  const mb = statSync(path).size / 1e6;
  console.log(`write bench: ${LINES.toLocaleString('en')} lines, ${mb.toFixed(0)} MB, batches of ${BATCH} lines, loopback sink in another process`);
  const sink = await startSink();
  try {
    const bodies: string[] = [];
    for await (const lines of dataLineBatches(path)) bodies.push(lines.join('\n'));
    const bodyBytes = bodies.map((body) => Buffer.from(body));
    await bareFetch(bodies.slice(0, 10), sink.url);

    console.log(`gzip on (best of ${ROUNDS} alternating rounds: the machine may be shared):`);
    const [oursGzip, clientGzip, gzipAlone] = await compare(
      ['ours (zlib level 1, next batch compressed in flight)', () => ours(path, sink.url, true)],
      ['@influxdata/influxdb-client (gzip, default level)', () => officialClient(path, sink.url)],
      ['gzip level 1 alone, one core (the same batches in memory)', async () => gzipLevel1(bodyBytes)],
    );
    const gzipRatio = clientGzip / oursGzip;
    console.log(`  ${verdict(gzipRatio >= 2)} gzip: ${gzipRatio.toFixed(2)}x the official client (goal >= 2x); ${(mb / oursGzip).toFixed(0)} MB/s`);
    console.log(`  info: gzip level 1 alone compresses ${(mb / gzipAlone).toFixed(0)} MB/s here (the ceiling of a gzip write); ours writes at ${(gzipAlone / oursGzip).toFixed(2)}x that speed`);

    console.log(`gzip off (best of ${ROUNDS} alternating rounds):`);
    const [oursPlain, bare, loop] = await compare(
      ['ours (from disk: read, split, batch, send)', () => ours(path, sink.url, false)],
      ['bare sequential fetch of the same batches (in memory)', () => bareFetch(bodies, sink.url)],
      // Context: the same loop but also reading and splitting the file, as ours must.
      ['bare loop from disk (read, core splitter, join, fetch)', () => bareLoopFromDisk(path, sink.url)],
    );
    bodies.length = 0;
    bodyBytes.length = 0;
    const plainRatio = bare / oursPlain;
    console.log(`  ${verdict(plainRatio >= 0.8)} no gzip: ${plainRatio.toFixed(2)}x a bare fetch (goal >= 0.8x); ${(mb / oursPlain).toFixed(0)} MB/s`);
    console.log(`  info: ours is ${(loop / oursPlain).toFixed(2)}x a bare loop that also reads and splits the file (the pipeline's own overhead)`);

    if (process.env.LP_BENCH_SKIP_1GB === '1') {
      console.log('1 GB from disk: skipped (LP_BENCH_SKIP_1GB=1)');
    } else {
      const big = await cachedGeneratedFile(LINES_1GB);
      const bigMb = statSync(big).size / 1e6;
      console.log(`1 GB from disk (${(bigMb / 1000).toFixed(2)} GB), each run in a child process, bundled as it ships:`);
      for (const gzip of [true, false]) {
        const before = await sink.stats();
        let rss = 0;
        const args = ['write', big, '--url', sink.url, '--target', 'v1', '--bucket', 'bench', '--json', ...(gzip ? [] : ['--no-gzip'])];
        const seconds = await time(`lp write${gzip ? '' : ' --no-gzip'}`, async () => (rss = await peakRss(args)));
        const after = await sink.stats();
        console.log(
          `  ${verdict(rss < RSS_GOAL_MB * 1e6)} 1 GB, gzip ${gzip ? 'on' : 'off'}: peak RSS ${(rss / 1e6).toFixed(0)} MB (goal < ${RSS_GOAL_MB} MB), ${(bigMb / seconds).toFixed(0)} MB/s, ${after.requests - before.requests} requests, ${((after.bytes - before.bytes) / 1e6).toFixed(0)} MB on the wire`,
        );
      }
      let checkRss = 0;
      const scan = await time('raw byte scan (read from disk, count newlines)', () => rawByteScan(big));
      // lp check exits 1 when it finds errors: the figure is its speed and memory, not the verdict.
      const check = await time('lp check', async () => (checkRss = await peakRss(['check', big], [0, 1])));
      console.log(
        `  ${verdict(checkRss < CHECK_RSS_GOAL_MB * 1e6)} lp check 1 GB: peak RSS ${(checkRss / 1e6).toFixed(0)} MB (goal < ${CHECK_RSS_GOAL_MB} MB), ${(bigMb / check).toFixed(0)} MB/s, ${(scan / check).toFixed(2)}x the raw byte scan (${(bigMb / scan).toFixed(0)} MB/s)`,
      );
    }
  } finally {
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
