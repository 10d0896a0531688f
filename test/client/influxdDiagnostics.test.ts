/**
 * From a real InfluxDB 1.x answer to the diagnostics the editor shows: the pipeline's report of a
 * partial write becomes problems on the exact physical lines (a selection write included), and
 * they follow their lines through edits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { readConnections, toWriteConnection } from '../../client/src/connections';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChanges, placeProblems } from '../../client/src/writeDiagnostics';
import { writeLineProtocol } from '../../core/src/write/index';
import { INFLUXD_FIX, influxdAvailable, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

const DOC = [
  '# weather', //                      0
  'w,site=a temp=21.5 1700000000', //  1
  'w,site=b temp= 1700000001', //      2  missing field value
  '', //                               3
  'w,site=c temp=22i 1700000002', //   4  type conflict (float first)
  'w,site=d temp=23.5 1700000003', //  5
].join('\n');

void describe('write diagnostics from a real InfluxDB 1.x', () => {
  let influx: Influxd | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd({});
    await influx.query('CREATE DATABASE diag');
  });
  after(() => influx?.stop());
  const need = (t: TestContext) => requirePrerequisite(t, influxdAvailable(), 'influxd (InfluxDB 1.x)', INFLUXD_FIX);
  const connection = () => {
    const { connections, problems } = readConnections([{ name: 'local', url: (influx as Influxd).url, target: 'v1', bucket: 'diag', precision: 's', gzip: true }]);
    assert.deepEqual(problems, []);
    return toWriteConnection(connections[0]);
  };

  void it('puts each rejected point on its line with the server reason and status, and keeps them through edits', async (t) => {
    if (!need(t)) return;
    const lines = DOC.split('\n');
    const report = await writeLineProtocol(DOC, connection(), { credentials: { kind: 'none' } });
    const problems = placeProblems(report, [], (line) => lines[line]);
    assert.deepEqual(
      problems.map((p) => [p.line, p.severity, p.code]),
      [
        [2, 'error', 400],
        [4, 'error', 400],
      ],
    );
    assert.match(problems[0].message, /^missing field value/);
    assert.match(problems[1].message, /^field type conflict \(found by the local checks: field 'temp' of measurement 'w' is float .*this line writes it as integer\)$/);
    // A line inserted at the top moves both; fixing line 2 (now 3) removes only its problem.
    const edited = ['# top', ...lines];
    const moved = applyChanges(problems, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }], (l) => edited[l]);
    assert.deepEqual(moved.map((p) => p.line), [3, 5]);
    edited[3] = 'w,site=b temp=1 1700000001';
    const fixed = applyChanges(moved, [{ range: { start: { line: 3, character: 14 }, end: { line: 3, character: 14 } }, text: '1' }], (l) => edited[l]);
    assert.deepEqual(fixed.map((p) => p.line), [5]);
  });

  void it('maps a selection write to the document lines', async (t) => {
    if (!need(t)) return;
    const lines = DOC.split('\n');
    const selection = lines.slice(2, 5).join('\n');
    const report = await writeLineProtocol(selection, connection(), { credentials: { kind: 'none' }, firstLine: 3 });
    assert.deepEqual(placeProblems(report, [], (line) => lines[line]).map((p) => [p.line, p.lineText]), [
      [2, lines[2]],
      [4, lines[4]],
    ]);
  });

  void it('shows one problem per bad line of each example, on that line, with the server\'s whole reason, never on a comment', async (t) => {
    if (!need(t)) return;
    const seen = new Map<string, string>();
    for (const file of readdirSync(EXAMPLES).filter((n) => n.endsWith('.lp')).sort()) {
      const db = `ex_${file.replace(/\W/g, '_')}`;
      await (influx as Influxd).query(`CREATE DATABASE ${db}`);
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      const lines = text.split('\n');
      const { connections } = readConnections([{ name: 'local', url: (influx as Influxd).url, target: 'v1', bucket: db, precision: 'ns' }]);
      const report = await writeLineProtocol(text, toWriteConnection(connections[0]), { credentials: { kind: 'none' } });
      const problems = placeProblems(report, [], (line) => lines[line]);
      // Exactly the rejected lines, each once, and nothing else (no notes about unmatched texts).
      assert.deepEqual(problems.map((p) => p.line + 1), report.rejected.map((r) => r.line), file);
      assert.equal(new Set(problems.map((p) => p.line)).size, problems.length, `${file}: a line has two problems`);
      for (const [k, problem] of problems.entries()) {
        assert.equal(problem.severity, 'error', file);
        assert.ok(!lines[problem.line].trimStart().startsWith('#'), `${file}: a problem on the comment at line ${problem.line + 1}`);
        assert.equal(problem.message, report.rejected[k].message, `${file}: the server's reason, whole`);
        assert.ok(!problem.message.endsWith('…'), file);
        seen.set(`${file}:${problem.line + 1}`, problem.message);
      }
    }
    // The two the issue names: the unclosed string of parse-errors.lp, and the time tag of reserved-names.lp.
    assert.equal(seen.get('parse-errors.lp:13'), 'unbalanced quotes');
    assert.equal(seen.get('reserved-names.lp:3'), 'invalid tag key: input tag "time" on measurement "weather" is invalid');
    assert.equal(seen.size, 2 + 6 + 1 + 2 + 1);
  });
});

