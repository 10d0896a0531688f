/** The commands run in process with an injected `CliIo`: same behaviour as the real executable. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BYTE_ORDER_MARK_MESSAGE } from '../../core/src/analysis/encoding';
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
    // The same diagnostics, after a note on line 1 that the mark is there (issue #10 item 7).
    assert.equal(check.stdout(), `a.lp:1:1: information byte-order-mark: ${BYTE_ORDER_MARK_MESSAGE}\n${plain.stdout()}`);
    const parse = memoryIo({}, pieces);
    assert.equal(await runCli(['parse', '--json', '-'], parse.io), 0);
    assert.match(parse.stdout(), /^\{"line":1,"dataLine":1,"ok":true,"measurement":"m",/);
  }
  const later = memoryIo({}, 'm f=1\n\uFEFFn f=1\n');
  assert.equal(await runCli(['parse', '--json', '-'], later.io), 0);
  assert.match(later.stdout(), /"measurement":"\uFEFFn"/);
});

const SCHEMA = [
  'cpu,host=a usage=1i 1700000000000000000',
  'cpu,host=b usage=2.5 1700000000000000001',
  'cpu,host=c host=3i 1700000000000000002',
  'cpu,time=x usage=4i 1700000000000000003',
  'cpu,host=d usage=5i 1700000000',
  '',
].join('\n');

void test('check runs the editor analysis in process: codes, related places, severities', async () => {
  const m = memoryIo({ 'a.lp': SCHEMA });
  assert.equal(await runCli(['check', '--target', 'oss-v2', '--format', 'json', 'a.lp'], m.io), 1);
  assert.equal(
    m.stdout(),
    '[\n' +
      '  {"file":"a.lp","line":2,"column":18,"endLine":2,"endColumn":21,"dataLine":2,"severity":"error","code":"field-type-conflict",' +
      '"message":"Field \'usage\' of measurement \'cpu\' is float here but integer earlier (line 1, which sets the type for the shard group starting 2023-11-13T00:00:00.000000000Z): ' +
      'InfluxDB OSS 2.x rejects the point. Write the value as integer (an integer with the i suffix, e.g. 1i).",' +
      '"related":[{"line":1,"column":12,"endLine":1,"endColumn":17,"message":"\'usage\' first written here, as a field of type integer"}]},\n' +
      '  {"file":"a.lp","line":4,"column":5,"endLine":4,"endColumn":9,"dataLine":4,"severity":"error","code":"ReservedTagKey",' +
      '"message":"cannot use reserved tag key \\"time\\". Rename the tag.","related":[]},\n' +
      '  {"file":"a.lp","line":5,"column":21,"endLine":5,"endColumn":31,"dataLine":5,"severity":"warning","code":"timestamp-precision",' +
      '"message":"Timestamp 1700000000 read as nanoseconds is 1970-01-01T00:00:01.700000000Z; it looks like seconds (2023-11-14T22:13:20.000000000Z). ' +
      'Set the write precision to s (--precision) or write the timestamp in nanoseconds.","related":[]}\n' +
      ']\n',
  );
  assert.equal(m.stderr(), '');
});

void test('check above --whole-file-limit: region by region, the same problems as the whole file, and a note on stderr', async () => {
  const m = memoryIo({ 'a.lp': ['cpu,host=a usage=1i 17000000', SCHEMA.slice('cpu,host=a usage=1i 17000000'.length)] });
  assert.equal(await runCli(['check', '--whole-file-limit', '0', 'a.lp'], m.io), 1);
  // At the limit (5 lines = 320 / 64, and fewer characters), the same file is read whole.
  assert.ok(SCHEMA.length <= 320);
  const whole = memoryIo({ 'a.lp': SCHEMA });
  assert.equal(await runCli(['check', '--whole-file-limit', '320', 'a.lp'], whole.io), 1);
  assert.match(whole.stdout(), /^a\.lp:2:18: error field-type-conflict: /);
  assert.equal(m.stdout(), whole.stdout());
  assert.match(whole.stderr(), /^lp check: 5 data lines in 1 file checked against v3: 3 errors, 1 warning\n$/);
  assert.equal(
    m.stderr(),
    'lp check: a.lp has more than 0 characters or 0 lines (--whole-file-limit), so it is checked region by region to bound memory, ' +
      'each region against the column facts of the ones before it: the same checks as a whole file.\n' +
      'lp check: 5 data lines in 1 file checked against v3: 3 errors, 1 warning\n',
  );
});

void test('check: warnings only exit 0, in either mode; each file is checked on its own', async () => {
  for (const limit of ['64M', '0']) {
    const m = memoryIo({ 'a.lp': 'cpu usage=1i 1700000000\n', 'b.lp': 'cpu usage=1.5 1700000000000000000\n' });
    assert.equal(await runCli(['check', '--whole-file-limit', limit, 'a.lp', 'b.lp'], m.io), 0, limit);
    // usage is integer in a.lp and float in b.lp: not a conflict, as two files open in the editor are not.
    assert.match(m.stdout(), /^a\.lp:1:14: warning timestamp-precision: [^\n]*\n$/);
    assert.match(m.stderr(), /2 data lines in 2 files checked against v3: 0 errors, 1 warning\n$/);
  }
});

void test('check: many short lines go region by region too (memory grows with the lines as well as the characters)', async () => {
  // 20 lines of 13 characters: far under 1K characters, but over 1K / 64 = 16 lines.
  const text = 'm f=1i 17000\n'.repeat(20);
  const m = memoryIo({ 'a.lp': text });
  assert.equal(await runCli(['check', '--whole-file-limit', '1K', 'a.lp'], m.io), 0);
  assert.match(m.stderr(), /^lp check: a\.lp has more than 1K characters or 16 lines \(--whole-file-limit\), so it is checked region by region/);
  const fewer = memoryIo({ 'a.lp': text.slice(0, 16 * 13) });
  assert.equal(await runCli(['check', '--whole-file-limit', '1K', 'a.lp'], fewer.io), 0);
  assert.equal(fewer.stderr(), 'lp check: 16 data lines in 1 file checked against v3: no problems\n');
});

void test('check: column limits per target (200 on Cloud Serverless, 250 on Dedicated), judged on the whole table', async () => {
  // 200 fields + time = 201 columns.
  const line = `wide ${Array.from({ length: 200 }, (_, i) => `f${i}=1i`).join(',')} 1700000000000000000\n`;
  const serverless = memoryIo({ 'w.lp': line });
  assert.equal(await runCli(['check', '--target', 'cloud-serverless', 'w.lp'], serverless.io), 1);
  assert.equal(
    serverless.stdout(),
    `w.lp:1:6: error column-limit: This line adds columns 'f0', 'f1', 'f2' and 197 more to table 'wide', which would then have 201 columns (time included): ` +
      'InfluxDB Cloud Serverless allows 200 per table and fails the whole write request, storing none of its lines. ' +
      'Write the other lines without this one, use fewer tags and fields, or split the measurement.\n',
  );
  const dedicated = memoryIo({ 'w.lp': line });
  assert.equal(await runCli(['check', '--target', 'cloud-dedicated', 'w.lp'], dedicated.io), 0);
  assert.equal(dedicated.stdout(), '');
  // Region by region, the same limit.
  const regions = memoryIo({ 'w.lp': line });
  assert.equal(await runCli(['check', '--target', 'cloud-serverless', '--whole-file-limit', '0', 'w.lp'], regions.io), 1);
  assert.equal(regions.stdout(), serverless.stdout());
  assert.match(regions.stderr(), /checked region by region/);
});
