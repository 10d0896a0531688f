/** `lp write --json`: a `failure` object when the write failed, none when it did not. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { memoryIo } from '../cli/memoryIo';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';

const TOKEN = 'json-failure-token-2b8c';

void describe('lp write --json failure', () => {
  let server: FakeInflux;
  before(async () => (server = await startFakeInflux({ product: 'cloud-serverless', token: TOKEN })));
  after(() => server.close());

  const write = async (bucket: string): Promise<{ status: number; json: Record<string, unknown>; stderr: string }> => {
    const m = memoryIo({ 'data.lp': 'm f=1 1\nm f=2 2\n' }, '', { TOK: TOKEN });
    const status = await runCli(['write', 'data.lp', '--url', server.url, '--target', 'cloud-serverless', '--bucket', bucket, '--org', 'org', '--token-env', 'TOK', '--json'], m.io);
    return { status, json: JSON.parse(m.stdout()) as Record<string, unknown>, stderr: m.stderr() };
  };

  void it('names the failure with its message and status', async () => {
    const { status, json, stderr } = await write('nope');
    assert.equal(status, 1);
    const failure = json.failure as { message: string; status: number };
    assert.deepEqual(Object.keys(failure), ['message', 'status']);
    assert.equal(failure.status, 404);
    assert.match(failure.message, /^The server answered 404 Not Found for bucket 'nope' in org 'org'/);
    assert.ok(stderr.includes(failure.message), 'the same message as on stderr');
    assert.ok(!JSON.stringify(json).includes(TOKEN));
  });

  void it('has no failure key when the write went through', async () => {
    const { status, json } = await write('bucket');
    assert.equal(status, 0);
    assert.deepEqual(Object.keys(json), ['requests', 'written', 'rejected', 'notSent', 'unconfirmed']);
  });
});
