/** Endpoints, parameters and auth headers per product (write-api.md §1). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { authorization, ConnectionError, redactUrl, writeUrl } from '../../core/src/write/endpoint';
import { defaultConnectionLimits } from '../../core/src/write/limits';
import type { Connection } from '../../core/src/write/types';
import { PRODUCTS, PROFILES, type Product } from '../../core/src/products';

function connection(product: Product, extra: Partial<Connection> = {}): Connection {
  return { url: 'http://127.0.0.1:8086', product, bucket: 'b', org: 'o', precision: 'us', ...defaultConnectionLimits(product), ...extra };
}

void describe('write endpoints', () => {
  void it('uses each product endpoint and precision names', () => {
    assert.equal(writeUrl(connection('cloud-serverless')).toString(), 'http://127.0.0.1:8086/api/v2/write?org=o&bucket=b&precision=us');
    assert.equal(writeUrl(connection('cloud-dedicated', { org: undefined })).toString(), 'http://127.0.0.1:8086/api/v2/write?bucket=b&precision=us');
    assert.equal(writeUrl(connection('core')).toString(), 'http://127.0.0.1:8086/api/v3/write_lp?db=b&precision=microsecond&accept_partial=true');
    assert.equal(writeUrl(connection('oss-v2')).toString(), 'http://127.0.0.1:8086/api/v2/write?org=o&bucket=b&precision=us');
    // 1.6.7 treats `us` as nanoseconds: the letter `u` is what it understands.
    assert.equal(writeUrl(connection('v1')).toString(), 'http://127.0.0.1:8086/write?db=b&precision=u');
    assert.equal(writeUrl(connection('v1', { precision: 'ns' })).searchParams.get('precision'), 'n');
  });

  void it('keeps a path prefix and encodes names', () => {
    assert.equal(writeUrl(connection('v1', { url: 'http://127.0.0.1:1/influx/', bucket: 'my db&x' })).toString(), 'http://127.0.0.1:1/influx/write?db=my+db%26x&precision=u');
  });

  void it('refuses credentials in the URL, a missing org, a bad scheme', () => {
    assert.throws(() => writeUrl(connection('v1', { url: 'http://u:secret@127.0.0.1:8086' })), (e: Error) => e instanceof ConnectionError && !e.message.includes('secret'));
    assert.throws(() => writeUrl(connection('cloud-serverless', { org: undefined })), /needs an organisation/);
    assert.throws(() => writeUrl(connection('v1', { url: 'ftp://127.0.0.1' })), /http:\/\//);
  });

  void it('builds Token, Bearer and Basic headers', () => {
    assert.equal(authorization(connection('oss-v2'), { kind: 'token', token: 't' }), 'Token t');
    assert.equal(authorization(connection('core'), { kind: 'token', token: 't' }), 'Bearer t');
    assert.equal(authorization(connection('v1'), { kind: 'basic', username: 'ü', password: 'p' }), `Basic ${Buffer.from('ü:p').toString('base64')}`);
    assert.equal(authorization(connection('v1'), { kind: 'none' }), undefined);
  });

  void it('redacts credentials from URLs', () => {
    assert.equal(redactUrl('http://a:b@127.0.0.1/write?db=x&p=secret'), 'http://127.0.0.1/write?db=x&p=REDACTED');
  });

  void it('has default batches that fit every product body limit', () => {
    for (const product of PRODUCTS) {
      const limits = defaultConnectionLimits(product);
      assert.ok(limits.batchBytes < PROFILES[product].maxBodyBytes, product);
      assert.ok(limits.batchLines > 0 && limits.maxRetries > 0 && limits.timeoutMs > 0);
    }
  });
});
