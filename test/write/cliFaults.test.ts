/**
 * `lp write` (the bundled dist/cli.js as a child process) against the in-repo fault servers:
 * unconfirmed lines in text and --json, SIGINT/SIGTERM during a request, waits on stderr,
 * --ca-file with a self-signed certificate, a plain-http warning, a refused --url query, and a
 * sentinel token that must appear in no output on any failure path.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI, ensureBuilt, runLp, type CliRun } from '../cli/builtCli';
import { OPENSSL_FIX, opensslAvailable, selfSignedCertificate } from '../support/faults/certificate';
import { startFaultServer, type Fault, type FaultServer } from '../support/faults/server';
import { startFakeInflux } from '../support/fakeInflux/server';
import { requirePrerequisite } from '../support/prerequisite';

const SENTINEL = 'SENTINEL-cli-token-8e2a-do-not-print';
const ENV = { LP_TOKEN: SENTINEL };
const LINES = Array.from({ length: 7 }, (_, i) => `cli,host=h${i} v=${i}`);

let dir: string;
let file: string;
let cert = { key: '', cert: '' };
let caFile = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-write-faults-'));
  file = join(dir, 'data.lp');
  writeFileSync(file, LINES.join('\n'));
  if (opensslAvailable()) {
    cert = selfSignedCertificate();
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, cert.cert);
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

function args(url: string, ...extra: string[]): string[] {
  return ['write', file, '--url', url, '--target', 'oss-v2', '--bucket', 'bucket', '--org', 'org', '--token-env', 'LP_TOKEN', '--batch-lines', '3', ...extra];
}

function assertNoToken(run: CliRun): void {
  assert.ok(!run.stdout.includes(SENTINEL) && !run.stderr.includes(SENTINEL), 'the token is in no output');
}

async function withServer<T>(faults: Fault[], fn: (server: FaultServer) => Promise<T>, options: Parameters<typeof startFaultServer>[0] = {}): Promise<T> {
  const server = await startFaultServer(options);
  server.script(...faults);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * Starts `lp write …`, sends `signal` once the server has the `request`th request, and collects the
 * run. With `again`, standard input is kept open (the write cannot finish reading it) and the
 * signal is sent a second time once the CLI said it is stopping.
 */
