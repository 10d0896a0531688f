/**
 * InfluxDB 3's `/api/v3/write_lp` answers as they are in 2026 (issue 13 §4), against the fake server
 * answering exactly so. Sources: influxdata/influxdb (main, 2026-06, d7834110):
 * - influxdb3_types/src/write.rs `impl Serialize for WriteLineError`: `original_line` cut to 20 bytes
 *   (TRUNCATE_LIMIT), rounded down to a character boundary;
 * - influxdb3_write/src/write_buffer/validator.rs `v1_parse_lines_and_catalog_updates`: `line_number`
 *   counts the lines `parse_lines` yields (blank and comment lines dropped), while `original_line` of a
 *   parse error is taken from `lp.lines()`, which does not drop them (so it can name another line);
 * - influxdb3_server/src/http.rs `write_lp_inner`: `accept_partial` defaults to true.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { writeLineProtocol } from '../../core/src/write/index';
import { memoryIo } from '../cli/memoryIo';
import { answerWrite, createStore } from '../support/fakeInflux/answers';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { assertAccounted, connectionTo } from './helpers';

const TOKEN = 'v3-answers-token-0b7d';
const token = { kind: 'token', token: TOKEN } as const;

/** The rejected line's first 20 bytes are those of an earlier good line: only line_number places it. */
const TEXT = [
  '# kitchen readings', //                 1
  'home,room=Kitchen temp=21.5 1', //      2  data 1
  '', //                                   3
  'note text="first', //                   4  data 2: a string over two lines
  'second" 2', //                          5
  '   ', //                                6
  '# again', //                            7
  'home,room=Kitchen temp= 3', //          8  data 3: no field value
  'home,room=Den temp=20.0 4', //          9  data 4
].join('\n');

void describe('original_line is cut to 20 bytes: the rejected line is placed by line_number', () => {
  let server: FakeInflux;
  for (const product of ['core', 'enterprise', 'influxdb3-cloud'] as const) {
    void describe(product, () => {
      before(async () => (server = await startFakeInflux({ product, bucket: 'db', token: TOKEN })));
      after(() => server.close());

      void it('the server names data line 3 with an original_line that also begins data line 1', () => {
        const answer = answerWrite(product, TEXT, createStore());
        const body = JSON.parse(answer.body) as { error: string; data: { line_number: number; original_line: string }[] };
        assert.equal(answer.status, 400);
        assert.equal(body.error, 'partial write of line protocol occurred');
        assert.deepEqual(body.data.map((d) => [d.line_number, d.original_line]), [[3, 'home,room=Kitchen te']]);
        assert.ok(TEXT.split('\n')[1].startsWith('home,room=Kitchen te'));
      });

      void it('the writer reports physical line 8, after blank lines, comments and a multi-line string', async () => {
        const report = await writeLineProtocol(TEXT, connectionTo(server.url, product, { bucket: 'db' }), { credentials: token });
        assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine, r.status]), [[8, 3, 400]]);
        assert.equal(report.written, 3);
        assert.deepEqual(server.store.lines, ['home,room=Kitchen temp=21.5 1', 'note text="first\nsecond" 2', 'home,room=Den temp=20.0 4']);
        assertAccounted(report, TEXT);
      });
    });
  }
});

void describe('accept_partial=false: a rejected line refuses the whole request', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'core', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('the fake answers as validator.rs and http.rs do: 400, the first rejected line as one object, nothing stored', () => {
    const store = createStore();
    const answer = answerWrite('core', 'm f=1 1\nm f= 2\nm f=3 3\nm 4', store, { acceptPartial: false });
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body), { error: 'line protocol parsing error', data: { error_message: 'No fields were provided', line_number: 2, original_line: 'm f= 2' } });
    assert.deepEqual(store.lines, []);
  });

  void it('the writer sends accept_partial=false, reports each rejected line and sends the rest without them', async () => {
    const text = '# two bad lines\nm f=1 1\nm f= 2\n\nm f=3 3\nm 4\nm f=5 5';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'core', { bucket: 'db', acceptPartial: false }), { credentials: token });
    assert.equal(server.requests[0].url, '/api/v3/write_lp?db=db&precision=nanosecond&accept_partial=false');
    assert.deepEqual(report.rejected.map((r) => [r.line, r.message]), [
      [3, 'No fields were provided'],
      [6, 'No fields were provided'],
    ]);
    assert.equal(report.written, 3);
    assert.deepEqual(server.store.lines, ['m f=1 1', 'm f=3 3', 'm f=5 5']);
    assertAccounted(report, text);
  });
});

