import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asPrecision, checkName, checkUrl, defaultUrl, describeConnection, findActive, readConnections, resolveCaFile, settingEntry, toWriteConnection } from '../../client/src/connections';
import { PRODUCTS } from '../../core/src/products';
import { credentialProblem, credentialPrompt, credentialsFromInput, validateCredentialInput } from '../../client/src/credentialInput';

void describe('readConnections', () => {
  void it('fills the target defaults and keeps what is set', () => {
    const { connections, problems } = readConnections([
      { name: 'local', url: 'http://localhost:8086', target: 'v1', bucket: 'db' },
      { name: 'cloud', url: 'https://eu.example', target: 'cloud-serverless', bucket: 'b', org: 'o', precision: 's', gzip: false, batchLines: 100, batchBytes: 1000, timeoutSeconds: 2.5 },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(connections[0], {
      name: 'local', url: 'http://localhost:8086', target: 'v1', bucket: 'db', org: undefined, precision: undefined, gzip: true, batchLines: 5000, batchBytes: 4 * 1024 * 1024, timeoutSeconds: 30, caFile: undefined,
    });
    // Without its own precision, a connection writes with the file's (influxLineProtocol.precision).
    assert.equal(toWriteConnection(connections[0]).precision, 'ns');
    assert.equal(toWriteConnection(connections[0], 's').precision, 's');
    assert.equal(toWriteConnection(connections[1], 'ms').precision, 's', 'the connection\'s own precision wins');
    assert.equal(asPrecision('us'), 'us');
    assert.equal(asPrecision('h'), undefined);
    assert.deepEqual(toWriteConnection(connections[1]), {
      url: 'https://eu.example', product: 'cloud-serverless', bucket: 'b', org: 'o', precision: 's', gzip: false, batchLines: 100, batchBytes: 1000, timeoutMs: 2500, maxRetries: 5, maxRetryTimeMs: 120_000,
    });
  });

  void it('caps batchBytes at what the target accepts in one body', () => {
    const { connections } = readConnections([{ name: 'c', url: 'http://h:8181', target: 'core', bucket: 'db', batchBytes: 100 * 1024 * 1024 }]);
    assert.equal(connections[0].batchBytes, 10 * 1024 * 1024);
  });

  void it('says which entry is unusable and why, and keeps the others', () => {
    const { connections, problems } = readConnections([
      'x',
      { url: 'http://h' },
      { name: 'a', target: 'v1', bucket: 'db' },
      { name: 'b', url: 'ftp://h', target: 'v1', bucket: 'db' },
      { name: 'c', url: 'http://h', target: 'influx', bucket: 'db' },
      { name: 'd', url: 'http://h', target: 'oss-v2', bucket: 'b' },
      { name: 'e', url: 'http://h', target: 'v1' },
      { name: 'f', url: 'http://h', target: 'v1', bucket: 'db', precision: 'h' },
      { name: 'ok', url: 'http://h', target: 'v1', bucket: 'db' },
      { name: 'ok', url: 'http://other', target: 'v1', bucket: 'db' },
    ]);
    assert.deepEqual(connections.map((c) => c.url), ['http://h']);
    assert.equal(problems.length, 9);
    assert.match(problems[0], /connections\[0\] is not an object/);
    assert.match(problems[1], /connections\[1\] has no "name"/);
    assert.match(problems[2], /'a' has no "url"/);
    assert.match(problems[3], /'b'.*http:\/\/ or https:\/\//);
    assert.match(problems[4], /'c' has no valid "target" \(got "influx"\)/);
    assert.match(problems[5], /'d' writes to InfluxDB OSS 2.x, which needs an "org"/);
    assert.match(problems[6], /'e' has no "bucket": give the database/);
    assert.match(problems[7], /'f' has an unknown "precision" "h"/);
    assert.match(problems[8], /'ok' is defined twice/);
  });

  void it('ignores a token or password put into the settings, and says to move it to the secret storage', () => {
    const { connections, problems } = readConnections([{ name: 'c', url: 'http://h', target: 'v1', bucket: 'db', token: 'tok-secret', password: 'pw-secret' }]);
    assert.equal(connections.length, 1);
    assert.ok(!JSON.stringify(connections).includes('secret'), 'the credential is not carried along');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^Connection 'c' has "token" and "password" in the settings.*Set Token or Password/);
    assert.ok(!problems[0].includes('tok-secret') && !problems[0].includes('pw-secret'));
  });

  void it('takes no setting as no connections, and a non-array as a problem', () => {
    assert.deepEqual(readConnections(undefined), { connections: [], problems: [] });
    assert.equal(readConnections({ name: 'x' }).problems.length, 1);
  });
});

void describe('findActive', () => {
  const { connections } = readConnections([
    { name: 'a', url: 'http://a', target: 'v1', bucket: 'db' },
    { name: 'b', url: 'http://b', target: 'v1', bucket: 'db' },
  ]);
  void it('uses the named connection, or the only one', () => {
    assert.equal(findActive(connections, 'b').connection?.name, 'b');
    assert.equal(findActive(connections.slice(0, 1), '').connection?.name, 'a');
    assert.deepEqual(findActive(connections, undefined), { connection: undefined, problem: undefined });
  });
  void it('says when the name matches no connection', () => {
    const found = findActive(connections, 'zz');
    assert.equal(found.connection, undefined);
    assert.match(found.problem ?? '', /names 'zz', but no connection has that name/);
  });
});

void describe('URL and name checks', () => {
  void it('warns about plain http beyond this machine only', () => {
    assert.equal(checkUrl('http://localhost:8086'), undefined);
    assert.equal(checkUrl('http://127.0.0.1:8086'), undefined);
    assert.equal(checkUrl('http://[::1]:8086'), undefined);
    assert.equal(checkUrl('https://eu.example'), undefined);
    assert.equal(checkUrl('http://db.example:8086')?.severity, 'warning');
    assert.equal(checkUrl('localhost:8086')?.severity, 'error');
  });
  void it('wants a new, non-empty name', () => {
    assert.match(checkName(' ', []) ?? '', /Give the connection a name/);
    assert.match(checkName('a ', ['a']) ?? '', /exists already/);
    assert.equal(checkName('b', ['a']), undefined);
  });
});

void describe('a new connection from the walkthrough', () => {
  void it('suggests a URL every target can use as is', () => {
    for (const target of PRODUCTS) assert.equal(checkUrl(defaultUrl(target))?.severity, undefined, target);
  });
  void it('saves only what was chosen, never a credential, and no org where the target sends none', () => {
    assert.deepEqual(settingEntry({ name: ' local ', url: 'http://localhost:8086', target: 'v1', bucket: 'db', org: 'ignored' }), {
      name: 'local', url: 'http://localhost:8086', target: 'v1', bucket: 'db',
    });
    const entry = settingEntry({ name: 'c', url: 'https://h', target: 'oss-v2', bucket: 'b', org: 'o', precision: 's' });
    assert.deepEqual(entry, { name: 'c', url: 'https://h', target: 'oss-v2', bucket: 'b', org: 'o', precision: 's' });
    assert.deepEqual(readConnections([entry]).problems, []);
  });
  void it("saves the column-family answer of Enterprise and InfluxDB 3 Cloud as it was given, and none for Core (issue 13 §3)", () => {
    for (const [target, columnFamilies] of [['enterprise', true], ['enterprise', false], ['influxdb3-cloud', true], ['influxdb3-cloud', false]] as const) {
      const entry = settingEntry({ name: 'c', url: 'https://h', target, bucket: 'db', columnFamilies });
      assert.deepEqual(entry, { name: 'c', url: 'https://h', target, bucket: 'db', columnFamilies }, target);
      const read = readConnections([entry]);
      assert.deepEqual([read.problems, read.connections[0].columnFamilies], [[], columnFamilies], target);
    }
    // Core stores by Parquet only: an answer it was never asked would be a setting it refuses.
    assert.deepEqual(settingEntry({ name: 'c', url: 'https://h', target: 'core', bucket: 'db', columnFamilies: true }), { name: 'c', url: 'https://h', target: 'core', bucket: 'db' });
  });
  void it('describes where a connection writes', () => {
    const { connections } = readConnections([{ name: 'c', url: 'https://H.example/x', target: 'oss-v2', bucket: 'b', org: 'o' }]);
    assert.equal(describeConnection(connections[0]), "bucket 'b' (org 'o') at https://h.example:443 · InfluxDB OSS 2.x");
  });
  void it('never shows a secret of a URL that fails the checks', () => {
    // Settings read through readConnections refuse such URLs; a connection built otherwise may hold one.
    const [connection] = readConnections([{ name: 'c', url: 'https://h.example', target: 'v1', bucket: 'b' }]).connections;
    for (const url of ['ftp://admin:s3cret@h.example', 'https://admin:s3cret@h.example:99999', 'h.example?token=s3cret']) {
      const shown = describeConnection({ ...connection, url });
      assert.ok(!shown.includes('s3cret'), shown);
    }
  });
});

void describe('credential input', () => {
  void it('reads a token, username:password for 1.x, and empty as no authentication', () => {
    assert.deepEqual(credentialsFromInput('cloud-serverless', ' tok_123== '), { kind: 'token', token: 'tok_123==' });
    assert.deepEqual(credentialsFromInput('v1', 'admin:p@ss: word'), { kind: 'basic', username: 'admin', password: 'p@ss: word' });
    assert.deepEqual(credentialsFromInput('core', ''), { kind: 'none' });
    assert.deepEqual(credentialsFromInput('v1', '  '), { kind: 'none' });
  });
  void it('refuses what cannot be right, without repeating the input', () => {
    assert.equal(credentialsFromInput('v1', 'justaword'), undefined);
    assert.equal(credentialsFromInput('v1', ':pw'), undefined);
    assert.equal(credentialsFromInput('oss-v2', 'two words'), undefined);
    const message = validateCredentialInput('oss-v2', 'secret words') ?? '';
    assert.match(message, /no spaces/);
    assert.ok(!message.includes('secret'));
    assert.equal(validateCredentialInput('v1', 'u:p'), undefined);
  });
  void it('names the origin the secret is bound to and why it is asked', () => {
    const p = credentialPrompt('v1', 'http://localhost:8086', 'local', 'The server answered 401 Unauthorized.');
    assert.match(p.prompt, /^The server answered 401 Unauthorized\. Username and password for http:\/\/localhost:8086, as username:password\..*only ever sent to http:\/\/localhost:8086/);
    assert.match(credentialPrompt('core', 'http://h:8181', 'c').prompt, /^API token for http:\/\/h:8181/);
  });
});

void describe('a connection\'s caFile', () => {
  void it('is read as set, and a value that is not a path is refused', () => {
    const { connections, problems } = readConnections([
      { name: 'tls', url: 'https://influx.internal:8086', target: 'v1', bucket: 'db', caFile: 'certs/ca.pem' },
      { name: 'bad', url: 'https://h', target: 'v1', bucket: 'db', caFile: 42 },
    ]);
    assert.equal(connections[0].caFile, 'certs/ca.pem');
    assert.deepEqual(problems, ['Connection \'bad\' has a "caFile" that is not a path: give the PEM file\'s path as a string.']);
  });

  void it('is found in the home folder, the workspace folder, or where an absolute path says', () => {
    assert.equal(resolveCaFile('~/ca.pem', '/home/me', '/ws'), '/home/me/ca.pem');
    assert.equal(resolveCaFile('certs/ca.pem', '/home/me', '/ws/'), '/ws/certs/ca.pem');
    assert.equal(resolveCaFile('/etc/ssl/ca.pem', '/home/me', '/ws'), '/etc/ssl/ca.pem');
    assert.equal(resolveCaFile('C:\\certs\\ca.pem', '/home/me', '/ws'), 'C:\\certs\\ca.pem');
    assert.equal(resolveCaFile('ca.pem', '/home/me', undefined), undefined);
  });
});

void describe('credentials with control characters', () => {
  // A sentinel: if any message repeated the secret, this would show up in it.
  const sentinel = 'SENTINEL-token-7f3a\nX-Injected: 1';
  void it('are refused, with a message that does not contain them', () => {
    const problem = credentialProblem({ kind: 'token', token: sentinel });
    assert.ok(problem !== undefined);
    assert.ok(!problem.includes('SENTINEL') && !problem.includes('Injected'), problem);
    const basic = credentialProblem({ kind: 'basic', username: 'u', password: 'p\u0000w' });
    assert.ok(basic !== undefined && !basic.includes('p\u0000w'));
    assert.equal(credentialProblem({ kind: 'token', token: 'apiv3_abc' }), undefined);
    assert.equal(credentialProblem({ kind: 'basic', username: 'admin', password: 'pass word' }), undefined);
    assert.equal(credentialProblem({ kind: 'none' }), undefined);
  });

  void it('are refused in the input box, whose message never repeats the input', () => {
    assert.equal(credentialsFromInput('oss-v2', 'tok\u0007en'), undefined);
    assert.equal(credentialsFromInput('v1', 'admin:pa\tss'), undefined);
    const message = validateCredentialInput('v1', 'admin:SENTINEL\r\n');
    assert.ok(message !== undefined && !message.includes('SENTINEL'), message);
    assert.match(message, /control character/);
  });
});
