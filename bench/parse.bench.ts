/**
 * Parser throughput and retained memory on generated line protocol (100k and 1M lines), against a
 * baseline measured in the same run: a raw `charCodeAt` scan of the same text that counts '\n'.
 * Run with `npm run bench -- --only parse` (needs --expose-gc, which the runner passes).
 * What each figure means: bench/README.md.
 */
import { buildSync } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Core from '../core/src/index';
import { cachedGeneratedFile } from './generate';

/**
 * The parser as it ships: core bundled by esbuild the way scripts/build.mjs bundles dist/*.js.
 * Imported through tsx instead, every imported constant (`LF`, `BACKSLASH`…) becomes a getter call
 * per use, which would measure the loader, not the parser.
 */
function loadBundledCore(): typeof Core {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'core-bundle.cjs');
  buildSync({ entryPoints: ['core/src/index.ts'], bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  const load = createRequire(__filename);
  return load(outfile) as typeof Core;
}

const { parseLineProtocol } = loadBundledCore();

const THROUGHPUT_GOAL = 0.35;

interface Sizes {
  readonly lines: number;
  readonly warmups: number;
  readonly runs: number;
}

const SIZES: readonly Sizes[] = [
  { lines: 100_000, warmups: 3, runs: 7 },
  { lines: 1_000_000, warmups: 1, runs: 5 },
];

function collectGarbage(): void {
  if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
  global.gc();
  global.gc();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median seconds of each piece of work over `runs` timed rounds, after `warmups` untimed ones.
 * Each round times every piece once, in turn, so that when the machine gets busier or quieter
 * during the run (other processes on a shared machine) the baseline and the parser see the same
 * conditions and their ratio stays meaningful. The results feed a sink.
 */
function timeRounds(sizes: Sizes, works: readonly (() => number)[]): { seconds: number[]; check: number } {
  let check = 0;
  for (let i = 0; i < sizes.warmups; i++) for (const work of works) check += work();
  const samples = works.map((): number[] => []);
  for (let i = 0; i < sizes.runs; i++) {
    works.forEach((work, k) => {
      const t0 = process.hrtime.bigint();
      check += work();
      samples[k].push(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  }
  return { seconds: samples.map(median), check };
}

/** The baseline: the least any parser must do, read every character once. */
function rawScan(text: string): number {
  let newlines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) newlines++;
  return newlines;
}

/** Parse, then ask every line whether it is valid: what a linter needs. */
function validateAndIndex(text: string): number {
  const doc = parseLineProtocol(text);
  let ok = 0;
  for (let i = 0; i < doc.count; i++) if (doc.table.ok(i)) ok++;
  return ok;
}

/** Parse, then decode every line into a Point (or error): what `lp parse --json` needs. */
function fullDecode(text: string): number {
  const doc = parseLineProtocol(text);
  let fields = 0;
  for (let i = 0; i < doc.count; i++) {
    const r = doc.result(i);
    if (r.ok) fields += r.point.fields.length;
  }
  return fields;
}

function memoryNow(): number {
  const m = process.memoryUsage();
  // Typed arrays live outside the JS heap: count them too.
  return m.heapUsed + m.arrayBuffers;
}

/** Heap (+ array buffers) with the parsed model alive minus without it, after full collections. */
function retainedBytes(text: string): { bytes: number; count: number } {
  collectGarbage();
  const before = memoryNow();
  const doc = parseLineProtocol(text);
  collectGarbage();
  const after = memoryNow();
  // Reading doc after the measurement keeps it alive during it.
  return { bytes: after - before, count: doc.count };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

async function benchSize(sizes: Sizes): Promise<boolean> {
  const path = await cachedGeneratedFile(sizes.lines);
  const text = readFileSync(path, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  console.log(`\n${sizes.lines.toLocaleString('en-US')} lines, ${mb(bytes)} MB (${path}); median of ${sizes.runs} interleaved rounds after ${sizes.warmups} warm-up`);

  const timed = timeRounds(sizes, [() => rawScan(text), () => validateAndIndex(text), () => fullDecode(text)]);
  const [raw, validate, decode] = timed.seconds.map((seconds) => ({ seconds }));
  const memory = retainedBytes(text);

  const row = (label: string, seconds: number): string =>
    `  ${label.padEnd(18)} ${(bytes / 1e6 / seconds).toFixed(1).padStart(8)} MB/s ${Math.round(sizes.lines / seconds).toLocaleString('en-US').padStart(12)} lines/s  ${(raw.seconds / seconds).toFixed(3)}x raw scan`;
  console.log(row('raw charCodeAt', raw.seconds));
  console.log(row('validate + index', validate.seconds));
  console.log(row('full decode', decode.seconds));
  console.log(`  retained model     ${mb(memory.bytes)} MB for ${mb(bytes)} MB of text (${(memory.bytes / bytes).toFixed(3)}x), ${memory.count} data lines`);

  const validateRatio = raw.seconds / validate.seconds;
  const decodeRatio = raw.seconds / decode.seconds;
  const memoryOk = memory.bytes <= bytes;
  console.log(`  ${verdict(validateRatio >= THROUGHPUT_GOAL)} validate + index throughput >= ${THROUGHPUT_GOAL}x raw scan (${validateRatio.toFixed(3)}x)`);
  console.log(`  ${verdict(decodeRatio >= THROUGHPUT_GOAL)} full decode throughput >= ${THROUGHPUT_GOAL}x raw scan (${decodeRatio.toFixed(3)}x)`);
  console.log(`  ${verdict(memoryOk)} retained model <= text size (${(memory.bytes / bytes).toFixed(3)}x)`);
  // Keeps the timed work observable so that no engine can drop it.
  if (timed.check < 0) console.log('impossible');
  return validateRatio >= THROUGHPUT_GOAL && memoryOk;
}

async function main(): Promise<void> {
  let allPass = true;
  // BENCH_LINES=100000 runs one size only (a quick look while working).
  const only = process.env.BENCH_LINES ? Number(process.env.BENCH_LINES) : undefined;
  for (const sizes of SIZES.filter((s) => only === undefined || s.lines === only)) allPass = (await benchSize(sizes)) && allPass;
  console.log(`\nparse bench: ${allPass ? 'all goals met' : 'some goals missed'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
