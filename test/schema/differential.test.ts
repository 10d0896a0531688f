/**
 * A-then-B differential against the in-repo server for Cloud Serverless and InfluxDB 3 Core (the
 * issue's measure: what `lp check` flags in B, given the schema A left, against what the server
 * rejects when B is written): seeded random files of a few measurements whose tags and fields
 * share names and change types. Every line the check calls an error must be rejected, and every
 * rejected line flagged (no false alarm, nothing missed), one line per request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { memoryIo } from '../cli/memoryIo';
import { startFakeInflux } from '../support/fakeInflux/server';

const T = 1700000000000000000n;

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const VALUES = ['1i', '2.5', '"s"', 'true'];

/**
 * A random line: measurement m0..m1, up to two tags and two fields named from one small pool (so
 * tags and fields collide). `v3`: no tags, as the InfluxDB 3 fake models field types only.
 */
function line(next: () => number, k: number, v3: boolean): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const names = ['a', 'b', 'c', 'd'];
  const m = pick(['m0', 'm1']);
  const tags = v3 ? [] : [...new Set([pick(names), pick(names)])].slice(0, Math.floor(next() * 3));
  const fields = [...new Set([pick(names), pick(names)])].filter((f) => !tags.includes(f)).slice(0, 1 + Math.floor(next() * 2));
  if (fields.length === 0) fields.push('z');
  const tagText = tags.map((t) => `,${t}=x`).join('');
  return `${m}${tagText} ${fields.map((f) => `${f}=${pick(VALUES)}`).join(',')} ${T + BigInt(k)}`;
}

async function lp(args: string[], files: Record<string, string>) {
  const m = memoryIo(files, '', { TOK: 'diff-token' });
  const status = await runCli(args, m.io);
  return { status, stdout: m.stdout(), stderr: m.stderr() };
}

for (const product of ['cloud-serverless', 'core'] as const) {
  void describe(`A then B against the in-repo ${product} server`, () => {
    for (const seed of [1, 2, 3]) {
      void it(`seed ${seed}: the errors of lp check --url are exactly the lines the server rejects`, async () => {
        const server = await startFakeInflux({ product, token: 'diff-token' });
        try {
          const connection = ['--url', server.url, '--target', product, '--bucket', 'bucket', '--token-env', 'TOK', ...(product === 'cloud-serverless' ? ['--org', 'org'] : [])];
          const next = random(seed);
          const v3 = product === 'core';
          const a = Array.from({ length: 12 }, (_, k) => line(next, k, v3)).join('\n') + '\n';
          const b = Array.from({ length: 30 }, (_, k) => line(next, 100 + k, v3)).join('\n') + '\n';
          const wroteA = await lp(['write', 'a.lp', ...connection, '--batch-lines', '1', '--no-gzip', '--json'], { 'a.lp': a });
          assert.notEqual(wroteA.status, 1, wroteA.stderr);
          const check = await lp(['check', 'b.lp', ...connection, '--format', 'json'], { 'b.lp': b });
          assert.ok(check.status === 0 || check.status === 1, check.stderr);
          const flagged = (JSON.parse(check.stdout) as { line: number; severity: string }[]).filter((d) => d.severity === 'error').map((d) => d.line);
          const wroteB = await lp(['write', 'b.lp', ...connection, '--batch-lines', '1', '--no-gzip', '--json'], { 'b.lp': b });
          const rejected = (JSON.parse(wroteB.stdout) as { rejected: { line: number }[] }).rejected.map((r) => r.line);
          assert.deepEqual([...new Set(flagged)], rejected, `A:\n${a}\nB:\n${b}`);
          assert.ok(rejected.length > 0, 'the seed makes B conflict with A somewhere');
        } finally {
          await server.close();
        }
      });
    }
  });
}
