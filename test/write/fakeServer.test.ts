/**
 * The pipeline against the in-repo server that answers as Cloud Serverless, Dedicated, InfluxDB 3
 * Core and OSS 2.x do (real HTTP on 127.0.0.1, bodies really parsed). Retry waits are injected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { writeLineProtocol, type RequestLog } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { assertAccounted, connectionTo, pieces, recordingSleep } from './helpers';

const TOKEN = 'secret-token-7f3a';
const token = { kind: 'token', token: TOKEN } as const;

/** Comments, blank lines, a multi-line string, and bad lines in several batches. */
const MIXED = [
  '# header comment', //              1
  'm,host=a f=1 1', //                 2  data 1
  '', //                               3
  's f="two', //                       4  data 2 (multi-line string)
  'lines" 2', //                       5
  '   bad', //                         6  data 3: no fields
  '# another', //                      7
  'm f=3 3', //                        8  data 4
  'm f=4 4', //                        9  data 5
  'm f=', //                           10 data 6: bad
  'm f=7 7', //                        11 data 7
].join('\n');

void describe('writing to Cloud Serverless (IOx answers)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN })));
  after(() => server.close());

  void it('maps numbered errors of each request back to physical lines across batches', async () => {
    const logs: RequestLog[] = [];
    const report = await writeLineProtocol(MIXED, connectionTo(server.url, 'cloud-serverless', { batchLines: 2 }), { credentials: token, log: (e) => logs.push(e) });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.dataLine, r.status]),
      [
        [6, 3, 400],
        [10, 6, 400],
      ],
    );
    assert.ok(report.rejected.every((r) => r.message.length > 0 && !r.message.includes('error parsing line')));
    assert.equal(report.written, 5);
    assert.equal(report.requests, 4);
    assertAccounted(report, MIXED);
    // What the server stored is exactly the good lines, each once.
    assert.deepEqual(server.store.lines.slice(-5), ['m,host=a f=1 1', 's f="two\nlines" 2', 'm f=3 3', 'm f=4 4', 'm f=7 7']);
    const first = server.requests.at(-4);
    assert.equal(first?.url, '/api/v2/write?org=org&bucket=bucket&precision=ns');
    assert.equal(first?.headers.authorization, `Token ${TOKEN}`);
    assert.equal(first?.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(first?.body, 'm,host=a f=1 1\ns f="two\nlines" 2');
    assert.equal(logs.length, 4);
    assert.ok(!JSON.stringify([report, logs]).includes(TOKEN), 'no token in the report or the log');
  });

  void it('warns when the server listed its maximum of 100 errors', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 'm f=1' : `bad${i}`));
    const text = lines.join('\n');
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    // 133 bad lines: the server names the first 100 (up to line 150); the 33 after it are found
    // with the same parser, so none of them is counted as written.
    assert.equal(report.rejected.length, 133);
    assert.equal(report.rejected[99].line, 150);
    assert.ok(!report.rejected[99].message.includes('local parser'));
    assert.equal(report.rejected.at(-1)?.line, 200);
    assert.match(report.rejected[100].message, /\(found by the local parser: the server lists at most 100 errors per request\)$/);
    assert.equal(report.written, 67);
    assert.equal(report.warnings.length, 1);
    assert.match(report.warnings[0], /at most 100 rejected lines.*the last on line 150: 33 later line\(s\) that fail to parse are marked too/);
    assertAccounted(report, text);
  });

  void it('finds the lines of a schema conflict that names no line, and re-sends the others once', async () => {
    await writeLineProtocol('conf v=1.5 1', connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    const text = 'conf v=2.5 2\nconf v=3i 3\nother,t=x v=1i 4\nconf v=4i 5';
    const before = server.requests.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => r.line), [2, 4]);
    assert.match(report.rejected[0].message, /schema conflict: table conf, already exists: column v is type f64 but schema update has type i64/);
    assert.equal(report.written, 2);
    assert.equal(server.requests.length - before, 2);
    assert.equal(server.requests.at(-1)?.body, 'conf v=2.5 2\nother,t=x v=1i 4');
    assertAccounted(report, text);
  });

  void it('rejects a repeated tag key even with equal values (an IOx write error), and stores the rest', async () => {
    const text = 'dup,t=a,t=a f=1 1\ndup,t=a f=2 2\ndup,t=a,t=b f=3 3';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status]), [
      [1, 400],
      [3, 400],
    ]);
    assert.match(report.rejected[0].message, /the tag 't' is specified more than once with conflicting values/);
    assert.equal(report.written, 1);
    assert.deepEqual(server.store.lines.slice(-1), ['dup,t=a f=2 2']);
    assertAccounted(report, text);
  });

  void it('rejects the points older than a retention refusal that names no line (403), and sends the others again', async () => {
    server.script({
      status: 403,
      body: JSON.stringify({
        code: 'forbidden',
        message: 'data in table ret is outside of the retention period: minimum acceptable timestamp is 2023-05-23T08:59:06+00:00, but observed timestamp 2023-05-23T07:59:06+00:00 is older.',
      }),
    });
    const text = ['ret f=1 1684835946', 'ret f=2 1684828746', 'other f=3 1684828746', '', 'ret f=4', 'ret f=5 1684832345'].join('\n');
    const before = server.requests.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless', { precision: 's' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status]), [
      [2, 403],
      [6, 403],
    ]);
    assert.match(report.rejected[0].message, /^outside the retention period: this point is older than 2023-05-23T08:59:06\+00:00.*in table ret/);
    assert.equal(report.failure, undefined);
    assert.equal(report.written, 3);
    assert.equal(server.requests.at(-1)?.body, 'ret f=1 1684835946\nother f=3 1684828746\nret f=4');
    assert.equal(server.requests.length - before, 2);
    assertAccounted(report, text);
  });

  void it('reports 404 with the names used, and everything as not sent', async () => {
    const report = await writeLineProtocol('m f=1\nm f=2', connectionTo(server.url, 'cloud-serverless', { bucket: 'nope' }), { credentials: token });
    assert.equal(report.failure?.status, 404);
    assert.match(report.failure?.message ?? '', /bucket 'nope' in org 'org'.*127\.0\.0\.1.*bucket "nope" not found/);
    assert.equal(report.notSent.length, 2);
    assert.ok(!JSON.stringify(report).includes(TOKEN));
  });

  void it('asks again on 401, and gives up when no credentials come back', async () => {
    let asked = 0;
    const ok = await writeLineProtocol('m f=1', connectionTo(server.url, 'cloud-serverless'), {
      credentials: { kind: 'token', token: 'wrong' },
      onUnauthorized: () => (asked++, Promise.resolve(token)),
    });
    assert.equal(asked, 1);
    assert.equal(ok.written, 1);
    assert.equal(ok.requests, 2);
    const refused = await writeLineProtocol('m f=1\n\nm f=2', connectionTo(server.url, 'cloud-serverless', { batchLines: 1 }), {
      credentials: { kind: 'token', token: 'wrong' },
      onUnauthorized: () => Promise.resolve(undefined),
    });
    assert.equal(refused.failure?.status, 401);
    assert.equal(refused.requests, 1);
    assert.deepEqual(refused.notSent.map((n) => n.line), [1, 3]);
    assert.match(refused.notSent[1].reason, /stopped before this line.*401/);
  });

  void it('sends gzip bodies the server decodes, with the next batch compressed while waiting', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `gz,host=server-${i % 7} value=${i} ${i}`).join('\n');
    const before = server.requests.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless', { gzip: true, batchLines: 100 }), { credentials: token, compress: gzipWithZlib });
    assert.equal(report.written, 300);
    const sent = server.requests.slice(before);
    assert.equal(sent.length, 3);
    for (const request of sent) {
      assert.equal(request.headers['content-encoding'], 'gzip');
      assert.ok(request.wireBytes < request.body.length / 2);
    }
    assert.equal(sent.map((r) => r.body).join('\n'), text);
  });

  void it('uses the default CompressionStream gzip when none is injected', async () => {
    const before = server.requests.length;
    const report = await writeLineProtocol('cs f=1 1\ncs f=2 2', connectionTo(server.url, 'cloud-serverless', { gzip: true }), { credentials: token });
    assert.equal(report.written, 2);
    assert.equal(server.requests[before].body, 'cs f=1 1\ncs f=2 2');
  });

  void it('streams a source split anywhere to the same result, with firstLine shifting every line', async () => {
    const report = await writeLineProtocol(pieces(MIXED, 3), connectionTo(server.url, 'cloud-serverless', { batchLines: 3 }), { credentials: token, firstLine: 101 });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine]), [
      [106, 3],
      [110, 6],
    ]);
    assertAccounted(report, MIXED);
  });

  void it('reports every physical line of a rejected point whose string spans lines, streamed too', async () => {
    const text = 'a f=1 1\nb s="x\ny\nz",bad 2\nc f=3 3';
    for (const source of [text, pieces(text, 4)]) {
      const report = await writeLineProtocol(source, connectionTo(server.url, 'cloud-serverless'), { credentials: token, firstLine: 11 });
      assert.deepEqual(report.rejected.map((r) => [r.line, r.endLine, r.dataLine]), [[12, 14, 2]]);
      assertAccounted(report, text);
    }
  });
});

