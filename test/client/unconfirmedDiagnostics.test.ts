import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WriteReport } from '../../core/src/write/index';
import { problemsFromReport } from '../../client/src/writeDiagnostics';

function report(partial: Partial<WriteReport>): WriteReport {
  return { requests: 1, written: 0, rejected: [], notSent: [], unconfirmed: [], warnings: [], ...partial };
}

void describe('unconfirmed lines as problems', () => {
  void it('one Information problem per run of lines with the same reason, on those lines', () => {
    const reason = 'no answer within 10000 ms';
    const problems = problemsFromReport(
      report({ unconfirmed: [2, 3, 4].map((line) => ({ line, endLine: line, dataLine: line - 1, reason })).concat([{ line: 9, endLine: 9, dataLine: 8, reason: 'connection closed' }]) })
    );
    assert.deepEqual(
      problems.map((p) => [p.line, p.endLine, p.severity, p.message]),
      [
        [1, 3, 'information', 'Unconfirmed: no answer within 10000 ms. The server may or may not have stored these lines.'],
        [8, 8, 'information', 'Unconfirmed: connection closed. The server may or may not have stored this line.'],
      ],
    );
  });

  void it('does not repeat a reason that already says it', () => {
    const reason = 'unconfirmed: the request with lines 2–7 was in flight when the write was cancelled; the server may or may not have stored these points';
    const [problem] = problemsFromReport(report({ unconfirmed: [{ line: 2, endLine: 2, dataLine: 1, reason }] }));
    assert.equal(problem.message, 'Unconfirmed: the request with lines 2–7 was in flight when the write was cancelled; the server may or may not have stored these points.');
  });
});
