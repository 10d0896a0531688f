/**
 * The built server started as the extension starts it: forked with the IPC transport and the fork
 * options of client/src/languageClient.ts (messages copied with V8's serializer, not JSON). Every
 * kind of message the editor exchanges with it must give the same answers as over the in-process
 * streams: a value the serializer cannot copy, or one it copies differently from JSON, would
 * show here.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureServerBundle } from '../support/bundles';
import { MemoryRequest } from '../../protocol/src/protocol';
import { TestClient, type Settings } from './client';

const T = 1700000000000000000n;
const TEXT = [
  `cpu,host=a usage=1.5,n=1i ${T}`,
  `cpu,host=b usage=2i ${T + 1n}`,
  'weather\\ station,site=north\\ pole temp=1.5,note="a \\"q\\"" 1700000000',
  `mem free=1u,free=2u ${T + 2n}`,
  `m f=1\r`,
  'bad line',
  '',
].join('\n');

let extension: TestClient;
let inProcess: TestClient;
const settings: Settings = { target: 'cloud-serverless' };

before(async () => {
  ensureServerBundle();
  extension = await TestClient.start({ spawnBuilt: 'extension', settings, resolveCodeActions: true });
  inProcess = await TestClient.start({ settings, resolveCodeActions: true });
});

after(async () => {
  await extension.dispose();
  await inProcess.dispose();
});

/** The same call on both servers: the answers must be equal (and are returned). */
async function both<T>(call: (c: TestClient) => Promise<T>): Promise<T> {
  const [a, b] = await Promise.all([call(extension), call(inProcess)]);
  assert.deepEqual(a, b);
  return a;
}

void test('over the extension transport the server answers every request as over in-process streams', async () => {
  const uri = 'file:///transport.lp';
  const opened = await both((c) => c.open(uri, TEXT));
  assert.deepEqual(
    opened.map((d) => d.code),
    ['field-type-conflict', 'timestamp-precision', 'duplicate-field', 'crlf', 'FieldSetMissing'],
  );
  assert.ok(opened[0].relatedInformation?.length === 1, 'related information crosses too');
  const hover = await both((c) => c.hover(uri, { line: 2, character: 40 }));
  assert.ok(hover !== null);
  assert.ok((await both((c) => c.completion(uri, { line: 0, character: 4 }))).length > 0);
  const actions = await both((c) => c.codeActions(uri, opened[0].range, [opened[0]]));
  assert.ok(actions.length > 0);
  const fixAll = await both((c) => c.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']));
  if (fixAll.length > 0) await both((c) => c.resolveCodeAction(fixAll[0]));
  assert.ok((await both((c) => c.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } }))).length > 0);
  assert.ok((await both((c) => c.symbols(uri))).length > 0);
  const changed = await both((c) => c.change(uri, 2, [{ range: { start: { line: 1, character: 17 }, end: { line: 1, character: 19 } }, text: '2.5' }]));
  assert.equal(changed.some((d) => d.code === 'field-type-conflict'), false);
  // A settings change: didChangeConfiguration, then workspace/configuration asked again.
  const reread = await both((c) => c.changeSettings({ target: 'v1' }, uri));
  assert.ok(reread.some((d) => typeof d.message === 'string' && d.message.includes('InfluxDB 1.x')));
  assert.deepEqual(await both((c) => c.close(uri)), []);
  const memory = await extension.connection.sendRequest(MemoryRequest);
  assert.ok(memory.heapUsed > 0 && memory.rss > 0);
});
