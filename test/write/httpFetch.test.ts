/** fetchTrusting (Node's HTTP client as the pipeline's fetch) on its own, against a real local server. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fetchTrusting } from '../../core/src/write/node/httpFetch';

void describe('fetchTrusting', () => {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      if (request.url === '/none') {
        response.writeHead(204, { 'x-seen': String(request.headers['x-test']) });
        response.end();
        return;
      }
      response.writeHead(400, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end(JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8'), method: request.method }));
    });
  });
  let url = '';
  before(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  const fetch = fetchTrusting(undefined);

  void it('posts a body and hands back status, headers and the body', async () => {
    const response = await fetch(new URL(`${url}/echo`), { method: 'POST', body: 'm f=1', headers: { 'content-type': 'text/plain' } });
    assert.equal(response.status, 400);
    assert.equal(response.headers.get('retry-after'), '3');
    assert.deepEqual(await response.json(), { echo: 'm f=1', method: 'POST' });
    const bytes = await fetch(`${url}/echo`, { method: 'POST', body: new TextEncoder().encode('é f=1') });
    assert.equal(((await bytes.json()) as { echo: string }).echo, 'é f=1');
  });

  void it('gives a 204 without a body', async () => {
    const response = await fetch(`${url}/none`, { method: 'POST', headers: { 'x-test': 'yes' } });
    assert.equal(response.status, 204);
    assert.equal(response.body, null);
    assert.equal(response.headers.get('x-seen'), 'yes');
  });

  void it('refuses a header with a line break without quoting its value', async () => {
    const error = (await fetch(`${url}/none`, { method: 'POST', headers: { authorization: 'Token abc\nsecret-part' } }).catch((e: unknown) => e)) as TypeError & { cause?: { code?: string; message?: string } };
    assert.equal(error.cause?.code, 'ERR_INVALID_CHAR');
    assert.ok(!JSON.stringify([error.message, error.cause?.message]).includes('secret-part'));
  });

  void it('rejects with the abort reason once aborted, and before any connection with NOT_CONNECTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fetch(`${url}/none`, { method: 'POST', signal: controller.signal }), { name: 'AbortError' });
    const early = new AbortController();
    const pending = fetch(`${url}/none`, { method: 'POST', signal: early.signal });
    early.abort();
    const error = (await pending.catch((e: unknown) => e)) as { cause?: { code?: string } };
    assert.equal(error.cause?.code, 'ERR_LP_NOT_CONNECTED');
  });
});
