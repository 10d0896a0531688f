/** The commands run in process with an injected `CliIo`: same behaviour as the real executable. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { BufferedWriter } from '../../cli/src/output';
import { memoryIo } from './memoryIo';

void test('parse reads pieces of standard input and writes JSON Lines', async () => {
  const m = memoryIo({}, ['m,t=a f=1', 'i 17\n# c\nn g="x', '\ny"\n']);
  assert.equal(await runCli(['parse', '--json', '-'], m.io), 0);
  assert.equal(
    m.stdout(),
    '{"line":1,"dataLine":1,"ok":true,"measurement":"m","tags":[["t","a"]],"fields":[["f",{"type":"integer","value":"1"}]],"timestamp":"17"}\n' +
      '{"line":3,"dataLine":2,"ok":true,"measurement":"n","tags":[],"fields":[["g",{"type":"string","value":"x\\ny"}]],"timestamp":null}\n',
  );
  assert.equal(m.stderr(), '');
});

void test('check reports an unreadable file on stderr and still checks the rest', async () => {
  const m = memoryIo({ 'a.lp': 'm f=1\nm f=\n' }, '', { LP_TARGET: 'oss-v2' });
  assert.equal(await runCli(['check', 'gone.lp', 'a.lp'], m.io), 2);
  assert.match(m.stdout(), /^a\.lp:2:\d+: error \w+: /);
  assert.match(m.stderr(), /^lp check: cannot read 'gone\.lp': no such file \(ENOENT\)\./);
  assert.match(m.stderr(), /2 data lines in 1 file checked against oss-v2: 1 error, 0 warnings\n$/);
});

void test('lp write is dispatched to the writer', async () => {
  const m = memoryIo({});
  assert.equal(await runCli(['write', '--help'], m.io), 0);
  assert.match(m.stdout(), /^Usage: lp write /);
});

void test('BufferedWriter batches writes and waits until the consumer has taken them', async () => {
  const received: string[] = [];
  const releases: (() => void)[] = [];
  const writer = new BufferedWriter({
    write: (text) => {
      received.push(text);
      return new Promise<void>((resolve) => releases.push(resolve));
    },
  });
  for (let i = 0; i < 10_000; i++) writer.write('0123456789');
  // 100,000 characters: one batch went out at 64 KiB, the rest is held until drain.
  assert.equal(received.length, 1);
  let drained = false;
  const drain = writer.drain().then(() => (drained = true));
  assert.equal(received.length, 2);
  assert.equal(received.join(''), '0123456789'.repeat(10_000));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(drained, false, 'drain must wait for the consumer');
  for (const release of releases) release();
  await drain;
  assert.equal(drained, true);
});

void test('parse and check drop a leading byte order mark (as the editor and lp write do) and keep a later one', async () => {
  const plain = memoryIo({ 'a.lp': 'm f=1\nm f=\n' });
  assert.equal(await runCli(['check', 'a.lp'], plain.io), 1);
  for (const pieces of [['\uFEFFm f=1\nm f=\n'], ['\uFEFF', 'm f=1\nm f=\n'], ['', '\uFEFFm f=1\n', 'm f=\n']]) {
    const check = memoryIo({ 'a.lp': pieces });
    assert.equal(await runCli(['check', 'a.lp'], check.io), 1);
    assert.equal(check.stdout(), plain.stdout());
    const parse = memoryIo({}, pieces);
    assert.equal(await runCli(['parse', '--json', '-'], parse.io), 0);
    assert.match(parse.stdout(), /^\{"line":1,"dataLine":1,"ok":true,"measurement":"m",/);
  }
  const later = memoryIo({}, 'm f=1\n\uFEFFn f=1\n');
  assert.equal(await runCli(['parse', '--json', '-'], later.io), 0);
  assert.match(later.stdout(), /"measurement":"\uFEFFn"/);
});