void describe('writing to InfluxDB 3 Core (data[] answers)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'core', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('maps line_number per request, whatever the content type, with partial writes kept', async () => {
    const report = await writeLineProtocol(MIXED, connectionTo(server.url, 'core', { bucket: 'db', batchLines: 4 }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine]), [
      [6, 3],
      [10, 6],
    ]);
    assert.equal(report.written, 5);
    assert.equal(server.requests[0].url, '/api/v3/write_lp?db=db&precision=nanosecond&accept_partial=true');
    assert.equal(server.requests[0].headers.authorization, `Bearer ${TOKEN}`);
    assertAccounted(report, MIXED);
  });

  void it('re-sends the other lines when the answer is the non-partial single object', async () => {
    server.script({ status: 400, body: '{"error":"line protocol parsing error","data":{"error_message":"No fields were provided","line_number":2,"original_line":"np"}}' });
    const before = server.requests.length;
    const report = await writeLineProtocol('np f=1 1\nnp\nnp f=3 3', connectionTo(server.url, 'core', { bucket: 'db' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.message]), [[2, 'No fields were provided']]);
    assert.equal(report.written, 2);
    assert.equal(server.requests.at(-1)?.body, 'np f=1 1\nnp f=3 3');
    assert.equal(server.requests.length - before, 2);
  });

  void it('reports a column type conflict on its line', async () => {
    const text = 'temps temp=1.5 1\n\ntemps temp="hot" 2';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'core', { bucket: 'db' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => r.line), [3]);
    assert.match(report.rejected[0].message, /invalid column type for column 'temp'/);
    assertAccounted(report, text);
  });
});

