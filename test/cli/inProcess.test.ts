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
