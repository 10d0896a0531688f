/**
 * A line that repeats a tag key, against InfluxDB 3 Core, Enterprise and InfluxDB 3 Cloud (issue 13 §4).
 *
 * Sources:
 * - docs-v2 content/shared/v3-core-enterprise-release-notes, v3.9.8 and v3.10.3 "Duplicate tag key
 *   rejection": such writes "are now rejected with a clear error, the same way duplicate field keys
 *   are rejected" (before, the point was stored and crash-looped the node at its next snapshot);
 * - the words: "invalid line protocol - multiple instances of '{key}' tag found", 400, in the
 *   partial-write `data[]` with accept_partial=true and as a lone `data` object under "line protocol
 *   parsing error" with accept_partial=false: recorded from Core 3.11.0 and Enterprise 3.11.0 in
 *   influxdata/influxdb3_mcp_server tests/fixtures/write-errors.ts (0a9fc96, with the
 *   `original_line` "m,region=east,region") and docs/…/verification-questions.md §1. The Rust sources
 *   at hand (influxdata/influxdb 3.9 and 3.10 branches, 2026-06-30) stop at v3.9.6 / v3.10.1, before
 *   the fix; the field analogue is there: influxdb3_write/src/write_buffer/validator.rs
 *   `validate_and_qualify_v1_line` ("invalid line protocol - multiple instances of '{field_name}' field
 *   found", v3.10.1 c342445a), and so is `__chunk_order` (influxdb3_catalog/src/catalog.rs
 *   `RESERVED_COLUMN_NAMES`, error.rs `ReservedColumn` "'{0}' is a reserved column", checked by
 *   catalog/versions/v3/transaction.rs `add_tag` / `add_field` through `check_name`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { writeLineProtocol } from '../../core/src/write/index';
import { memoryIo } from '../cli/memoryIo';
import { answerWrite, createStore } from '../support/fakeInflux/answers';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { assertAccounted, connectionTo } from './helpers';

const TOKEN = 'v3-repeated-keys-token-5e21';
const token = { kind: 'token', token: TOKEN } as const;
const PRODUCTS = ['core', 'enterprise', 'influxdb3-cloud'] as const;
/** The line recorded in influxdb3_mcp_server's fixture. */
const REPEATED_TAG = 'm,region=east,region=west f=1i';
const SAYS = "invalid line protocol - multiple instances of 'region' tag found";

interface LineError {
  readonly error_message: string;
  readonly line_number: number;
  readonly original_line: string;
}

function rejectedLines(body: string): LineError[] {
  return (JSON.parse(body) as { data: LineError[] }).data;
}

void describe('the fake InfluxDB 3 answers a repeated tag key as 3.9.8 / 3.10.3 and later do', () => {
  for (const product of PRODUCTS) {
    void it(`${product}: 400 partial write naming the line, original_line cut to 20 bytes, nothing stored`, () => {
      const store = createStore();
      const answer = answerWrite(product, `${REPEATED_TAG}\nm,region=east f=2i\n`, store);
      assert.equal(answer.status, 400);
      assert.equal((JSON.parse(answer.body) as { error: string }).error, 'partial write of line protocol occurred');
      assert.deepEqual(rejectedLines(answer.body), [{ error_message: SAYS, line_number: 1, original_line: 'm,region=east,region' }]);
      assert.deepEqual(store.lines, ['m,region=east f=2i']);
    });
  }

  void it('with equal values too, and with accept_partial=false as the lone line of "line protocol parsing error"', () => {
    const store = createStore();
    const answer = answerWrite('core', 'm,t=a,t=a f=1i\nm,t=a f=2i\n', store, { acceptPartial: false });
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body), {
      error: 'line protocol parsing error',
      data: { error_message: "invalid line protocol - multiple instances of 't' tag found", line_number: 1, original_line: 'm,t=a,t=a f=1i' },
    });
    assert.deepEqual(store.lines, []);
  });

  void it('other columns of the line as the validator meets them: tags first, then fields (validator.rs, catalog error.rs)', () => {
    const cases: [string, string][] = [
      ['m f=1i,f=2i', "invalid line protocol - multiple instances of 'f' field found"],
      ['m f=1i,f=2.5', "invalid column type for column 'f', expected iox::column_type::field::integer, got iox::column_type::field::float"],
      ['m,x=a x=1i', "invalid column type for column 'x', expected iox::column_type::tag, got iox::column_type::field::integer"],
      ['m,__chunk_order=1 f=1i', "'__chunk_order' is a reserved column"],
      ['m __chunk_order=1i', "'__chunk_order' is a reserved column"],
      // The repeated tag is met before the field repeated after it.
      ['m,t=a,t=b f=1i,f=2i', "invalid line protocol - multiple instances of 't' tag found"],
    ];
    for (const [line, says] of cases) {
      const answer = answerWrite('enterprise', `${line}\n`, createStore());
      assert.deepEqual(rejectedLines(answer.body).map((d) => d.error_message), [says], line);
    }
  });

  void it('a tag named like a field stored before is refused by the catalog, naming both kinds', () => {
    const store = createStore();
    assert.equal(answerWrite('core', 'm x=1i\n', store).status, 204);
    const answer = answerWrite('core', 'm,x=a f=1i\n', store);
    assert.deepEqual(rejectedLines(answer.body).map((d) => d.error_message), ["invalid column type for column 'x', expected iox::column_type::field::integer, got iox::column_type::tag"]);
  });
});

void describe("the editor and lp check say what the server says for a repeated tag key", () => {
  for (const product of PRODUCTS) {
    void it(`${product}: the diagnostic quotes the fake's error_message word for word`, () => {
      const says = rejectedLines(answerWrite(product, `${REPEATED_TAG}\n`, createStore()).body)[0].error_message;
      const found = new DocumentAnalysis(`${REPEATED_TAG}\n`, resolveSettings({ target: product }), { now: () => 0n }).diagnostics();
      assert.deepEqual(found.map((d) => d.code), ['duplicate-tag']);
      assert.ok(found[0].message.includes(`("${says}")`), found[0].message);
    });
  }

  void it('lp check --target core prints it with the place of the repeated tag', async () => {
    const io = memoryIo({ 'a.lp': `${REPEATED_TAG}\n` });
    assert.equal(await runCli(['check', '--target', 'core', 'a.lp'], io.io), 1);
    assert.equal(
      io.stdout(),
      `a.lp:1:15: error duplicate-tag: Tag 'region' appears more than once: InfluxDB 3 Core rejects the point ("${SAYS}"), even when the values are equal (since 3.9.8 and 3.10.3; an older server stores it and then fails to snapshot the table). Keep one.\n`,
    );
  });
});

void describe('writing a repeated tag key to the fake InfluxDB 3', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'enterprise', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it("reports the line as rejected with the server's words and writes the others", async () => {
    const text = ['# two rooms', 'm,room=a f=1i 1', '', REPEATED_TAG + ' 2', 'm,room=b f=3i 3'].join('\n');
    const report = await writeLineProtocol(text, connectionTo(server.url, 'enterprise', { bucket: 'db' }), { credentials: token });
    assert.deepEqual(report.rejected.map((r) => [r.line, r.dataLine, r.status]), [[4, 2, 400]]);
    assert.ok(report.rejected[0].message.includes(SAYS), report.rejected[0].message);
    assert.deepEqual(server.store.lines, ['m,room=a f=1i 1', 'm,room=b f=3i 3']);
    assertAccounted(report, text);
  });
});
