/**
 * Large documents are checked in two parts at once, the tail in the server's analysis worker (a
 * worker thread running the server's own bundle, dist/server.js). Over the real protocol, the
 * diagnostics must be exactly those of a server that checks everything on its own thread, before
 * and after edits; and a worker that cannot start must cost nothing but the speed.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { ensureServerBundle } from '../support/bundles';
import { partCut } from '../../core/src/analysis/parts';
import { resolveSettings } from '../../core/src/analysis/settings';
import { AnalysisWorker } from '../../server/src/analysisWorker';
import { MemoryRequest } from '../../protocol/src/protocol';
import { TestClient } from './client';

const NOW = 1700000000000000000n;

/**
 * About 60 KB of points with type conflicts, tag/field clashes and duplicates on both sides of
 * the middle (where the document is cut), parse errors, and a quoted string over two lines.
 */
function document(stringAtMiddle: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < 600; i++) {
    const ts = NOW + BigInt(i);
    if (i % 97 === 0) lines.push(`cpu,host=h${i % 5} usage=${i}i ${ts}`);
    else if (i % 89 === 0) lines.push(`cpu,usage=t v=1 ${ts}`);
    else if (i % 83 === 0) lines.push(`mem free=1u,free=2.5 ${ts}`);
    else if (i % 79 === 0) lines.push(`broken line ${i}`);
    else if (i % 71 === 0) lines.push(`mem,host=x note="first\nsecond" ${ts}`);
    else lines.push(`cpu,host=h${i % 5},region=eu\\ west usage=${i}.5,idle=${i % 7}i,note="n${i}" ${ts}`);
  }
  let text = lines.join('\n') + '\n';
  if (stringAtMiddle) {
    // A string that spans the line break where the document is cut: the parts cannot be joined.
    const mid = text.indexOf('\n', text.length >> 1);
    text = `${text.slice(0, mid)},s="a${text.slice(mid, mid + 1)}b"${text.slice(mid + 1)}`;
    assert.ok(text.slice(0, partCut(text)).endsWith(',s="a\n'), 'the cut falls inside the string');
  }
  return text;
}

let parallel: TestClient;
let oneThread: TestClient;

before(async () => {
  ensureServerBundle();
  // Every document goes through the worker, however small.
  parallel = await TestClient.start({ spawnBuilt: true, parallelOpenMinChars: 1, settings: { maxDiagnostics: 100000 } });
  oneThread = await TestClient.start({ settings: { maxDiagnostics: 100000 } });
});

after(async () => {
  await parallel.dispose();
  await oneThread.dispose();
});

for (const stringAtMiddle of [false, true]) {
  void test(`a document checked in two threads gets the diagnostics of one${stringAtMiddle ? ' (a string spans the cut: checked in one pass after all)' : ''}`, async () => {
    const uri = `file:///parallel-${stringAtMiddle}.lp`;
    const text = document(stringAtMiddle);
    const expected = await oneThread.open(uri, text);
    const codes = new Set(expected.map((d) => d.code));
    for (const code of ['field-type-conflict', 'tag-field-conflict', 'duplicate-field']) assert.ok(codes.has(code), `the document has ${code}`);
    // Conflicts after the middle whose first occurrence is before it.
    const lines = text.split('\n').length;
    assert.ok(expected.some((d) => d.code === 'field-type-conflict' && d.range.start.line > lines / 2 && d.relatedInformation![0].location.range.start.line < lines / 2));
    assert.deepEqual(await parallel.open(uri, text), expected);
    // An edit at the top flips a fact that the tail's lines were checked against.
    const edit = { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `cpu usage="s" ${NOW}\n` };
    const changed = await oneThread.change(uri, 2, [edit]);
    assert.notDeepEqual(changed, expected);
    assert.deepEqual(await parallel.change(uri, 2, [edit]), changed);
    assert.deepEqual(await parallel.close(uri), []);
    await oneThread.close(uri);
  });
}

void test('the memory report counts the analysis worker once it runs', async () => {
  const memory = await parallel.connection.sendRequest(MemoryRequest);
  assert.ok(typeof memory.workerHeapUsed === 'number' && memory.workerHeapUsed > 0, JSON.stringify(memory));
});

void test('a worker that cannot start leaves the document checked on the server thread, with a note in the log', async () => {
  const client = await TestClient.start({ analysisWorkerScript: resolve('test/fixtures/no-such-worker.js'), parallelOpenMinChars: 1, settings: { maxDiagnostics: 100000 } });
  try {
    const uri = 'file:///no-worker.lp';
    const text = document(false);
    const expected = await oneThread.open(uri, text);
    assert.deepEqual(await client.open(uri, text), expected);
    assert.ok(client.logs.some((l) => l.startsWith("The analysis worker failed; checking the document on the server's thread instead")), client.logs.join('\n'));
    await oneThread.close(uri);
  } finally {
    await client.dispose();
  }
});

void test('an idle analysis worker is stopped, and the next large document starts a new one', async () => {
  const client = await TestClient.start({ analysisWorkerScript: ensureServerBundle(), analysisWorkerIdleMs: 300, parallelOpenMinChars: 1, settings: { maxDiagnostics: 100000 } });
  try {
    const text = document(false);
    const expected = await oneThread.open('file:///idle.lp', text);
    const memory = () => client.connection.sendRequest(MemoryRequest);
    assert.equal((await memory()).workerStarts, 0, 'no worker before the first large document');
    assert.deepEqual(await client.open('file:///idle.lp', text), expected);
    await client.close('file:///idle.lp');
    assert.equal((await memory()).workerStarts, 1);
    // Stopped once idle (polled: the stop comes from a timer in the server).
    const deadline = Date.now() + 10_000;
    while ((await memory()).workerHeapUsed !== undefined) {
      assert.ok(Date.now() < deadline, 'the idle worker was not stopped within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.deepEqual(await client.open('file:///idle.lp', text), expected);
    assert.equal((await memory()).workerStarts, 2, 'a new worker for the next large document');
    assert.deepEqual(client.logs.filter((l) => l.includes('analysis worker failed')), []);
    await oneThread.close('file:///idle.lp');
  } finally {
    await client.dispose();
  }
});

void test('a worker stopped while the next one starts fails none of the new one\'s work', async () => {
  const worker = new AnalysisWorker(ensureServerBundle());
  const settings = resolveSettings({});
  const text = document(false);
  try {
    const first = await worker.analyze(text, settings, NOW);
    // The stop is asynchronous: the old thread exits while the new one already has work.
    worker.dispose();
    const again = await worker.analyze(text, settings, NOW);
    assert.equal(again.chunks.length, first.chunks.length);
    assert.deepEqual(again.facts, first.facts);
    assert.equal(worker.starts, 2);
  } finally {
    worker.dispose();
  }
});
