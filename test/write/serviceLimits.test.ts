/**
 * The column limit per table and the table limit. Cloud Serverless / Dedicated / Clustered refuse a
 * request WHOLE when it would take a table past its column limit, or the database past its table
 * limit (write-api.md §3 "Column limit"; the in-repo server answers that way, with the documented
 * text): the writer must reject exactly the lines the server refuses when they are sent in file
 * order, and store all the others, each once. InfluxDB 3 Core answers its limit per line (422 with
 * `data[]`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { parseIoxServiceLimit } from '../../core/src/write/answers/serviceLimits';
import { writeLineProtocol, type WriteReport } from '../../core/src/write/index';
import { memoryIo } from '../cli/memoryIo';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { assertAccounted, connectionTo, recordingSleep } from './helpers';

const TOKEN = 'column-limit-token-5d1e';
const token = { kind: 'token', token: TOKEN } as const;

/** A line of `table` with fields `from`…`to - 1` (each a new column unless written before). */
function wide(table: string, from: number, to: number, time?: number): string {
  const fields = Array.from({ length: to - from }, (_, k) => `f${from + k}=1i`).join(',');
  return time === undefined ? `${table} ${fields}` : `${table} ${fields} ${time}`;
}

/** Stored lines must be exactly the written ones, each once (nothing refused was stored, nothing twice). */
function assertStoredExactly(server: FakeInflux, before: number, text: string, report: WriteReport): void {
  const all = text.split('\n');
  const refused = new Set([...report.rejected.map((r) => r.line), ...report.notSent.map((n) => n.line), ...report.unconfirmed.map((u) => u.line)]);
  const expected = all.filter((_, i) => !refused.has(i + 1)).sort();
  assert.deepEqual(server.store.lines.slice(before).sort(), expected);
}

