/**
 * The pipeline against in-repo servers that store the points and then fail to answer properly
 * (test/support/faults/server.ts): timeouts, closed connections, truncated and malformed answers,
 * interim 100 Continue, 429 waits, cancel in flight, TLS with a self-signed certificate.
 * Every scenario checks the invariants of issue 9 §3 against what the server really stored:
 * each data line in exactly one state; stored ⊆ written ∪ unconfirmed; written ⊆ stored; a line
 * without a timestamp never stored twice; and no credential in anything the pipeline produced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { splitDataLines } from '../../core/src/index';
import { describeWait, writeLineProtocol, type RequestLog, type WaitEvent, type WriteOptions, type WriteReport } from '../../core/src/write/index';
import { fetchTrusting } from '../../core/src/write/node/httpFetch';
import { NOT_CONNECTED } from '../../core/src/write/transport';
import { OPENSSL_FIX, opensslAvailable, selfSignedCertificate } from '../support/faults/certificate';
import { startFaultServer, type Fault, type FaultServer } from '../support/faults/server';
import { requirePrerequisite } from '../support/prerequisite';
import { assertAccounted, connectionTo, recordingSleep } from './helpers';

const SENTINEL = 'SENTINEL-token-5b1d-do-not-print';
const credentials = { kind: 'token', token: SENTINEL } as const;

const TIMESTAMPED = Array.from({ length: 7 }, (_, i) => `ts,host=h${i} v=${i} ${1_700_000_000_000_000_000n + BigInt(i)}`).join('\n');
const UNTIMESTAMPED = Array.from({ length: 7 }, (_, i) => `nots,host=h${i} v=${i}`).join('\n');

/** Scenarios and lines checked by the invariants, and violations found: the closing figures. */
const totals = { scenarios: 0, lines: 0, violations: 0 };

interface Run {
  readonly report: WriteReport;
  readonly logs: RequestLog[];
  readonly waits: WaitEvent[];
}

async function write(server: FaultServer, text: string, extra: Partial<WriteOptions> = {}, connection: Parameters<typeof connectionTo>[2] = {}): Promise<Run> {
  const logs: RequestLog[] = [];
  const waits: WaitEvent[] = [];
  const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2', { batchLines: 3, timeoutMs: 10_000, ...connection }), {
    credentials,
    fetch: fetchTrusting(undefined),
    sleep: recordingSleep().sleep,
    log: (entry) => logs.push(entry),
    onWait: (wait) => waits.push(wait),
    ...extra,
  });
  totals.scenarios++;
  totals.lines += splitDataLines(text).length;
  try {
    assertInvariants({ report, logs, waits }, text, server.stored);
  } catch (error) {
    totals.violations++;
    throw error;
  }
  return { report, logs, waits };
}

/** The invariants of issue 9 §3, against what the server stored. */
function assertInvariants(run: Run, text: string, stored: readonly string[]): void {
  const { report } = run;
  assertAccounted(report, text);
  const lines = splitDataLines(text);
  const unconfirmed = new Set(report.unconfirmed.map((u) => u.dataLine));
  const notWritten = new Set([...report.rejected.map((r) => r.dataLine), ...report.notSent.map((n) => n.dataLine), ...unconfirmed]);
  const written = lines.filter((l) => !notWritten.has(l.dataLine)).map((l) => l.text);
  assert.equal(written.length, report.written, 'the written count is the lines in no other state');
  const storedSet = new Set(stored);
  for (const line of written) assert.ok(storedSet.has(line), `written ⊆ stored: '${line}' was counted written but not stored`);
  const allowed = new Set([...written, ...lines.filter((l) => unconfirmed.has(l.dataLine)).map((l) => l.text)]);
  for (const line of stored) assert.ok(allowed.has(line), `stored ⊆ written ∪ unconfirmed: '${line}' was stored but reported ${notWritten.size ? 'as not written' : '?'}`);
  for (const line of lines.filter((l) => !/ \d+$/.test(l.text))) {
    assert.ok(stored.filter((s) => s === line.text).length <= 1, `a line without a timestamp is stored at most once: '${line.text}'`);
  }
  assert.ok(!JSON.stringify(run).includes(SENTINEL), 'no credential in the report, the log or the waits');
}