function interrupted(server: FaultServer, argv: string[], signal: NodeJS.Signals, request: number, again = false): Promise<CliRun> {
  ensureBuilt();
  const child = spawn(process.execPath, [CLI, ...argv], { env: { ...process.env, ...ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
    if (again && stderr.includes('stopping the write')) child.kill(signal);
  });
  // Standard input stays open when `again` (the write cannot read to its end), else it is closed.
  if (again) child.stdin.write(`${LINES.join('\n')}\n`);
  else child.stdin.end();
  void server.waitForRequests(request).then(() => child.kill(signal));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

void describe('lp write: unconfirmed lines', () => {
  void it('--json lists the unconfirmed lines of a request stored without an answer, and exits 1', () =>
    withServer(['close'], async (server) => {
      const run = await runLp(args(server.url, '--json'), { env: ENV });
      assert.equal(run.status, 1);
      const out = JSON.parse(run.stdout) as { written: number; unconfirmed: { line: number; reason: string }[]; notSent: { line: number }[]; failure?: { message: string } };
      assert.deepEqual(Object.keys(out), ['requests', 'written', 'rejected', 'notSent', 'unconfirmed', 'failure']);
      assert.match(out.failure?.message ?? '', /closed before an answer came/);
      assert.deepEqual(out.unconfirmed.map((u) => u.line), [1, 2, 3]);
      assert.match(out.unconfirmed[0].reason, /^unconfirmed: the request with lines 1–3 was sent but the connection to .* closed before an answer came/);
      assert.deepEqual(out.notSent.map((n) => n.line), [4, 5, 6, 7]);
      assert.match(run.stderr, /lp write: The write failed\. .* 0 lines written, 0 rejected, 4 not sent, 3 unconfirmed\.\n/);
      assert.match(run.stderr, /lp write: 3 lines unconfirmed: the server may or may not have stored them\./);
      assert.deepEqual(server.stored, LINES.slice(0, 3), 'stored once, never again');
      assertNoToken(run);
    }));

  void it('text output lists them by line, and exits 2 when the write went on', () =>
    withServer(['partial-400'], async (server) => {
      const run = await runLp(args(server.url), { env: ENV });
      assert.equal(run.status, 2);
      const lines = run.stdout.split('\n');
      assert.match(lines[0], /^.*data\.lp:1-3: unconfirmed: the server dropped some of 3 points, this one among them, and did not say which \(field type conf\)/);
      assert.equal(lines[1], 'lp write: 4 line(s) written, 0 rejected, 0 not sent, 3 unconfirmed, in 3 request(s).');
      assertNoToken(run);
    }));

  void it('reads the real answer after an interim 100 Continue', () =>
    withServer(['continue', 'continue', 'continue'], async (server) => {
      const run = await runLp(args(server.url, '--json'), { env: ENV });
      assert.equal(run.status, 0);
      assert.equal(run.stdout, '{"requests":3,"written":7,"rejected":[],"notSent":[],"unconfirmed":[]}\n');
      assert.equal(server.requests(), 3);
    }));

  void it('says on stderr what it waits for before each retry', () =>
    withServer(['unavailable'], async (server) => {
      const run = await runLp(args(server.url, '--json'), { env: ENV });
      assert.equal(run.status, 0);
      assert.match(run.stderr, /^lp write: Server unavailable \(503\): retrying in \d\.\d s \(attempt 2 of 6\)\n$/);
      assertNoToken(run);
    }));
});

void describe('lp write: SIGINT and SIGTERM', () => {
  void it('SIGINT during a request: the --json report on stdout, the request unconfirmed, exit 130', () =>
    withServer(['ok', 'hang'], async (server) => {
      const run = await interrupted(server, args(server.url, '--json', '--timeout-ms', '600000'), 'SIGINT', 2);
      assert.equal(run.status, 130);
      const out = JSON.parse(run.stdout) as { written: number; unconfirmed: { line: number }[]; notSent: { line: number }[]; failure?: unknown };
      assert.equal(out.written, 3);
      assert.deepEqual(out.failure, { message: 'Write cancelled.', cancelled: true });
      assert.deepEqual(out.unconfirmed.map((u) => u.line), [4, 5, 6]);
      assert.deepEqual(out.notSent.map((n) => n.line), [7]);
      assert.match(run.stderr, /lp write: Write cancelled\. 3 lines written, 0 rejected, 1 not sent, 3 unconfirmed\.\n/);
      assertNoToken(run);
    }));

  void it('a second SIGINT exits at once (here the rest of standard input never comes)', () =>
    withServer(['hang'], async (server) => {
      const argv = args(server.url, '--json', '--timeout-ms', '600000');
      argv[1] = '-';
      const run = await interrupted(server, argv, 'SIGINT', 1, true);
      assert.equal(run.status, 130);
      assert.equal(run.stdout, '', 'no report: it exited at once');
      assert.match(run.stderr, /^lp write: SIGINT: stopping the write and printing its report \(send SIGINT again to exit at once\)\.\n$/);
    }));

  void it('SIGTERM: the text report, exit 143', () =>
    withServer(['hang'], async (server) => {
      const run = await interrupted(server, args(server.url, '--timeout-ms', '600000'), 'SIGTERM', 1);
      assert.equal(run.status, 143);
      assert.match(run.stdout, /data\.lp:1-3: unconfirmed: the request with lines 1–3 was in flight when the write was cancelled/);
      assert.match(run.stdout, /data\.lp:4-7: not sent: the write was cancelled\n/);
      assert.ok(run.stdout.indexOf('data.lp:1-3') < run.stdout.indexOf('data.lp:4-7'), 'in file order');
      assert.match(run.stdout, /lp write: 0 line\(s\) written, 0 rejected, 4 not sent, 3 unconfirmed, in 1 request\(s\)\.\n$/);
    }));
});

void describe('lp write: transport and secrets', () => {
  void it('an untrusted self-signed certificate fails at once; --ca-file trusts it', async (t) => {
    if (!requirePrerequisite(t, opensslAvailable(), 'openssl', OPENSSL_FIX)) return;
    await withServer(
      [],
      async (server) => {
        const refused = await runLp(args(server.url, '--json'), { env: ENV });
        assert.equal(refused.status, 1);
        assert.equal(server.requests(), 0);
        assert.match(refused.stderr, /The TLS certificate of https:\/\/127\.0\.0\.1:\d+\/.* is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\)\. .*'lp write --ca-file FILE'/);
        assert.equal((JSON.parse(refused.stdout) as { requests: number }).requests, 1, 'not retried');
        assertNoToken(refused);
        const trusted = await runLp(args(server.url, '--json', '--ca-file', caFile), { env: ENV });
        assert.equal(trusted.status, 0);
        assert.equal(server.stored.length, 7);
        assert.equal(server.authorizations[0], `Token ${SENTINEL}`);
        const notPem = await runLp(args(server.url, '--ca-file', file), { env: ENV });
        assert.equal(notPem.status, 2);
        assert.match(notPem.stderr, /holds no PEM certificate/);
      },
      { tls: cert },
    );
  });

  void it('refuses a token with a line break where it enters, without printing it', async () => {
    const run = await runLp(args('http://127.0.0.1:9'), { env: { LP_TOKEN: `${SENTINEL}\r\n` } });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /the environment variable LP_TOKEN \(named by --token-env\) contains a control character/);
    assertNoToken(run);
  });

  void it('refuses a query string in --url', async () => {
    const run = await runLp(args('http://127.0.0.1:9/?token=abc'), { env: ENV });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--url 'http:\/\/127\.0\.0\.1:9\/\?…' has a query string or fragment, which would be dropped/);
    assert.ok(!run.stderr.includes('abc'));
  });

  void it('warns that plain http:// to another machine sends the token unencrypted', async () => {
    // 192.0.2.1 (TEST-NET-1) is never assigned: the connection cannot be made.
    const run = await runLp(args('http://192.0.2.1:8086', '--timeout-ms', '300', '--json'), { env: ENV });
    assert.match(run.stderr, /^lp write: warning: http:\/\/ sends the token unencrypted to 192\.0\.2\.1: use https:\/\/ unless the network is trusted\.\n/);
    assert.equal(run.status, 1);
    assertNoToken(run);
  });

  void it('no token in any output on every failure path', async () => {
    const runs: CliRun[] = [];
    for (const json of [[], ['--json']]) {
      for (const faults of [['hang'], ['close'], ['truncated'], ['partial-400'], ['unavailable']] as Fault[][]) {
        runs.push(await withServer(faults, (server) => runLp(args(server.url, '--timeout-ms', '300', ...json), { env: ENV })));
      }
      const closed = await startFaultServer();
      await closed.close();
      runs.push(await runLp(args(closed.url, ...json), { env: ENV }));
      const fake = await startFakeInflux({ product: 'oss-v2', token: 'another-token' });
      try {
        runs.push(await runLp(args(fake.url, ...json), { env: ENV })); // 401
        runs.push(await runLp(args(fake.url, '--bucket', 'missing', ...json), { env: { LP_TOKEN: 'another-token' } })); // 404
      } finally {
        await fake.close();
      }
    }
    assert.equal(runs.length, 16);
    // Each path printed its failure, wait or unconfirmed note: the texts the token must stay out of.
    assert.ok(runs.every((r) => r.stderr !== '' && r.stdout !== ''));
    for (const run of runs) assertNoToken(run);
  });
});
