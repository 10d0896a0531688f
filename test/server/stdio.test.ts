/**
 * The bundled server as any LSP client starts it: `node dist/server.js --stdio`, built first with
 * scripts/build.mjs, then driven over its standard input and output.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureServerBundle } from '../support/bundles';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { brief, TestClient } from './client';

let client: TestClient;

before(async () => {
  ensureServerBundle();
  client = await TestClient.start({ spawnBuilt: true, settings: { target: 'core' } });
});

after(async () => {
  await client.dispose();
});

void test('the built server answers over stdio: diagnostics, a change, hover', async () => {
  const uri = 'file:///stdio.lp';
  const d = await client.open(uri, 'cpu,host=a usage=1.5 1700000000000000000\ncpu usage=1.5,usage=2 1700000000000000001\n');
  assert.deepEqual(d.map(brief), [
    ['duplicate-field', '1:14-1:21', 1, "Field 'usage' appears more than once: InfluxDB 3 Core rejects the line (\"multiple instances of 'usage' field found\"). Remove the duplicate."],
  ]);
  const fixed = await client.change(uri, 2, [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 21 } }, text: '' }]);
  assert.deepEqual(fixed, []);
  const h = await client.hover(uri, { line: 0, character: 1 });
  assert.match((h?.contents as MarkupContent).value, /^\*\*measurement\*\* `cpu`: 2 points, first on line 1/);
});