async function withServer(fn: (server: FaultServer) => Promise<void>, ...faults: Fault[]): Promise<void> {
  const server = await startFaultServer();
  server.script(...faults);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/** How the client saw each fault: proof that the scenario is the one it is named after. */
const SEEN = {
  hang: /^No answer came from .* within 1000 ms \(timeout\)/,
  close: /^The connection to .* closed before an answer came \(ECONNRESET\)/,
  truncated: /^The answer from .* was cut short \(ECONNRESET\)/,
} as const;

void describe('a request stored but not answered', () => {
  // The time limit ends only the request that hangs; the others answer at once (a loaded machine
  // must not turn an answered request into a timeout).
  for (const fault of ['hang', 'close', 'truncated'] as const) {
    void it(`${fault}: sends a request whose lines all have timestamps again, and counts each point once`, () =>
      withServer(async (server) => {
        const { report, logs, waits } = await write(server, TIMESTAMPED, {}, { timeoutMs: fault === 'hang' ? 1000 : 10_000 });
        assert.equal(report.written, 7);
        assert.deepEqual(report.unconfirmed, []);
        assert.equal(report.failure, undefined);
        assert.equal(server.requests(), 4, 'the first batch twice, then two more');
        assert.equal(waits.length, 1);
        assert.equal(waits[0].attempt, 2);
        assert.match(logs[0].error ?? '', SEEN[fault]);
        assert.match(logs[0].error ?? '', /Every line of the request has a timestamp, so sending it again is harmless: identical points overwrite themselves\./);
      }, fault));

    void it(`${fault}: never sends lines without a timestamp twice: they are unconfirmed and the write stops`, () =>
      withServer(async (server) => {
        const { report, waits } = await write(server, UNTIMESTAMPED, {}, { timeoutMs: fault === 'hang' ? 1000 : 10_000 });
        assert.equal(server.requests(), 1);
        assert.deepEqual(waits, []);
        assert.equal(report.written, 0);
        assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2, 3]);
        assert.match(report.unconfirmed[0].reason, /^unconfirmed: the request with lines 1–3 was sent but .*; the server may or may not have stored these points$/);
        assert.deepEqual(report.notSent.map((n) => n.line), [4, 5, 6, 7]);
        assert.match(report.failure?.message ?? '', /not sent again because some of its lines have no timestamp/);
        assert.deepEqual(server.stored, UNTIMESTAMPED.split('\n').slice(0, 3));
      }, fault));
  }

  void it('gives up after the retries on timestamped lines: that batch unconfirmed (it may be stored), the rest not sent', () =>
    withServer(async (server) => {
      const { report, waits } = await write(server, TIMESTAMPED, {}, { maxRetries: 2 });
      assert.equal(server.requests(), 3);
      assert.deepEqual(waits.map((w) => [w.attempt, w.maxAttempts, w.reason]), [
        [2, 3, 'Connection closed (ECONNRESET)'],
        [3, 3, 'Connection closed (ECONNRESET)'],
      ]);
      assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2, 3]);
      assert.deepEqual(report.notSent.map((n) => n.line), [4, 5, 6, 7]);
      assert.match(report.failure?.message ?? '', /^The connection to .* closed before an answer came \(ECONNRESET\) for the request with lines 1–3\. Gave up after 2 retries\.$/);
    }, 'close', 'close', 'close'));

  void it('reports a malformed 400 after a partial store as unconfirmed, not as not written, and goes on', () =>
    withServer(async (server) => {
      const { report } = await write(server, UNTIMESTAMPED);
      assert.equal(server.requests(), 3);
      assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2, 3]);
      assert.match(report.unconfirmed[0].reason, /^unconfirmed: the server dropped some of 3 points, this one among them, and did not say which \(field type conf\): it may or may not be stored/);
      assert.equal(report.written, 4);
      assert.equal(server.stored.length, 6);
    }, 'partial-400'));
});

