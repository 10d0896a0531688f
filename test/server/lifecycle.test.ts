/**
 * An open document's life in the server (server/src/diagnostics.ts): an edit that throws does not
 * leave the document failing every later request, settings compare themselves, and the delay
 * before publishing follows the cost of the last check. The clock and timers are injected: these
 * tests count what the server asked for, never how long anything took.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { CHEAP_CHECK_MS, sameSettings, type DiagnosticsRuntime } from '../../server/src/diagnostics';
import { DEFAULT_DIAGNOSTICS_DELAY } from '../../protocol/src/protocol';
import { TestClient } from './client';

const insertAt = (line: number, text: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text });

/** Makes the next `applyChange` throw, before or after it replaced the text (a bug in parsing or in re-checking). */
function failNextChange(when: 'before' | 'after'): () => void {
  // The original is put back with its own `this` (apply below), never called unbound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = DocumentAnalysis.prototype.applyChange;
  let armed = true;
  DocumentAnalysis.prototype.applyChange = function (this: DocumentAnalysis, ...args: Parameters<DocumentAnalysis['applyChange']>): void {
    if (!armed) return original.apply(this, args);
    armed = false;
    if (when === 'after') original.apply(this, args);
    throw new Error(`injected failure ${when} the text was replaced`);
  };
  return () => {
    DocumentAnalysis.prototype.applyChange = original;
  };
}

void describe('a change that throws', () => {
  for (const when of ['before', 'after'] as const) {
    void test(`(${when} its text was replaced) does not poison later requests: the analysis is rebuilt from the text`, async () => {
      const client = await TestClient.start();
      const restore = failNextChange(when);
      try {
        const uri = `file:///throwing-${when}.lp`;
        assert.deepEqual(await client.open(uri, 'm f=1\n'), []);
        const afterFailure = await client.change(uri, 2, [insertAt(1, 'bad\n')]);
        assert.deepEqual(afterFailure.map((d) => [d.code, d.range.start.line]), [['ExpectedSpace', 1]]);
        const hover = await client.hover(uri, { line: 0, character: 0 });
        assert.ok(hover !== null, 'hover still answers');
        const later = await client.change(uri, 3, [insertAt(2, 'm f="x"\n')]);
        assert.deepEqual(later.map((d) => [d.code, d.range.start.line]), [
          ['ExpectedSpace', 1],
          ['field-type-conflict', 2],
        ]);
      } finally {
        restore();
        await client.dispose();
      }
    });
  }
});

void test('settings compare every field, without a hand-written list', () => {
  const a = resolveSettings({ target: 'v1', precision: 's' }, []);
  assert.equal(sameSettings(a, resolveSettings({ target: 'v1', precision: 's' }, [])), true);
  assert.equal(sameSettings(a, resolveSettings({ target: 'v1', precision: 'ms' }, [])), false);
  assert.equal(sameSettings(a, { ...a, inlayTimestamps: !a.inlayTimestamps }), false);
  assert.equal(sameSettings(a, { ...a, aFieldAddedLater: 1 } as typeof a), false);
});

/** Real timers at 0 ms (the tests wait on publications, not on time); the delays asked for are recorded. */
function countingRuntime(checkCostMs: number): DiagnosticsRuntime & { readonly delays: number[] } {
  let now = 0;
  const delays: number[] = [];
  return {
    delays,
    // Each check reads the clock before and after: it appears to take `checkCostMs`.
    now: () => (now += checkCostMs),
    setTimeout: (run, ms) => {
      delays.push(ms);
      return setTimeout(run, 0);
    },
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

void describe('the delay before publishing follows the cost of the last check', () => {
  const cases = [
    { name: 'a cheap check is published at once', cost: CHEAP_CHECK_MS / 5, delay: 0 },
    { name: 'a costly check waits for more edits', cost: CHEAP_CHECK_MS * 5, delay: DEFAULT_DIAGNOSTICS_DELAY },
  ];
  for (const { name, cost, delay } of cases) {
    void test(name, async () => {
      const runtime = countingRuntime(cost);
      const client = await TestClient.start({ diagnosticsDelay: 'adaptive', diagnosticsRuntime: runtime });
      try {
        const uri = `file:///adaptive-${delay}.lp`;
        assert.deepEqual(await client.open(uri, 'm f=1\n'), []);
        const published = await client.change(uri, 2, [insertAt(1, 'bad\n')]);
        assert.deepEqual(published.map((d) => d.code), ['ExpectedSpace']);
        assert.deepEqual(runtime.delays, [0, delay], 'opened at once, then the edit');
      } finally {
        await client.dispose();
      }
    });
  }
});