void describe('writing to OSS 2.x (unable to parse, whole-batch refusal)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'oss-v2', token: TOKEN })));
  after(() => server.close());

  void it('rejects the named lines by text and re-sends the rest of the refused batch', async () => {
    const text = 'm f=1 1\n  m f= 2\nm f=3 3\nm f= 2\nm f=4 4';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2'), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => r.line), [2, 4]);
    assert.ok(report.rejected.every((r) => r.status === 400 && r.message !== ''));
    assert.equal(report.written, 3);
    assert.equal(report.requests, 2);
    assert.deepEqual(server.store.lines, ['m f=1 1', 'm f=3 3', 'm f=4 4']);
    assertAccounted(report, text);
  });

  void it('finds a bad line by its text across batches, a multi-line string and a trailing \r included', async () => {
    const text = [
      '# readings', //                     1
      'ml f=1 1', //                        2  data 1
      'ml s="two', //                       3  data 2: a string over two lines, bad timestamp
      'lines" x', //                        4
      '', //                                5
      'ml f=2 2\r', //                      6  data 3: trailing \r, bad timestamp (models parser)
      'ml f=3 3', //                        7  data 4
      'ml f=4 4', //                        8  data 5
    ].join('\n');
    const before = server.store.lines.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2', { batchLines: 2 }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine, r.status]), [
      [3, 2, 400],
      [6, 3, 400],
    ]);
    assert.equal(report.written, 3);
    assert.deepEqual(server.store.lines.slice(before), ['ml f=1 1', 'ml f=3 3', 'ml f=4 4']);
    assertAccounted(report, text);
  });

  void it('rejects the lines of a 422 type conflict and keeps the partial write', async () => {
    const text = 'tc v=1i 1\ntc v=2.5 2\ntc v=3i 3';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2'), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status]), [[2, 422]]);
    // The server's own words (its first reason is exactly this line's); the other lines were re-sent once to confirm.
    assert.equal(report.rejected[0].message, 'field type conflict: input field "v" on measurement "tc" is type float, already exists as type integer');
    assert.equal(report.written, 2);
    assertAccounted(report, text);
  });

  void it('rejects the oldest points of a 422 retention drop (the answer names no line), keeping the partial write', async () => {
    server.script({
      status: 422,
      body: JSON.stringify({ code: 'unprocessable entity', message: 'failure writing points to database: partial write: points beyond retention policy dropped=2' }),
    });
    const text = 'ret f=1 1700000000000000000\n# old ones\nret f=2 1000\nret f=3 1700000001000000000\nret f=4 2000';
    const before = server.requests.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2'), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status]), [
      [3, 422],
      [5, 422],
    ]);
    assert.match(report.rejected[0].message, /older than the retention policy/);
    assert.equal(report.written, 2);
    // The prediction (the 2 oldest) is confirmed by re-sending the other, timestamped, lines once: 204.
    assert.deepEqual(server.requests.slice(before).map((r) => r.body), [text.split('\n').filter((l) => !l.startsWith('#')).join('\n'), 'ret f=1 1700000000000000000\nret f=3 1700000001000000000']);
    assert.deepEqual(report.warnings, []);
    assertAccounted(report, text);
  });
});