void describe('__chunk_order is reserved, and a rejected line leaves no schema behind (3.11.2)', () => {
  // influxdb3_catalog/src/catalog.rs RESERVED_COLUMN_NAMES = [time, __chunk_order]; error.rs ReservedColumn.
  const text = 'm __chunk_order=1i,f=1i 1\nm f="text" 2';
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'enterprise', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('the writer reports the line with the server\'s words and writes the next one, whose f is not yet typed', async () => {
    const report = await writeLineProtocol(text, connectionTo(server.url, 'enterprise', { bucket: 'db' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.message]), [[1, "'__chunk_order' is a reserved column"]]);
    assert.deepEqual(server.store.lines, ['m f="text" 2']);
  });

  void it('lp check says the same, and no type conflict on line 2', async () => {
    const m = memoryIo({ 'a.lp': text });
    assert.equal(await runCli(['check', '--target', 'enterprise', 'a.lp'], m.io), 1);
    assert.equal(m.stdout(), "a.lp:1:3: error reserved-field: Field key '__chunk_order' is reserved: InfluxDB 3 Enterprise rejects the point ('__chunk_order' is a reserved column). Rename the field.\n");
  });
});

void describe('InfluxDB 3 status answers, each handled as what it means', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'influxdb3-cloud', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('403: a token the server knows but that may not write here (http.rs ResourceAuthorizationError → FORBIDDEN)', async () => {
    // influxdb3_authz/src/lib.rs: "unauthorized to perform requested action with the token"; body {"error": "…"}.
    server.script({ status: 403, body: '{"error": "unauthorized to perform requested action with the token"}' });
    const report = await writeLineProtocol('m f=1 1', connectionTo(server.url, 'influxdb3-cloud', { bucket: 'db' }), { credentials: token });
    assert.equal(report.failure?.status, 403);
    assert.match(report.failure?.message ?? '', /403 Forbidden for database 'db'.*unauthorized to perform requested action with the token.*grant write permission/);
    assert.equal(report.written, 0);
    assert.ok(!JSON.stringify(report).includes(TOKEN));
  });

  void it('503 (a stopped node, 3.11): nothing was stored, the same request is sent again after the wait', async () => {
    const waits: number[] = [];
    server.script({ status: 503, body: '', headers: { 'retry-after': '2' } });
    const before = server.requests.length;
    const report = await writeLineProtocol('m f=1 1', connectionTo(server.url, 'influxdb3-cloud', { bucket: 'db' }), { credentials: token, sleep: (ms) => (waits.push(ms), Promise.resolve()) });
    assert.equal(report.written, 1);
    assert.equal(server.requests.length - before, 2);
    assert.deepEqual(waits, [2000]);
  });
});

void describe('a column family holds at most 100 fields (influxdb3_catalog transaction.rs, error.rs TooManyFields)', () => {
  // 100 fields of family cpu, then a line adding a 101st: refused alone, with the catalog's words (400).
  const lines = [...Array.from({ length: 100 }, (_, i) => `m cpu::f${i}=1i ${i + 1}`), 'm cpu::extra=1i,mem::free=2i 200', 'm mem::free=3i 201'];
  const text = lines.join('\n');
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'core', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('the writer reports line 101 with the server\'s words and writes the others', async () => {
    const report = await writeLineProtocol(text, connectionTo(server.url, 'core', { bucket: 'db' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.status, r.message]), [[101, 400, "Update to schema would exceed the field limit (100) for field family 'cpu'"]]);
    assert.equal(report.written, 101);
    assertAccounted(report, text);
  });
  void it('lp check places the same line with the same words', async () => {
    const m = memoryIo({ 'a.lp': `${text}\n` });
    assert.equal(await runCli(['check', '--target', 'core', 'a.lp'], m.io), 1);
    assert.match(m.stdout(), /^a\.lp:101:3: error field-family-limit: Field 'cpu::extra' would be field 101 of column family 'cpu' in table 'm': InfluxDB 3 Core rejects the point \("Update to schema would exceed the field limit \(100\) for field family 'cpu'"\)\./);
    assert.equal(m.stdout().split('\n').filter((l) => l !== '').length, 1);
  });
});
