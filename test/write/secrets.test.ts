/** Credentials refused where a header cannot carry them, and scrubbed from every text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialProblem, REDACTED, Scrubber } from '../../core/src/write/secrets';

void describe('credentialProblem', () => {
  void it('refuses a control character in a token, username or password without quoting it', () => {
    for (const credentials of [
      { kind: 'token', token: 'abc\ndef' },
      { kind: 'token', token: 'abc\tdef' },
      { kind: 'token', token: 'abc\x7f' },
      { kind: 'basic', username: 'u\r', password: 'pw' },
      { kind: 'basic', username: 'u', password: 'p\nw' },
    ] as const) {
      const problem = credentialProblem(credentials);
      assert.match(problem ?? '', /contains a control character .* Nothing was sent/);
      assert.ok(!(problem ?? '').includes('abc') && !(problem ?? '').includes('p\nw'));
    }
    assert.equal(credentialProblem({ kind: 'token', token: 'a-normal_token==' }), undefined);
    assert.equal(credentialProblem({ kind: 'basic', username: 'user', password: 'pässword' }), undefined);
    assert.equal(credentialProblem({ kind: 'none' }), undefined);
  });
});

void describe('Scrubber', () => {
  void it('removes a token, its JSON-escaped form and each piece between control characters', () => {
    const scrubber = new Scrubber();
    const token = 'first-half-TOKEN\nsecond-half-TOKEN';
    scrubber.add({ kind: 'token', token });
    assert.equal(scrubber.scrub(`Headers.append: "Token ${token}" is an invalid header value.`), `Headers.append: "Token ${REDACTED}" is an invalid header value.`);
    assert.equal(scrubber.scrub(JSON.stringify({ h: `Token ${token}` })), `{"h":"Token ${REDACTED}"}`);
    assert.equal(scrubber.scrub('saw second-half-TOKEN only'), `saw ${REDACTED} only`);
  });

  void it('removes a password and the Basic header built from it', () => {
    const scrubber = new Scrubber();
    scrubber.add({ kind: 'basic', username: 'writer', password: 'hunter2-long' });
    const header = `Basic ${btoa('writer:hunter2-long')}`;
    assert.equal(scrubber.scrub(`bad ${header} and hunter2-long`), `bad Basic ${REDACTED} and ${REDACTED}`);
    assert.equal(scrubber.scrub('writer wrote'), 'writer wrote', 'a username is not a secret');
  });

  void it('replaces a very short secret only where it stands alone, keeping messages readable', () => {
    const scrubber = new Scrubber();
    scrubber.add({ kind: 'token', token: 't' });
    scrubber.add({ kind: 'basic', username: 'u', password: 'pw' });
    assert.equal(scrubber.scrub('the timeout (token t) for pw, pwd'), `the timeout (token ${REDACTED}) for ${REDACTED}, pwd`);
  });
});
