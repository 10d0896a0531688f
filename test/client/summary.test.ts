import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WriteReport } from '../../core/src/write/index';
import { count, progressMessage, requestLogLine, seconds, summarize, waitMessage } from '../../client/src/summary';

function report(partial: Partial<WriteReport>): WriteReport {
  return { requests: 0, written: 0, rejected: [], notSent: [], unconfirmed: [], warnings: [], ...partial };
}

void describe('summary texts', () => {
  void it('counts with en-US grouping and singular/plural', () => {
    assert.equal(count(1, 'point'), '1 point');
    assert.equal(count(12480, 'point'), '12,480 points');
    assert.equal(count(0, 'line'), '0 lines');
  });

  void it('says how much was written, in how many requests', () => {
    const s = summarize(report({ written: 12480, requests: 3 }), "'local'");
    assert.deepEqual(s, { level: 'info', text: "Wrote 12,480 lines to 'local' in 3 requests.", hasProblems: false });
  });

  void it('adds rejected and not-sent counts as a warning', () => {
    const s = summarize(
      report({
        written: 12480,
        requests: 3,
        rejected: [
          { line: 4, endLine: 4, dataLine: 3, message: 'bad', status: 400 },
          { line: 9, endLine: 9, dataLine: 8, message: 'bad', status: 400 },
        ],
        notSent: [{ line: 10, endLine: 10, dataLine: 9, reason: 'cancelled' }],
      }),
      "'local'",
    );
    assert.equal(s.level, 'warning');
    assert.equal(s.hasProblems, true);
    assert.equal(s.text, "Wrote 12,480 lines to 'local' in 3 requests. 2 lines rejected. 1 line not sent.");
  });

  void it('leads with the failure (an error) or the cancellation (a warning)', () => {
    const failed = summarize(report({ requests: 1, notSent: [{ line: 1, endLine: 1, dataLine: 1, reason: 'x' }], failure: { status: 404, message: "Bucket 'b' not found." } }), "'c'");
    assert.equal(failed.level, 'error');
    assert.equal(failed.text, "The write stopped: Bucket 'b' not found. Nothing was written to 'c'. 1 line not sent.");
    const cancelled = summarize(report({ written: 5000, requests: 1, notSent: [{ line: 5001, endLine: 5001, dataLine: 5001, reason: 'cancelled' }], failure: { message: 'cancelled', cancelled: true } }), "'c'");
    assert.equal(cancelled.level, 'warning');
    assert.match(cancelled.text, /^Write cancelled\. Wrote 5,000 lines/);
  });

  void it('says "Write cancelled" with the counts, the request in flight unconfirmed, never only "Wrote N points"', () => {
    const s = summarize(
      report({
        written: 0,
        requests: 1,
        unconfirmed: [1, 2, 3].map((line) => ({ line, endLine: line, dataLine: line, reason: 'cancelled while the request was in flight' })),
        notSent: [{ line: 4, endLine: 4, dataLine: 4, reason: 'cancelled' }],
        failure: { message: 'cancelled', cancelled: true },
      }),
      "'slow'",
    );
    assert.equal(s.level, 'warning');
    assert.equal(s.hasProblems, true);
    assert.equal(s.text, "Write cancelled. Wrote 0 lines to 'slow' in 1 request. 3 lines unconfirmed (sent without an answer read: the server may or may not have stored them). 1 line not sent.");
  });

  void it('ends in separate sentences when the failure message has no full stop (no run-on "…retries Wrote 0 points")', () => {
    const s = summarize(report({ requests: 6, notSent: [{ line: 1, endLine: 1, dataLine: 1, reason: 'x' }], failure: { message: 'the server was busy (429): gave up after 5 retries' } }), "'c'");
    assert.equal(s.text, "The write stopped: the server was busy (429): gave up after 5 retries. Nothing was written to 'c'. 1 line not sent.");
  });

  void it('says what a retry waits for', () => {
    assert.equal(waitMessage({ reason: 'Server busy (429)', delayMs: 8000, attempt: 2, maxAttempts: 5 }), 'Server busy (429): retrying in 8 s (attempt 2 of 5)');
    assert.equal(waitMessage({ reason: 'No answer (timeout)', delayMs: 1530, attempt: 3, maxAttempts: 6 }), 'No answer (timeout): retrying in 1.5 s (attempt 3 of 6)');
    assert.equal(seconds(30_400), '30 s');
  });

  void it('appends the report warnings', () => {
    const s = summarize(report({ written: 1, requests: 1, warnings: ['More than 100 errors: listing stops at line 250.'] }), "'c'");
    assert.equal(s.level, 'warning');
    assert.equal(s.text, "Wrote 1 line to 'c' in 1 request. More than 100 errors: listing stops at line 250.");
  });

  void it('writes progress with and without a known total', () => {
    assert.equal(progressMessage({ linesDone: 12480, linesTotal: 50000, requests: 3 }), '12,480 of 50,000 lines (3 requests)');
    assert.equal(progressMessage({ linesDone: 1, requests: 1 }), '1 line (1 request)');
  });

  void it('logs a request with status, size, duration and retries', () => {
    assert.equal(
      requestLogLine({ url: 'http://127.0.0.1:8086/write?db=x', status: 204, bytes: 1288490, lines: 5000, durationMs: 85.4, retries: 0 }),
      'POST http://127.0.0.1:8086/write?db=x → 204, 5,000 lines, 1.2 MiB, 85 ms',
    );
    assert.equal(
      requestLogLine({ url: 'http://h/x', status: undefined, bytes: 10, lines: 1, durationMs: 30000, retries: 2, error: 'timed out' }),
      'POST http://h/x → no response, 1 line, 10 B, 30,000 ms, retry 2, timed out',
    );
  });
});
