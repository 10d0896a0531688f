/**
 * The language status rows (schemaStatus.ts, connectionStatusTexts.ts). VS Code's pop-up puts a
 * row's text and detail on one line with the command after them; in a 1600 px window a row of the
 * tester's length ("Schema of 'examples': 2 measurements, read 07:27 – The checks include what
 * database 'examples' of 'examples-v1' stores …") pushed "Refresh" and "Select Connection" past the
 * edge. A row is the short text and a few words; every fact is still in the command's tooltip.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConnections } from '../../client/src/connections';
import { connectionStatusTexts } from '../../client/src/connectionStatusTexts';
import { schemaStatusRow, schemaStatusTexts, type SchemaState } from '../../client/src/schemaStatus';

/** The most characters (text and detail, names as the tester's) that leave the command on screen. */
const ROW = 50;
const who = { connection: 'examples-v1', bucket: 'examples' };
const longReason = 'cannot connect to http://localhost:8086 (ECONNREFUSED): is the server running, and is the URL right? The request was not sent.';

void describe('the schema row', () => {
  const states: SchemaState[] = [
    { kind: 'off' },
    { kind: 'untrusted' },
    { kind: 'no-connection' },
    { kind: 'no-credentials', ...who },
    { kind: 'idle', ...who },
    { kind: 'reading', ...who },
    { kind: 'read', ...who, where: "database 'examples'", measurements: 2, readAtMs: new Date(2026, 11, 3, 7, 27).getTime() },
    { kind: 'failed', ...who, reason: longReason, failure: 'unreachable' },
    { kind: 'failed', ...who, reason: 'HTTP 403: {"error":"forbidden"}', failure: 'credentials' },
  ];
  for (const state of states) {
    void it(`is short when ${state.kind}${state.kind === 'failed' ? ` (${state.failure})` : ''}, the rest in the tooltip`, () => {
      const row = schemaStatusRow(schemaStatusTexts(state));
      const shown = `${row.text.replace('$(symbol-structure) ', '')}${row.detail ?? ''}`;
      assert.ok(shown.length <= ROW, `row too long (${shown.length}): ${shown}`);
      if ('connection' in state) assert.ok(row.tooltip.includes(`'${state.connection}'`), `the tooltip does not name the connection: ${row.tooltip}`);
      if (state.kind === 'failed') assert.ok(row.tooltip.includes(state.reason.slice(0, -1)), 'the tooltip lacks the full reason');
    });
  }

  void it('keeps the count, bucket and read time on the row when read', () => {
    const texts = schemaStatusTexts(states[6]);
    assert.equal(texts.text, "Schema of 'examples': 2 measurements, read 07:27");
  });
});

void describe('the connection row', () => {
  const { connections } = readConnections([{ name: 'examples-v1', url: 'http://localhost:8086', target: 'v1', bucket: 'examples' }]);
  const active = connections[0];

  void it('names the connection and its database; URL and product are in the tooltip', () => {
    const texts = connectionStatusTexts({ active, connections, problems: [] });
    assert.equal(texts.text, '$(database) examples-v1');
    assert.equal(texts.detail, "database 'examples'");
    assert.ok(texts.text.length + texts.detail.length <= ROW);
    assert.equal(texts.tooltip, "database 'examples' at http://localhost:8086 · InfluxDB 1.x");
    assert.deepEqual([texts.warning, texts.action], [false, 'selectConnection']);
  });

  void it('puts a settings problem in the tooltip, warning on the row', () => {
    const problem = 'influxLineProtocol.connections[1] has no "bucket": give the database to write to.';
    const texts = connectionStatusTexts({ active, connections, problems: [problem] });
    assert.ok(texts.text.length + texts.detail.length <= ROW);
    assert.ok(texts.tooltip.endsWith(problem));
    assert.equal(texts.warning, true);
  });

  void it('offers to choose or add a connection, short', () => {
    const none = connectionStatusTexts({ active: undefined, connections, problems: [] });
    assert.deepEqual([none.text, none.detail, none.action, none.warning], ['$(database) No active connection', '1 connection', 'selectConnection', true]);
    const empty = connectionStatusTexts({ active: undefined, connections: [], problems: [] });
    assert.deepEqual([empty.text, empty.action], ['$(database) No InfluxDB connection', 'addConnection']);
    assert.match(empty.tooltip, /Add one/);
  });
});
