/**
 * The agent tools' core (core/src/tools): validation is the editor's analysis for the product,
 * bounded and one line per problem; a write result names the four outcomes and never a credential.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { formatWriteResult, toolSettings, ToolInputError, validateLineProtocol } from '../../core/src/tools/index';
import { writeLineProtocol } from '../../core/src/write/index';
import { startFakeInflux } from '../support/fakeInflux/server';
import { connectionTo } from '../write/helpers';

/** A fixed clock: 2024-01-01T00:00:00Z, so that the timestamps below are recent and in range. */
const NOW = 1_704_067_200_000_000_000n;
const now = (): bigint => NOW;

const CONFLICT = ['cpu,host=a usage=1.5 1704067100000000000', 'cpu,host=b usage="high" 1704067150000000000', ''].join('\n');

void describe('validateLineProtocol', () => {
  void it('reports a type conflict on its line, with the data-line count and a summary first', () => {
    const result = validateLineProtocol({ text: CONFLICT, target: 'cloud-serverless' }, { now });
    assert.equal(result.dataLines, 2);
    assert.equal(result.counts.error, 1);
    const [summary, first] = result.text.split('\n');
    assert.match(summary, /^2 data lines checked against InfluxDB Cloud Serverless \(target cloud-serverless, precision ns\): 1 error, 0 warnings\./);
    assert.match(first, /^line 2, column \d+: error field-type-conflict: /);
  });

  void it('gives the same problems as the editor analysis for the same product and precision', () => {
    for (const target of ['v1', 'oss-v2', 'cloud-serverless', 'core'] as const) {
      const text = 'm,t=1 f=1i 1704067100000000000\nm,t=1 t=2i 1704067100000000001\nm f="x" 1704067100000000002\nbad line\nm f=1 17040671\n';
      const result = validateLineProtocol({ text, target, precision: 'ns' }, { now });
      const editor = new DocumentAnalysis(text, toolSettings(target, 'ns'), { now }).diagnostics();
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.severity, p.code, p.message]),
        editor.map((d) => [d.range.start.line + 1, d.range.start.character + 1, d.severity, d.code, d.message]),
        target,
      );
      assert.ok(result.problems.length >= 2, `${target}: ${result.text}`);
    }
  });

  void it('says "no problems" for clean text', () => {
    const result = validateLineProtocol({ text: 'cpu,host=a usage=1.5 1704067100000000000\n' }, { now });
    assert.equal(result.text, '1 data line checked against InfluxDB Cloud Serverless (target cloud-serverless, precision ns): no problems.');
  });

  void it('reads timestamps with the precision given', () => {
    const text = 'cpu usage=1 1704067100\n';
    assert.ok(validateLineProtocol({ text, precision: 's' }, { now }).problems.length === 0);
    assert.ok(validateLineProtocol({ text, precision: 'ns' }, { now }).problems.some((p) => p.code === 'timestamp-precision'));
  });

  void it('shows the first N problems and counts the rest', () => {
    const text = Array.from({ length: 30 }, (_, i) => `bad${i}`).join('\n');
    const result = validateLineProtocol({ text }, { now, maxProblems: 5 });
    const lines = result.text.split('\n');
    assert.equal(lines.length, 1 + 5 + 1);
    assert.equal(lines[6], '… and 25 more problems not shown: fix these and validate again.');
    assert.equal(result.problems.length, 30);
  });

  void it('refuses an unknown target or precision with what to give instead', () => {
    assert.throws(() => validateLineProtocol({ text: '', target: 'v9' }), (e: unknown) => e instanceof ToolInputError && /Use one of: cloud-serverless, .*v1/.test(e.message));
    assert.throws(() => validateLineProtocol({ text: '', precision: 'h' }), (e: unknown) => e instanceof ToolInputError && /Use one of: ns, us, ms, s/.test(e.message));
  });

  void it('uses the default target given (the active connection in the editor)', () => {
    const result = validateLineProtocol({ text: 'm,_measurement=x f=1\n' }, { now, defaultTarget: 'oss-v2' });
    assert.equal(result.product, 'oss-v2');
  });
});

