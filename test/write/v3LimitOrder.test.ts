/**
 * A line that passes both InfluxDB 3's column limit and a column family's (issue 13 §3): which the
 * server reports. influxdb3_catalog/src/catalog/versions/v3/transaction.rs (3.10 branch c342445a,
 * v3.10.1) `add_field` checks a new field against the column limit (`check_columns_limit`, tags
 * plus fields, time exempt: error.rs `TooManyColumns`) before its named family
 * (`get_or_create_named_field_family`: `TooManyFields`), and the write validator
 * (influxdb3_write/src/write_buffer/validator.rs `validate_and_qualify_v1_line`) adds a line's
 * columns one by one, tags first, then fields in line order; the v2 catalog of 3.9
 * (versions/v2/update.rs `add_field`) checks in the same order. So the first new column that fails
 * decides, and on the same column the column limit wins. write_lp answers 422 when a line met the
 * column limit (influxdb3_server/src/http.rs `PartialLpWrite`: "Update to schema would exceed number
 * of"), 400 for the family's words. The editor, `lp check` and the in-repo server say the same.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { LineIndex } from '../../core/src/index';
import { writeLineProtocol } from '../../core/src/write/index';
import { createRandom } from '../../bench/generate';
import { answerWrite, createStore } from '../support/fakeInflux/answers';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { connectionTo } from './helpers';

const NOW = 1_780_000_000_000_000_000n;
const TOKEN = 'v3-limit-order-token-77a0';
const COLUMNS = 'Update to schema would exceed number of columns per table limit of 500 columns';
const FAMILY = "Update to schema would exceed the field limit (100) for field family 'cpu'";

/** Table `m` with `plain` unqualified fields and a full family `cpu` (100 fields), one line each. */
function head(plain: number): string[] {
  return [`m ${Array.from({ length: plain }, (_, i) => `u${i}=1i`).join(',')}`, `m ${Array.from({ length: 100 }, (_, i) => `cpu::f${i}=1i`).join(',')}`];
}

/** Each case: the lines after the head, and what the server says of each (the head is written). */
const CASES: { name: string; plain: number; lines: [string, string][] }[] = [
  {
    name: 'a table of 499 columns whose family cpu is full',
    plain: 399,
    lines: [
      // The 500th column fits; its family does not.
      ['m cpu::new=1i', FAMILY],
      // cpu::new is met first and fits under the column limit: the family's words, though the line passes both.
      ['m cpu::new=1i,extra=1i', FAMILY],
      // extra takes the 500th column; cpu::new then meets the column limit first.
      ['m extra=1i,cpu::new=1i', COLUMNS],
      // Tags come first: the new tag takes the 500th column.
      ['m,room=a cpu::new=1i', COLUMNS],
    ],
  },
  {
    name: 'a table of 500 columns whose family cpu is full',
    plain: 400,
    // One new field past both limits: the column limit is checked first.
    lines: [['m cpu::new=1i', COLUMNS]],
  },
];

void describe('column limit or family limit: the first new column that fails decides (transaction.rs add_field)', () => {
  for (const c of CASES) {
    const text = `${[...head(c.plain), ...c.lines.map(([line]) => line)].join('\n')}\n`;
    for (const target of ['core', 'enterprise', 'influxdb3-cloud'] as const) {
      void it(`${c.name}, ${target}: the in-repo server answers each line so`, () => {
        const answer = answerWrite(target, text, createStore());
        const body = JSON.parse(answer.body) as { data: { error_message: string; line_number: number }[] };
        assert.deepEqual(body.data.map((d) => [d.line_number, d.error_message]), c.lines.map(([, says], i) => [i + 3, says]));
        assert.equal(answer.status, c.lines.some(([, says]) => says === COLUMNS) ? 422 : 400);
      });
      void it(`${c.name}, ${target}: the editor reports the same limit, quoting the same words`, () => {
        const found = new DocumentAnalysis(text, resolveSettings({ target }), { now: () => NOW }).diagnostics();
        assert.deepEqual(
          found.map((d) => [d.range.start.line, d.code]),
          c.lines.map(([, says], i) => [i + 2, says === COLUMNS ? 'column-limit' : 'field-family-limit']),
          found.map((d) => d.message).join('\n'),
        );
        found.forEach((d, i) => assert.ok(d.message.includes(`("${c.lines[i][1]}")`), d.message));
      });
    }
  }
});

void describe('writing such lines to the in-repo InfluxDB 3', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'enterprise', bucket: 'db', token: TOKEN })));
  after(() => server.close());

  void it('reports each line with the words the server chose, and stores the others', async () => {
    const c = CASES[0];
    const text = [...head(c.plain), ...c.lines.map(([line]) => line), 'm u0=2i'].join('\n');
    const report = await writeLineProtocol(text, connectionTo(server.url, 'enterprise', { bucket: 'db' }), { credentials: { kind: 'token', token: TOKEN } });
    assert.deepEqual(report.rejected.map((r) => [r.line, c.lines[r.line - 3][1] === COLUMNS ? r.message.includes(COLUMNS) : r.message.includes(FAMILY)]), c.lines.map((_, i) => [i + 3, true]));
    assert.equal(report.written, 3);
  });
});

void describe('editing near both limits', () => {
  void it('random edits keep the incremental analysis equal to a fresh one (the verdict may flip between the two limits)', () => {
    const settings = resolveSettings({ target: 'enterprise' });
    const options = { now: () => NOW, chunkSize: 64, openChunkSize: 64 };
    const top = `${head(398).join('\n')}\n`;
    const short = ['m cpu::new=1i', 'm cpu::new=1i,extra=1i', 'm extra=1i,cpu::new=1i', 'm,room=a cpu::g=1i', 'm u0=1i', 'm other=1i', 'm cpu::f1=2i'];
    const pieces = ['\n', 'm ', 'cpu::h=1i', ',x=1i', ',cpu::k=1i', ',room=b', 'u1=1i', ' ', ':'];
    const rand = createRandom(4242);
    let text = top + Array.from({ length: 16 }, () => short[Math.floor(rand() * short.length)]).join('\n') + '\n';
    const a = new DocumentAnalysis(text, settings, options);
    const seen = new Set<string>();
    for (let step = 0; step < 150; step++) {
      const index = new LineIndex(text);
      const from = top.length + Math.floor(rand() * (text.length - top.length));
      const to = Math.min(text.length, from + (rand() < 0.5 ? 0 : Math.floor(rand() * 12)));
      const insert = rand() < 0.3 ? '' : pieces[Math.floor(rand() * pieces.length)];
      a.applyChange({ start: index.positionAt(from), end: index.positionAt(to) }, insert);
      text = text.slice(0, from) + insert + text.slice(to);
      const expected = new DocumentAnalysis(text, settings, options).diagnostics();
      assert.deepEqual(a.diagnostics(), expected, `diagnostics after step ${step}: ${JSON.stringify(text.slice(top.length))}`);
      for (const d of expected) seen.add(String(d.code));
    }
    assert.ok(seen.has('column-limit') && seen.has('field-family-limit'), [...seen].join(', '));
  });
});