void describe('misbehaving servers (Cloud Dedicated)', () => {
  let server: FakeInflux;
  let other: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'cloud-dedicated', bucket: 'db', token: TOKEN, maxBodyBytes: 100 });
    other = await startFakeInflux({ product: 'cloud-dedicated', bucket: 'db' });
  });
  after(async () => {
    await server.close();
    await other.close();
  });
  const conn = (extra = {}) => connectionTo(server.url, 'cloud-dedicated', { bucket: 'db', org: undefined, ...extra });

  void it('waits Retry-After seconds on 429 and 503, then sends the same batch again', async () => {
    server.script({ status: 429, body: '{"code":"too many requests"}', headers: { 'retry-after': '3' } }, { status: 503, body: '', headers: { 'retry-after': '7' } });
    const { sleep, waits } = recordingSleep();
    const before = server.requests.length;
    const report = await writeLineProtocol('r f=1\nr f=2', conn(), { credentials: token, sleep });
    assert.deepEqual(waits, [3000, 7000]);
    assert.equal(report.written, 2);
    assert.equal(report.requests, 3);
    const bodies = server.requests.slice(before).map((r) => r.body);
    assert.deepEqual(bodies, ['r f=1\nr f=2', 'r f=1\nr f=2', 'r f=1\nr f=2']);
  });

  void it('backs off on 429 without Retry-After (a limit that does not reset) and on 504, then sends the same batch again', async () => {
    server.script({ status: 429, body: '{"code":"too many requests","message":"cardinality limit"}' }, { status: 504, body: '' });
    const { sleep, waits } = recordingSleep();
    const before = server.requests.length;
    const report = await writeLineProtocol('u f=1 1', conn(), { credentials: token, sleep, random: () => 0 });
    assert.deepEqual(waits, [500, 1000]);
    assert.equal(report.written, 1);
    assert.equal(server.requests.length - before, 3);
  });

  void it('treats 201 as success and still reads the lines its body names', async () => {
    server.script({ status: 201, body: '{"code":"invalid","line":2,"message":"partial write has occurred, errors encountered on line(s):\\nerror parsing line 2 (1-based): Invalid measurement was provided"}' });
    const report = await writeLineProtocol('p f=1\n# c\n,x f=2\np f=3', conn(), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status]), [[3, 201]]);
    assert.equal(report.written, 2);
  });

  void it('reports the lines of a partial write that names none of its dropped points, without timestamps, as unconfirmed', async () => {
    server.script({ status: 400, body: '{"error":"partial write: max-values-per-tag limit exceeded (100000/100000): measurement=\\"m\\" tag=\\"t\\" value=\\"x\\" dropped=1"}' });
    const before = server.requests.length;
    const report = await writeLineProtocol('p f=1\np f=2', connectionTo(server.url, 'oss-v2'), { credentials: token });
    // One of the two was stored, at a time the server chose: neither may be sent again, neither is counted as written.
    assert.equal(report.written, 0);
    assert.deepEqual(report.unconfirmed.map((u) => u.line), [1, 2]);
    assert.match(report.unconfirmed[0].reason, /dropped 1 of 2 points.*max-values-per-tag limit exceeded.*may or may not be stored/);
    assert.equal(server.requests.length - before, 1);
  });

  void it('backs off on 500 for timestamped lines, and gives up after maxRetries: that batch unconfirmed, the rest not sent', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ status: 500, body: '{"message":"internal error"}' })));
    const { sleep, waits } = recordingSleep();
    const report = await writeLineProtocol('a f=1 1\nb f=2 2\nc f=3 3', conn({ maxRetries: 2, batchLines: 1 }), { credentials: token, sleep, random: () => 0 });
    assert.deepEqual(waits, [500, 1000]);
    assert.equal(report.requests, 3);
    assert.equal(report.failure?.status, 500);
    assert.match(report.failure?.message ?? '', /500: internal error for .*\. Gave up after 2 retries\.$/);
    assert.deepEqual(report.unconfirmed.map((n) => n.line), [1]);
    assert.deepEqual(report.notSent.map((n) => n.line), [2, 3]);
  });

  void it('does not send a request without timestamps again after a 500: unconfirmed, and the write stops', async () => {
    server.script({ status: 500, body: '{"message":"internal error"}' });
    const { sleep, waits } = recordingSleep();
    const before = server.requests.length;
    const report = await writeLineProtocol('a f=1\nb f=2 2\nc f=3', conn({ batchLines: 2 }), { credentials: token, sleep });
    assert.deepEqual(waits, []);
    assert.equal(server.requests.length - before, 1);
    assert.deepEqual(report.unconfirmed.map((n) => n.line), [1, 2]);
    assert.deepEqual(report.notSent.map((n) => n.line), [3]);
    assert.match(report.failure?.message ?? '', /not sent again because some of its lines have no timestamp/);
  });

  void it('stops when Retry-After is longer than the retry time limit', async () => {
    server.script({ status: 503, body: '', headers: { 'retry-after': '3600' } });
    const { sleep, waits } = recordingSleep();
    const report = await writeLineProtocol('s f=1', conn(), { credentials: token, sleep });
    assert.deepEqual(waits, []);
    assert.match(report.failure?.message ?? '', /exceed the retry time limit/);
    assert.equal(report.notSent.length, 1);
  });

  void it('retries after a connection reset and after a timeout', async () => {
    server.script({ kind: 'reset' }, { kind: 'hang' });
    const { sleep } = recordingSleep();
    const logs: RequestLog[] = [];
    const report = await writeLineProtocol('t f=1 1', conn({ timeoutMs: 300 }), { credentials: token, sleep, log: (e) => logs.push(e) });
    assert.equal(report.written, 1);
    assert.deepEqual(logs.map((l) => [l.status, l.retries]), [
      [undefined, 0],
      [undefined, 1],
      [204, 2],
    ]);
    assert.match(logs[1].error ?? '', /within 300 ms \(timeout\).*Every line of the request has a timestamp, so sending it again is harmless/);
  });

  void it('waits for each answer before the next request (slow server)', async () => {
    // A server of its own: the in-flight high-water mark must not include other tests' abandoned requests.
    const slow = await startFakeInflux({ product: 'cloud-dedicated', bucket: 'db' });
    try {
      let release: () => void = () => undefined;
      slow.script({ kind: 'delay', release: new Promise<void>((resolve) => (release = resolve)) });
      const writing = writeLineProtocol('w f=1\nw f=2\nw f=3', connectionTo(slow.url, 'cloud-dedicated', { bucket: 'db', batchLines: 1 }), { credentials: token });
      await slow.waitForRequests(1);
      assert.equal(slow.requests.length, 1);
      release();
      const report = await writing;
      assert.equal(report.written, 3);
      assert.equal(slow.requests.length, 3);
      assert.equal(slow.maxInFlight(), 1);
    } finally {
      await slow.close();
    }
  });

  void it('splits a batch on 413 down to single lines; a line still too large is not sent', async () => {
    const long = `big f="${'x'.repeat(150)}"`;
    const text = ['a f=1', 'b f=2', 'c f=3', long, 'd f=4', 'e f=5', 'g f=6', 'h f=7'].join('\n');
    const report = await writeLineProtocol(text, conn({ maxRetries: 0 }), { credentials: token });
    assert.equal(report.written, 7);
    assert.deepEqual(report.notSent.map((n) => n.line), [4]);
    assert.match(report.notSent[0].reason, /larger than the server accepts.*413 Request Entity Too Large nginx/);
    assert.equal(report.failure, undefined);
    assertAccounted(report, text);
  });

  void it('reports the lines of an HTML, malformed or huge error body as unconfirmed, naming no line it cannot know', async () => {
    server.script(
      { status: 400, body: '<html><body><h1>Bad Request</h1></body></html>', headers: { 'content-type': 'text/html' } },
      { status: 400, body: '{"message": "truncated' },
      { status: 400, body: 'y'.repeat(12 * 1024 * 1024) },
    );
    const report = await writeLineProtocol('h f=1\nh f=2\nh f=3', conn({ batchLines: 1 }), { credentials: token });
    assert.deepEqual(report.unconfirmed.map((n) => n.line), [1, 2, 3]);
    assert.deepEqual(report.notSent, []);
    assert.match(report.unconfirmed[0].reason, /400 without naming a line \(Bad Request\)/);
    assert.match(report.unconfirmed[1].reason, /truncated/);
    assert.ok(report.unconfirmed[2].reason.length < 1000);
  });

  void it('follows a same-origin redirect, refuses one to another origin, and never sends the token there', async () => {
    server.script({ status: 307, body: '', headers: { location: '/api/v2/write?bucket=db&precision=ns' } });
    const same = await writeLineProtocol('rd f=1', conn(), { credentials: token });
    assert.equal(same.written, 1);
    server.script({ status: 307, body: '', headers: { location: `${other.url}/api/v2/write?bucket=db&precision=ns` } });
    const cross = await writeLineProtocol('rd f=2', conn(), { credentials: token });
    assert.equal(cross.written, 0);
    assert.match(cross.failure?.message ?? '', /redirected the write to another origin/);
    assert.equal(other.requests.filter((r) => r.headers.authorization !== undefined).length, 0);
    assert.equal(other.requests.length, 0);
  });

  void it('refuses a redirect to an invalid location', async () => {
    server.script({ status: 302, body: '', headers: { location: 'http://[not-a-host' } });
    const report = await writeLineProtocol('iv f=1', conn(), { credentials: token });
    assert.match(report.failure?.message ?? '', /redirected to an invalid location/);
    assert.equal(report.notSent.length, 1);
  });

  void it('reports a refused connection at the first request at once, without retries', async () => {
    const closed = await startFakeInflux({ product: 'cloud-dedicated' });
    await closed.close();
    const { sleep, waits } = recordingSleep();
    const report = await writeLineProtocol('x f=1', connectionTo(closed.url, 'cloud-dedicated', { maxRetries: 1 }), { credentials: token, sleep });
    assert.match(report.failure?.message ?? '', /^Cannot connect to http:\/\/127\.0\.0\.1:\d+\/api\/v2\/write\?org=org&bucket=bucket&precision=ns: nothing is listening there \(ECONNREFUSED\)\. Check the URL .* Nothing was sent\.$/);
    assert.deepEqual(waits, []);
    assert.equal(report.requests, 1);
    assert.equal(report.notSent.length, 1);
  });

  void it('stops after the current request when cancelled, and reports the rest as not sent', async () => {
    const controller = new AbortController();
    const text = Array.from({ length: 10 }, (_, i) => `k f=${i}`).join('\n');
    const report = await writeLineProtocol(text, conn({ batchLines: 3 }), {
      credentials: token,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.requests === 1) controller.abort();
      },
    });
    assert.equal(report.written, 3);
    assert.equal(report.requests, 1);
    assert.equal(report.failure?.cancelled, true);
    assert.deepEqual(report.notSent.map((n) => n.line), [4, 5, 6, 7, 8, 9, 10]);
    assertAccounted(report, text);
  });

  void it('cuts a retry wait short when cancelled', async () => {
    const controller = new AbortController();
    server.script({ status: 503, body: '', headers: { 'retry-after': '5' } });
    const report = await writeLineProtocol('q f=1', conn(), {
      credentials: token,
      signal: controller.signal,
      sleep: () => (controller.abort(), new Promise<void>(() => undefined)),
    });
    assert.equal(report.failure?.cancelled, true);
    assert.equal(report.notSent.length, 1);
  });

  void it('decodes gzip on the server side exactly', async () => {
    const before = server.requests.length;
    await writeLineProtocol('z f=1', conn({ gzip: true }), { credentials: token, compress: gzipWithZlib });
    const request = server.requests[before];
    assert.equal(request.headers['content-encoding'], 'gzip');
    assert.equal(request.body, 'z f=1');
    assert.equal(gunzipSync(Buffer.from(await gzipWithZlib('z f=1'))).toString(), 'z f=1');
  });
});
