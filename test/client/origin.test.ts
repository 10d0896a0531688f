import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OriginBoundCredentials, originOf, OriginError, secretKey, type SecretStore } from '../../client/src/origin';

/** An in-memory secret store that also records every key it was asked for. */
class MemorySecrets implements SecretStore {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}

void describe('originOf', () => {
  void it('makes the default port explicit and lower-cases scheme and host', () => {
    assert.equal(originOf('https://A.Example/api/v2'), 'https://a.example:443');
    assert.equal(originOf('HTTP://a.example'), 'http://a.example:80');
    assert.equal(originOf('https://a.example:443/'), 'https://a.example:443');
    assert.equal(originOf('http://localhost:8086'), 'http://localhost:8086');
    assert.equal(originOf('  http://127.0.0.1:8181/prefix?x=1 '), 'http://127.0.0.1:8181');
  });

  void it('keeps IPv6 brackets', () => {
    assert.equal(originOf('http://[::1]:8086'), 'http://[::1]:8086');
    assert.equal(originOf('https://[2001:db8::1]/'), 'https://[2001:db8::1]:443');
  });

  void it('refuses what is not an http(s) URL without credentials, saying what to do', () => {
    assert.throws(() => originOf('localhost:8086'), (e: unknown) => e instanceof OriginError && /http:\/\/ or https:\/\//.test(e.message));
    assert.throws(() => originOf('not a url'), (e: unknown) => e instanceof OriginError && /not a valid URL/.test(e.message));
    assert.throws(() => originOf('ftp://a.example'), OriginError);
    assert.throws(() => originOf('file:///etc/passwd'), OriginError);
    assert.throws(
      () => originOf('https://user:hunter2@a.example'),
      (e: unknown) => e instanceof OriginError && /user:password@/.test(e.message) && !e.message.includes('hunter2'),
    );
  });
});

void describe('secretKey', () => {
  void it('starts with the origin and keeps names apart, whatever characters they use', () => {
    const origin = 'https://a.example:443';
    assert.ok(secretKey(origin, 'prod').includes(origin));
    const keys = ['prod', 'prod#x', 'prod x', 'pröd', ''].map((name) => secretKey(origin, name));
    assert.equal(new Set(keys).size, keys.length);
    assert.notEqual(secretKey('https://a.example:443', 'p'), secretKey('https://a.example:8443', 'p'));
  });
});

void describe('OriginBoundCredentials', () => {
  const token = { kind: 'token', token: 'tok-123' } as const;

  void it('finds a token for the same origin, however the URL is spelt', async () => {
    const credentials = new OriginBoundCredentials(new MemorySecrets());
    await credentials.save({ name: 'prod', url: 'https://a.example' }, token);
    assert.deepEqual(await credentials.load({ name: 'prod', url: 'https://A.EXAMPLE:443/some/path' }), token);
  });

  void it('never hands a token to another origin (host, port or scheme changed by the workspace)', async () => {
    const credentials = new OriginBoundCredentials(new MemorySecrets());
    await credentials.save({ name: 'prod', url: 'https://a.example:443' }, token);
    for (const url of ['https://b.example', 'https://a.example:8443', 'http://a.example', 'https://a.example.evil.test', 'http://127.0.0.1:443']) {
      assert.equal(await credentials.load({ name: 'prod', url }), undefined, url);
    }
  });

  void it('refuses a stored record whose origin is not the connection\'s', async () => {
    const secrets = new MemorySecrets();
    const credentials = new OriginBoundCredentials(secrets);
    // A record for https://b.example planted under a.example's key (e.g. by a key collision).
    secrets.values.set(secretKey('https://a.example:443', 'prod'), JSON.stringify({ origin: 'https://b.example:443', credentials: token }));
    assert.equal(await credentials.load({ name: 'prod', url: 'https://a.example' }), undefined);
    secrets.values.set(secretKey('https://a.example:443', 'prod'), 'not json');
    assert.equal(await credentials.load({ name: 'prod', url: 'https://a.example' }), undefined);
    secrets.values.set(secretKey('https://a.example:443', 'prod'), JSON.stringify({ origin: 'https://a.example:443', credentials: { kind: 'token' } }));
    assert.equal(await credentials.load({ name: 'prod', url: 'https://a.example' }), undefined);
  });

  void it('keeps 1.x username/password and "no authentication", and clears them', async () => {
    const secrets = new MemorySecrets();
    const credentials = new OriginBoundCredentials(secrets);
    const basic = { kind: 'basic', username: 'admin', password: 'p@ss:word' } as const;
    await credentials.save({ name: 'v1', url: 'http://localhost:8086' }, basic);
    await credentials.save({ name: 'core', url: 'http://localhost:8181' }, { kind: 'none' });
    assert.deepEqual(await credentials.load({ name: 'v1', url: 'http://localhost:8086/' }), basic);
    assert.deepEqual(await credentials.load({ name: 'core', url: 'http://localhost:8181' }), { kind: 'none' });
    await credentials.clear({ name: 'v1', url: 'http://localhost:8086' });
    assert.equal(await credentials.load({ name: 'v1', url: 'http://localhost:8086' }), undefined);
    assert.equal(secrets.values.size, 1);
  });

  void it('keeps connections with the same origin but different names apart', async () => {
    const credentials = new OriginBoundCredentials(new MemorySecrets());
    await credentials.save({ name: 'a', url: 'http://localhost:8086' }, token);
    assert.equal(await credentials.load({ name: 'b', url: 'http://localhost:8086' }), undefined);
  });
});