void describe('the IOx column limit (the whole request refused)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN })));
  after(() => server.close());

  void it('reads the documented text, with or without the router prefix and line breaks', () => {
    const expected = { kind: 'columns', table: 'table_name', existing: 150, merged: 210, limit: 200 };
    assert.deepEqual(parseIoxServiceLimit("couldn't create columns in table `table_name`; table contains\n150 existing columns, applying this write would result\nin 210 columns, limit is 200"), expected);
    assert.deepEqual(
      parseIoxServiceLimit("dml handler error: service limit reached: couldn't create columns in table `table_name`; table contains 150 existing columns, applying this write would result in 210 columns, limit is 200"),
      expected,
    );
    assert.deepEqual(
      parseIoxServiceLimit("dml handler error: service limit reached: couldn't create new table; namespace contains 500 existing\ntables, applying this write would result in 501 tables, limit is 500"),
      { kind: 'tables', existing: 500, merged: 501, limit: 500 },
    );
    assert.equal(parseIoxServiceLimit("dml handler error: service limit reached: couldn't create column x in table 42; limit reached on namespace"), undefined);
  });

  void it('rejects exactly the lines that cross the limit in file order and writes the rest, lines without a timestamp once', async () => {
    const text = [
      wide('wa', 0, 80, 1), //          1: time + 80 = 81 columns
      'other,t=x v=1i 2', //             2: another table
      wide('wa', 80, 160), //           3: 161 columns, no timestamp
      wide('wa', 160, 240, 4), //       4: would be 241 > 200: refused
      wide('wa', 0, 10), //             5: old columns only, no timestamp
      wide('wa', 240, 270, 6), //       6: 191 columns: fits after line 4 was left out
      wide('wa', 270, 280, 7), //       7: would be 201: refused
      wide('wa', 270, 279, 8), //       8: 200 columns exactly: fits
      'other,t=y v=2i 9', //             9
    ].join('\n');
    const before = server.store.lines.length;
    const { sleep, waits } = recordingSleep();
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token, sleep });
    assert.deepEqual(
      report.rejected.map((r) => r.line),
      [4, 7],
    );
    for (const r of report.rejected) {
      assert.match(r.message, /^dml handler error: service limit reached: couldn't create columns in table `wa`; table contains \d+ existing columns, applying this write would result in \d+ columns, limit is 200 \(/);
      assert.match(r.message, /past the server's limit of 200 columns.*the server refuses a whole request for it, so this line was left out and the other lines were sent again without it/);
    }
    assert.equal(report.written, 7);
    assert.deepEqual(waits, [], 'a column limit is not waited on or retried as such');
    assertAccounted(report, text);
    assertStoredExactly(server, before, text, report);
    assert.equal(server.store.columns.get('wa')?.size, 199, 'the table ends with 199 columns plus time: the limit, 200');
  });

  void it('rejects the only line of the table at once and sends the others again in one request', async () => {
    await writeLineProtocol(wide('wb', 0, 190, 1), connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    const text = ['o2 v=1i 1', wide('wb', 190, 200, 2), 'o2 v=2i'].join('\n');
    const before = server.store.lines.length;
    const requests = server.requests.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.status]),
      [[2, 400]],
    );
    assert.match(report.rejected[0].message, /table contains 191 existing columns, applying this write would result in 201 columns, limit is 200/);
    assert.equal(report.written, 2);
    assert.equal(server.requests.length - requests, 2, 'the refused request and one request with the other lines');
    assertAccounted(report, text);
    assertStoredExactly(server, before, text, report);
  });

  void it('treats the older routers’ 429 for the limit as a refusal, not as a wait', async () => {
    const { sleep, waits } = recordingSleep();
    // Scripted: the whole request, then line 1 alone (bisection), are refused as an older router does.
    const refusal = {
      status: 429,
      body: JSON.stringify({ code: 'too many requests', message: "dml handler error: service limit reached: couldn't create columns in table `wc`; table contains 200 existing columns, applying this write would result in 201 columns, limit is 200" }),
    };
    server.script(refusal, refusal);
    const text = 'wc,t=a new=1i 1\nwc old=1i 2';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token, sleep });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.status]),
      [[1, 429]],
    );
    assert.equal(report.written, 1);
    assert.deepEqual(waits, []);
    assert.equal(report.failure, undefined);
    assertAccounted(report, text);
  });

  void it('lp write reports the crossing line with the reason and writes the others', async () => {
    await writeLineProtocol(wide('wd', 0, 195, 1), connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    const file = ['# wide rows', 'wd f0=2i 2', wide('wd', 195, 205, 3), 'wd f1=3i', wide('wd', 195, 199, 4)].join('\n');
    const m = memoryIo({ 'wide.lp': file }, '', { TOK: TOKEN });
    const status = await runCli(['write', 'wide.lp', '--url', server.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--token-env', 'TOK', '--json'], m.io);
    assert.equal(status, 2);
    const report = JSON.parse(m.stdout()) as WriteReport;
    assert.deepEqual(
      report.rejected.map((r) => r.line),
      [3],
    );
    assert.match(report.rejected[0].message, /couldn't create columns in table `wd`; table contains 196 existing columns, applying this write would result in 206 columns, limit is 200 \(this line adds columns/);
    assert.equal(report.written, 3);
    assert.equal(m.stderr(), '');
    assertAccounted(report, file);
    assert.equal(server.store.columns.get('wd')?.size, 199);
  });
});

void describe('the IOx table limit (the whole request refused)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN, tableLimit: 3 })));
  after(() => server.close());

  void it('rejects exactly the lines whose new table passes the limit in file order and writes the rest once', async () => {
    await writeLineProtocol('t1 f=0i 0', connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    const text = [
      't1 f=1i 1', //  1: an existing table
      'n1 f=1i 2', //  2: table 2 of 3
      'n2 f=1i', //    3: table 3 of 3, no timestamp
      'n3 f=1i 4', //  4: a fourth table: refused
      't1 f=2i 5', //  5
      'n1 f=2i 6', //  6: n1 exists by now
      'n4 f=1i', //    7: refused, no timestamp
    ].join('\n');
    const before = server.store.lines.length;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'cloud-serverless'), { credentials: token });
    assert.deepEqual(
      report.rejected.map((r) => r.line),
      [4, 7],
    );
    for (const r of report.rejected) {
      assert.match(r.message, /^dml handler error: service limit reached: couldn't create new table; namespace contains 3 existing tables, applying this write would result in 4 tables, limit is 3 \(this line's measurement would be a new table past the server's limit of 3 tables/);
    }
    assert.equal(report.written, 5);
    assertAccounted(report, text);
    assertStoredExactly(server, before, text, report);
    assert.deepEqual([...server.store.columns.keys()].sort(), ['n1', 'n2', 't1']);
  });
});

void describe('the InfluxDB 3 Core column limit (per line, 422)', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'core', token: TOKEN })));
  after(() => server.close());

  void it('rejects the named line and counts the others written', async () => {
    // The body Core sends (influxdb3_server http.rs: `PartialLpWrite`, 422 when a message starts
    // with "Update to schema would exceed number of"); the other lines are stored.
    server.script({
      status: 422,
      body: JSON.stringify({
        error: 'partial write of line protocol occurred',
        data: [{ error_message: 'Update to schema would exceed number of columns per table limit of 500 columns', line_number: 2, original_line: 'm f500=1i 2' }],
      }),
    });
    const text = 'm f=1i 1\nm f500=1i 2\nm f=3i 3';
    const report = await writeLineProtocol(text, connectionTo(server.url, 'core'), { credentials: token });
    assert.deepEqual(
      report.rejected.map((r) => [r.line, r.status, r.message]),
      [[2, 422, 'Update to schema would exceed number of columns per table limit of 500 columns']],
    );
    assert.equal(report.written, 2);
    assertAccounted(report, text);
  });
});