void describe('formatWriteResult', () => {
  const token = 'sentinel-token-4f1d9c';

  void it('names written and rejected lines with the server reason, never the token', async (t) => {
    // The in-repo server answers as OSS 2.x does (write-api.md §3): a partial write, 400 naming the line.
    const server = await startFakeInflux({ product: 'oss-v2', bucket: 'db', token });
    t.after(() => server.close());
    const text = 'cpu usage=1 1704067100000000000\ncpu usage="x" 1704067100000000001\ncpu usage=2 1704067100000000002\n';
    const credentials = { kind: 'token', token } as const;
    const report = await writeLineProtocol(text, connectionTo(server.url, 'oss-v2', { bucket: 'db' }), { credentials });
    const out = formatWriteResult(report, { url: server.url, product: 'oss-v2', bucket: 'db' }, { credentials });
    const lines = out.split('\n');
    assert.match(lines[0], /^Wrote 2 of 3 data lines \(InfluxDB OSS 2\.x at http:\/\/127\.0\.0\.1:\d+\/?, bucket 'db'\): 1 rejected, 0 not sent, 0 unconfirmed, in \d+ requests?\.$/);
    assert.match(lines[1], /^rejected line 2: .*field type conflict: .*"usage".* \(HTTP 422\)$/);
    assert.ok(!out.includes(token));
  });

  void it('reports not sent and unconfirmed lines in runs, the failure, and scrubs a token echoed by anything', () => {
    const credentials = { kind: 'token', token } as const;
    const out = formatWriteResult(
      {
        requests: 2,
        written: 1,
        rejected: [],
        notSent: [
          { line: 3, endLine: 3, dataLine: 2, reason: `not sent: the server answered 401 for ${token}` },
          { line: 4, endLine: 4, dataLine: 3, reason: `not sent: the server answered 401 for ${token}` },
        ],
        unconfirmed: [{ line: 5, endLine: 5, dataLine: 4, reason: 'unconfirmed: no answer within 30000 ms' }],
        warnings: [],
        failure: { status: 401, message: `Authentication failed (${token}).` },
      },
      { name: 'local', url: 'http://localhost:8086', product: 'oss-v2', bucket: 'b' },
      { credentials, source: 'data.lp' },
    );
    assert.ok(!out.includes(token), out);
    assert.match(out, /^Wrote 1 of 4 data lines from data\.lp \(connection 'local', InfluxDB OSS 2\.x at http:\/\/localhost:8086\/?, bucket 'b'\): 0 rejected, 2 not sent, 1 unconfirmed, in 2 requests\./);
    assert.match(out, /\nThe write failed: Authentication failed \(\[redacted\]\)\./);
    assert.match(out, /\nnot sent lines 3-4: not sent: the server answered 401 for \[redacted\]\n/);
    assert.match(out, /\nunconfirmed line 5: unconfirmed: no answer within 30000 ms$/);
    assert.match(out, /may or may not have stored them/);
  });

  void it('bounds the list of lines', () => {
    const rejected = Array.from({ length: 10 }, (_, i) => ({ line: i + 1, endLine: i + 1, dataLine: i + 1, message: 'bad', status: 400 }));
    const out = formatWriteResult({ requests: 1, written: 0, rejected, notSent: [], unconfirmed: [], warnings: [] }, { url: 'http://h:1', product: 'v1', bucket: 'db' }, { credentials: { kind: 'none' }, maxLines: 3 });
    assert.equal(out.split('\n').length, 1 + 3 + 1);
    assert.match(out, /… and 7 more entries not shown\.$/);
  });

  void it('names every physical line of a point whose string value spans lines', () => {
    const rejected = [{ line: 5, endLine: 7, dataLine: 2, message: 'bad', status: 400 }];
    const notSent = [
      { line: 8, endLine: 8, dataLine: 3, reason: 'not sent: stop' },
      { line: 9, endLine: 10, dataLine: 4, reason: 'not sent: stop' },
    ];
    const out = formatWriteResult({ requests: 1, written: 0, rejected, notSent, unconfirmed: [], warnings: [] }, { url: 'http://h:1', product: 'v1', bucket: 'db' }, { credentials: { kind: 'none' } });
    assert.match(out, /\nrejected lines 5-7: bad \(HTTP 400\)\n/);
    assert.match(out, /\nnot sent lines 8-10: not sent: stop$/);
  });
});
