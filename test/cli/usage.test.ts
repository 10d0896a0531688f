/** The `lp` entry point: help, version, unknown commands, parse usage errors, and a reader that stops early. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { generateLines } from '../../bench/generate';
import { CLI, ROOT, ensureBuilt, runLp } from './builtCli';

before(() => ensureBuilt());

void test('lp --help lists the commands and documents the line/column choice', async () => {
  for (const flag of ['--help', '-h', 'help']) {
    const run = await runLp([flag]);
    assert.equal(run.status, 0);
    for (const word of ['lp parse --json', 'lp check', 'lp write', 'LP_TARGET', 'Exit status']) assert.ok(run.stdout.includes(word), word);
  }
  const parseHelp = await runLp(['parse', '--help']);
  assert.equal(parseHelp.status, 0);
  assert.match(parseHelp.stdout, /"line" still names the data line's first line/);
  assert.match(parseHelp.stdout, /UTF-16 code units/);
});

void test('lp --version prints the package version', async () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const run = await runLp(['--version']);
  assert.deepEqual([run.status, run.stdout], [0, `${version}\n`]);
});

void test('no command or an unknown one: exit 2 with what to do', async () => {
  const none = await runLp([]);
  assert.deepEqual([none.status, none.stderr], [2, "lp: no command given. Run 'lp --help' for the commands (parse, check, write, schema, mcp).\n"]);
  const unknown = await runLp(['lint', 'x.lp']);
  assert.deepEqual([unknown.status, unknown.stderr], [2, "lp: unknown command 'lint'. Run 'lp --help' for the commands (parse, check, write, schema, mcp).\n"]);
});

void test('lp parse usage errors: exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['parse', 'sample.lp'], /^lp parse: choose the output format with --json/],
    [['parse', '--json'], /^lp parse: expected exactly one FILE \(or '-' for standard input\), got 0\./],
    [['parse', '--json', 'sample.lp', 'valid.lp'], /got 2\./],
    [['parse', '--json', '--target', 'influx', 'sample.lp'], /^lp parse: unknown target 'influx' \(from --target\)\. Use one of: /],
    [['parse', '--json', 'nope.lp'], /^lp parse: cannot read 'nope\.lp': no such file \(ENOENT\)\./],
    [['parse', '--jsonl', 'sample.lp'], /^lp parse: unknown option '--jsonl'\. Run 'lp parse --help'/],
  ];
  for (const [args, stderr] of cases) {
    const run = await runLp(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stdout, '');
    assert.match(run.stderr, stderr);
  }
  const env = await runLp(['parse', '--json', 'sample.lp'], { env: { LP_TARGET: 'mystery' } });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /unknown target 'mystery' \(from the LP_TARGET environment variable\)/);
});

void test('a reader that closes the pipe early (lp parse | head) ends lp quietly', async (t) => {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'lp-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'many.lp'), generateLines(20_000, 11));
  const child = spawn(process.execPath, [CLI, 'parse', '--json', join(dir, 'many.lp')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdout.once('data', () => child.stdout.destroy());
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.deepEqual([status, stderr], [0, '']);
});
