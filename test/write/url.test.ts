/** The one server-URL check that the write endpoint and the credential origin share. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originOf } from '../../client/src/origin';
import { ConnectionError, writeUrl } from '../../core/src/write/endpoint';
import { defaultConnectionLimits } from '../../core/src/write/limits';
import { checkServerUrl, shownUrl } from '../../core/src/write/url';

function problem(url: string): string {
  const checked = checkServerUrl(url);
  assert.equal(checked.ok, false, url);
  return checked.ok ? '' : checked.message;
}

/** The message each caller throws for a URL. */
function thrown(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  assert.fail('did not throw');
}

const BAD = [
  'not a url',
  'localhost:8086',
  'ftp://a.example',
  'file:///etc/passwd',
  'https://user:hunter2@a.example',
  'https://:hunter2@a.example',
  'http://admin:hunter2@a.example:99999',
  'admin:hunter2@localhost:8086',
  'ftp://admin:hunter2@a.example',
  'htp://a.example/?token=hunter2',
  'http://u:hun?ter2@a.example',
  'http://u:hunter2#x@a.example',
];

void describe('checkServerUrl', () => {
  void it('takes an absolute http(s) URL and gives it back parsed', () => {
    const checked = checkServerUrl('https://A.example:8443/prefix?x=1');
    assert.ok(checked.ok);
    assert.equal(checked.url.host, 'a.example:8443');
    assert.equal(checked.url.pathname, '/prefix');
  });

  void it('says what is wrong, shows the URL and what to do', () => {
    assert.match(problem('not a url'), /^The server URL 'not a url' is not a valid URL: give the server's address, e\.g\. http:\/\/localhost:8086/);
    assert.match(problem('localhost:8086'), /^The server URL 'localhost:8086' must start with http:\/\/ or https:\/\/ \(it starts with 'localhost:'\): give e\.g\. /);
    assert.match(problem('ftp://a.example'), /'ftp:\/\/a\.example' must start with http:\/\/ or https:\/\/ \(it starts with 'ftp:'\)/);
    assert.match(problem('https://user:hunter2@a.example'), /^The server URL 'https:\/\/…@a\.example' contains user:password@: remove it from the URL/);
  });

  void it('never echoes a password or a token, whatever else is wrong', () => {
    for (const url of BAD) {
      const message = problem(url);
      assert.ok(!message.includes('hunter2') && !message.includes('hun') && !message.includes('ter2'), `${url}: ${message}`);
    }
  });

  void it('gives the same message from originOf and writeUrl', () => {
    const connection = { product: 'v1', bucket: 'db', precision: 'ns', ...defaultConnectionLimits('v1') } as const;
    for (const url of BAD) {
      assert.throws(() => writeUrl({ ...connection, url }), ConnectionError);
      assert.equal(thrown(() => originOf(url)), problem(url), url);
      assert.equal(thrown(() => writeUrl({ ...connection, url })), problem(url), url);
    }
  });
});

void describe('shownUrl', () => {
  void it('leaves a plain URL as typed', () => {
    assert.equal(shownUrl('http://localhost:8086/influx'), 'http://localhost:8086/influx');
    assert.equal(shownUrl('not a url'), 'not a url');
  });

  void it('cuts out user:password@, the query and the fragment', () => {
    assert.equal(shownUrl('https://u:p@a.example/x'), 'https://…@a.example/x');
    assert.equal(shownUrl('https://u:p@ss@a.example'), 'https://…@a.example');
    assert.equal(shownUrl('u:p@a.example'), '…@a.example');
    assert.equal(shownUrl('htp://a.example/write?db=x&token=t'), 'htp://a.example/write?…');
    assert.equal(shownUrl('htp://a.example/#t'), 'htp://a.example/?…');
  });
});