void describe('interim and waiting answers', () => {
  void it('reads the real answer after an unsolicited 100 Continue (node:http transport)', () =>
    withServer(async (server) => {
      const { report } = await write(server, UNTIMESTAMPED);
      assert.equal(report.written, 7);
      assert.equal(server.requests(), 3, 'nothing sent twice');
    }, 'continue', 'continue', 'continue'));

  void it("Node's built-in fetch fails on that 100 Continue: the lines are then unconfirmed, never falsely written", () =>
    withServer(async (server) => {
      const { report } = await write(server, UNTIMESTAMPED, { fetch: globalThis.fetch });
      assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2, 3]);
      assert.equal(server.requests(), 1);
    }, 'continue'));

  void it('announces each wait: 429 Retry-After 8 s, then a 503 backoff', () =>
    withServer(async (server) => {
      const { sleep, waits: slept } = recordingSleep();
      const { report, waits } = await write(server, UNTIMESTAMPED, { sleep, random: () => 0 }, { maxRetries: 4 });
      assert.equal(report.written, 7);
      assert.deepEqual(waits, [
        { reason: 'Server busy (429)', delayMs: 8000, attempt: 2, maxAttempts: 5 },
        { reason: 'Server unavailable (503)', delayMs: 1000, attempt: 3, maxAttempts: 5 },
      ]);
      assert.deepEqual(slept, [8000, 1000]);
    }, 'busy', 'unavailable'));
});

void describe('cancel', () => {
  void it('aborts the request in flight: its lines unconfirmed, the rest not sent, "Write cancelled"', () =>
    withServer(async (server) => {
      const controller = new AbortController();
      void server.waitForRequests(2).then(() => controller.abort());
      const { report } = await write(server, UNTIMESTAMPED, { signal: controller.signal }, { timeoutMs: 600_000 });
      assert.equal(report.failure?.cancelled, true);
      assert.equal(report.failure?.message, 'Write cancelled.');
      assert.equal(report.written, 3);
      assert.deepEqual(report.unconfirmed.map((u) => u.line), [4, 5, 6]);
      assert.match(report.unconfirmed[0].reason, /in flight when the write was cancelled/);
      assert.deepEqual(report.notSent.map((n) => n.line), [7]);
      assert.equal(report.requests, 2);
    }, 'ok', 'hang'));
});

void describe('cancel during the wait before re-sending', () => {
  void it('leaves the request that may be stored unconfirmed, not "not sent"', () =>
    withServer(async (server) => {
      const controller = new AbortController();
      const { report, waits } = await write(server, TIMESTAMPED, {
        signal: controller.signal,
        // The wait never ends by itself: only the cancel ends it.
        sleep: () => (controller.abort(), new Promise<void>(() => undefined)),
      });
      assert.equal(waits.length, 1);
      assert.equal(report.failure?.cancelled, true);
      assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2, 3]);
      assert.deepEqual(report.notSent.map((n) => n.line), [4, 5, 6, 7]);
      assert.equal(server.requests(), 1);
    }, 'close'));
});

