/**
 * The write summary's truth (summary.ts): counts of data lines, not points; lines that rewrite the
 * point an earlier line wrote are named (the server keeps one point per series and timestamp:
 * ../shared/docs/write-api.md); a write that reached no server claims no request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WriteReport } from '../../core/src/write/index';
import { credentialsWaitMessage, findRewrites, rewritesSentence, summarize } from '../../client/src/summary';

function report(partial: Partial<WriteReport>): WriteReport {
  return { requests: 0, written: 0, rejected: [], notSent: [], unconfirmed: [], warnings: [], ...partial };
}

void describe('lines that rewrite a point', () => {
  void it('finds the tester\'s three lines of one series and timestamp, tags in any order', () => {
    const text = ['cpu,host=a,dc=x usage=1 1700000000', 'cpu,dc=x,host=a idle=2 1700000000', '# a comment', 'cpu,host=a,dc=x usage=3 1700000000'].join('\n');
    assert.deepEqual(findRewrites(text, 'v1', 1, new Set()), [
      { line: 2, of: 1 },
      { line: 4, of: 1 },
    ]);
  });

  void it('leaves out lines without a timestamp, other series or times, and lines that wrote nothing', () => {
    const text = ['cpu usage=1', 'cpu usage=2', 'cpu,host=b usage=1 5', 'cpu,host=a usage=1 5', 'mem,host=a usage=1 5', 'cpu,host=a usage=1 6', 'cpu,host=a usage=9 5'].join('\n');
    assert.deepEqual(findRewrites(text, 'v1', 1, new Set()), [{ line: 7, of: 4 }]);
    // Line 4 was rejected: line 7 writes the point first.
    assert.deepEqual(findRewrites(text, 'v1', 1, new Set([4])), []);
  });

  void it('numbers lines as the report does for a selection (firstLine)', () => {
    assert.deepEqual(findRewrites('m f=1 1\nm f=2 1\n', 'v3', 10, new Set()), [{ line: 11, of: 10 }]);
  });

  void it('says it in the summary with the lines, not "points"', () => {
    const s = summarize(report({ written: 3, requests: 1 }), "'l2'", [
      { line: 2, of: 1 },
      { line: 3, of: 1 },
    ]);
    assert.equal(s.text, "Wrote 3 lines to 'l2' in 1 request. Lines 2 and 3 rewrite the point of line 1: the server keeps one point per series and timestamp, later fields replacing earlier ones.");
    assert.equal(s.level, 'info');
    assert.equal(summarize(report({ written: 1, requests: 1 }), "'c'").text, "Wrote 1 line to 'c' in 1 request.");
  });

  void it('names several originals, and points to the log when there are many', () => {
    assert.match(rewritesSentence([{ line: 3, of: 1 }, { line: 4, of: 2 }]) ?? '', /^2 lines rewrite a point an earlier line wrote \(line 3 that of line 1, line 4 that of line 2\)/);
    const many = Array.from({ length: 8 }, (_, i) => ({ line: i + 2, of: 1 }));
    assert.match(rewritesSentence(many) ?? '', /^8 lines rewrite a point an earlier line wrote \(the first: line 2, that of line 1; all in the log\)/);
    assert.equal(rewritesSentence([]), undefined);
  });
});

void describe('a write that reached no server', () => {
  void it('claims no request and no "Wrote 0" after "Nothing was sent"', () => {
    const notSent = [1, 2, 3, 4].map((line) => ({ line, endLine: line, dataLine: line, reason: 'not sent' }));
    const s = summarize(report({ requests: 1, notSent, failure: { message: 'Cannot connect to http://localhost:9 (ECONNREFUSED): is the server running? Nothing was sent.' } }), "'dead2'");
    assert.equal(s.text, "The write stopped: Cannot connect to http://localhost:9 (ECONNREFUSED): is the server running? Nothing was sent. Nothing was written to 'dead2'. 4 lines not sent.");
    assert.doesNotMatch(s.text, /Wrote 0|in 1 request/);
    assert.equal(s.level, 'error');
  });

  void it('still counts the request when lines reached the server', () => {
    const s = summarize(report({ requests: 1, unconfirmed: [{ line: 1, endLine: 1, dataLine: 1, reason: 'cancelled while in flight' }], failure: { message: 'cancelled', cancelled: true } }), "'slow'");
    assert.match(s.text, /^Write cancelled\. Wrote 0 lines to 'slow' in 1 request\. 1 line unconfirmed/);
  });
});

void describe('the progress after a 401', () => {
  void it('says it waits for credentials, not for a request', () => {
    assert.equal(credentialsWaitMessage('l2'), "401 Unauthorized: waiting for the credentials of 'l2'");
    assert.doesNotMatch(credentialsWaitMessage('l2'), /request/);
  });
});