void describe('nothing delivered', () => {
  void it('a cancel before the connection is made leaves the lines not sent (not unconfirmed)', () =>
    withServer(async (server) => {
      const controller = new AbortController();
      const base = fetchTrusting(undefined);
      // Aborted right after the request starts: before its socket can connect.
      const abortingFetch: typeof fetch = (input, init) => {
        const answer = base(input, init);
        controller.abort();
        return answer;
      };
      const { report } = await write(server, UNTIMESTAMPED, { fetch: abortingFetch, signal: controller.signal });
      assert.equal(report.failure?.cancelled, true);
      assert.deepEqual(report.unconfirmed, []);
      assert.equal(report.notSent.length, 7);
      assert.equal(server.requests(), 0);
    }));

  void it('a connection that cannot be made stops at once, lines not sent', async () => {
    const waits: WaitEvent[] = [];
    // 192.0.2.1 (TEST-NET-1) is never assigned: depending on the network the connection is
    // refused, unroutable or never answered (then the time limit ends it before it connects).
    const report = await writeLineProtocol(UNTIMESTAMPED, connectionTo('http://192.0.2.1:8086', 'oss-v2', { timeoutMs: 200 }), {
      credentials,
      fetch: fetchTrusting(undefined),
      onWait: (wait) => waits.push(wait),
    });
    assert.deepEqual(waits, []);
    assert.equal(report.requests, 1);
    assert.equal(report.notSent.length, 7);
    assert.match(report.failure?.message ?? '', /^(Could not|Cannot) connect to http:\/\/192\.0\.2\.1:8086\/.*\. Nothing was sent\.$/);
  });

  void it('an unknown host at the first request stops at once, saying to check the host name', async () => {
    const unknownHost: typeof fetch = () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND influx.invalid'), { code: 'ENOTFOUND' }) }));
    const waits: WaitEvent[] = [];
    const report = await writeLineProtocol(UNTIMESTAMPED, connectionTo('http://influx.invalid:8086', 'oss-v2'), { credentials, fetch: unknownHost, onWait: (w) => waits.push(w) });
    assert.deepEqual(waits, []);
    assert.equal(report.notSent.length, 7);
    assert.match(report.failure?.message ?? '', /^Cannot connect to http:\/\/influx\.invalid:8086\/.*: the host name was not found \(ENOTFOUND\)\. Check the host name in the URL and the network\. Nothing was sent\.$/);
  });

  void it('a refused connection after the server answered is retried (a restart), and the lines it never got are not sent', () =>
    withServer(async (server) => {
      const base = fetchTrusting(undefined);
      let calls = 0;
      // The server answers the first request, then nothing listens any more.
      const goesAway: typeof fetch = (input, init) =>
        ++calls === 1 ? base(input, init) : Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
      const { report, waits } = await write(server, UNTIMESTAMPED, { fetch: goesAway, random: () => 0 }, { maxRetries: 2 });
      assert.equal(report.written, 3);
      assert.deepEqual(waits.map((w) => [w.reason, w.delayMs, w.attempt]), [
        ['Cannot connect (ECONNREFUSED)', 500, 2],
        ['Cannot connect (ECONNREFUSED)', 1000, 3],
      ]);
      assert.deepEqual(report.notSent.map((n) => n.line), [4, 5, 6, 7]);
      assert.deepEqual(report.unconfirmed, []);
      assert.match(report.failure?.message ?? '', /nothing is listening there \(ECONNREFUSED\)\. .* Gave up after 2 retries\.$/);
    }));

  void it('a time limit reached before connecting (the fetch says so) is not a possible delivery', async () => {
    // What fetchTrusting reports when its abort comes before the socket connected.
    const neverConnects: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new TypeError('fetch failed', { cause: Object.assign(new Error('aborted before the connection was made'), { code: NOT_CONNECTED }) }))),
      );
    const report = await writeLineProtocol(UNTIMESTAMPED, connectionTo('http://192.0.2.1:8086', 'oss-v2', { timeoutMs: 50 }), { credentials, fetch: neverConnects });
    assert.equal(report.notSent.length, 7);
    assert.deepEqual(report.unconfirmed, []);
    assert.match(report.failure?.message ?? '', /^Could not connect to http:\/\/192\.0\.2\.1:8086\/.* within 50 ms \(timeout\)\. Check the URL, the network and that the server is running\. Nothing was sent\.$/);
  });
});

void describe('credentials never reach an output', () => {
  void it('refuses a token with a line break before sending anything, without quoting it', async () => {
    const server = await startFaultServer();
    try {
      const bad = `${SENTINEL}\nsecond-half-of-it`;
      const report = await writeLineProtocol(UNTIMESTAMPED, connectionTo(server.url, 'oss-v2'), { credentials: { kind: 'token', token: bad }, fetch: fetchTrusting(undefined) });
      assert.equal(server.requests(), 0);
      assert.equal(report.notSent.length, 7);
      assert.match(report.failure?.message ?? '', /The token contains a control character .* Nothing was sent: set the token again without it\./);
      assert.ok(!JSON.stringify(report).includes(SENTINEL) && !JSON.stringify(report).includes('second-half'));
    } finally {
      await server.close();
    }
  });

  void it('scrubs the token out of a transport error that quotes it', async () => {
    const quoting: typeof fetch = () => Promise.reject(new TypeError(`Headers.append: "Token ${SENTINEL}" is an invalid header value.`));
    const logs: RequestLog[] = [];
    const report = await writeLineProtocol(TIMESTAMPED, connectionTo('http://127.0.0.1:9', 'oss-v2', { maxRetries: 1 }), {
      credentials,
      fetch: quoting,
      sleep: recordingSleep().sleep,
      log: (entry) => logs.push(entry),
    });
    assertAccounted(report, TIMESTAMPED);
    const out = JSON.stringify([report, logs]);
    assert.ok(out.includes('[redacted]'), 'the message was kept, with the token replaced');
    assert.ok(!out.includes(SENTINEL));
  });
});

void describe('TLS with a self-signed certificate', () => {
  let server: FaultServer | undefined;
  let cert = '';
  before(async () => {
    if (!opensslAvailable()) return;
    const pair = selfSignedCertificate();
    cert = pair.cert;
    server = await startFaultServer({ tls: pair });
  });
  after(() => server?.close());

  void it('fails at once without the CA: no retries, nothing sent, what to do', async (t) => {
    if (!requirePrerequisite(t, opensslAvailable(), 'openssl', OPENSSL_FIX)) return;
    const s = server as FaultServer;
    const { report, waits } = await write(s, TIMESTAMPED);
    assert.deepEqual(waits, []);
    assert.equal(report.requests, 1);
    assert.equal(s.requests(), 0);
    assert.equal(report.notSent.length, 7);
    assert.match(report.failure?.message ?? '', /^The TLS certificate of https:\/\/127\.0\.0\.1:\d+\/.* is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate\)\. .*--ca-file FILE/);
  });

  void it("fails the same way with Node's built-in fetch (no CA option there)", async (t) => {
    if (!requirePrerequisite(t, opensslAvailable(), 'openssl', OPENSSL_FIX)) return;
    const s = server as FaultServer;
    const { report, waits } = await write(s, TIMESTAMPED, { fetch: globalThis.fetch });
    assert.deepEqual(waits, []);
    assert.equal(report.requests, 1);
    assert.match(report.failure?.message ?? '', /is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  void it('names the host mismatch when the certificate is trusted but issued for another name', async (t) => {
    if (!requirePrerequisite(t, opensslAvailable(), 'openssl', OPENSSL_FIX)) return;
    const s = server as FaultServer;
    const report = await writeLineProtocol(TIMESTAMPED, connectionTo(s.url.replace('127.0.0.1', 'localhost'), 'oss-v2'), { credentials, fetch: fetchTrusting(cert) });
    assert.equal(report.requests, 1);
    assert.match(report.failure?.message ?? '', /is not for that host name \(ERR_TLS_CERT_ALTNAME_INVALID: .*\)\. Use the host name the certificate was issued for\. Nothing was sent\.$/);
  });

  void it('says the server does not speak https when an https:// URL points at plain http', () =>
    withServer(async (plain) => {
      const report = await writeLineProtocol(TIMESTAMPED, connectionTo(plain.url.replace('http:', 'https:'), 'oss-v2'), { credentials, fetch: fetchTrusting(undefined) });
      assert.equal(report.requests, 1);
      assert.equal(plain.requests(), 0);
      assert.match(report.failure?.message ?? '', /the server does not seem to speak https at that address/);
      assert.ok(!JSON.stringify(report).includes(SENTINEL));
    }));

  void it('writes when the certificate is trusted as a CA file', async (t) => {
    if (!requirePrerequisite(t, opensslAvailable(), 'openssl', OPENSSL_FIX)) return;
    const s = server as FaultServer;
    const { report } = await write(s, TIMESTAMPED, { fetch: fetchTrusting(cert) });
    assert.equal(report.written, 7);
    assert.equal(s.authorizations.at(-1), `Token ${SENTINEL}`, 'the token went to its origin, over TLS');
  });
});

after(() => {
  // The closing figures (issue 9, "Tests that prove it").
  process.stdout.write(`# fault scenarios: ${totals.scenarios}, data lines accounted: ${totals.lines}, invariant violations: ${totals.violations}\n`);
});

void describe('describeWait', () => {
  void it('words a wait as the progress shows it', () => {
    assert.equal(describeWait({ reason: 'Server busy (429)', delayMs: 8000, attempt: 2, maxAttempts: 5 }), 'Server busy (429): retrying in 8 s (attempt 2 of 5)');
    assert.equal(describeWait({ reason: 'No answer (timeout)', delayMs: 640, attempt: 3, maxAttempts: 6 }), 'No answer (timeout): retrying in 0.6 s (attempt 3 of 6)');
  });
});
