/**
 * `lp check` and `lp write` on files whose bytes matter (issue #10 items 5 and 7, #9 §7), with the
 * real bundled CLI reading real files: a byte that is not UTF-8 is reported at its line and column,
 * an error for InfluxDB 3 and Cloud and a warning for 1.x and 2.x; a leading byte order mark gets an
 * information note on line 1; `lp write` leaves the mark out and says so.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/src/cli';
import { createNodeIo, type CliIo } from '../../cli/src/io';
import { runLp } from '../cli/builtCli';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';

interface JsonDiagnostic {
  line: number;
  column: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

let dir: string;
const path = (name: string): string => join(dir, name);
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'lp-bytes-cli-'));
  // Line 3, column 13: the Latin-1 'é' (0xE9); line 4, columns 10-11: two more such bytes.
  writeFileSync(
    path('latin1.lp'),
    Buffer.concat([Buffer.from('# météo\nm,t=a f="ok" 1\nm,t=b f="caf'), Buffer.from([0xe9]), Buffer.from('" 2\nm,t=c f="x'), Buffer.from([0xff, 0xfe]), Buffer.from('" 3\n')]),
  );
  writeFileSync(path('bom.lp'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('m f=1 1\nm f=2 2\n')]));
  writeFileSync(path('fffd.lp'), 'm f="a\uFFFD" 1\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function checkJson(file: string, target: string): Promise<{ status: number | null; diagnostics: JsonDiagnostic[] }> {
  const run = await runLp(['check', '--format', 'json', '--target', target, file]);
  return { status: run.status, diagnostics: JSON.parse(run.stdout) as JsonDiagnostic[] };
}

void describe('lp check on bytes that are not UTF-8', () => {
  for (const [target, severity, status] of [
    ['cloud-serverless', 'error', 1],
    ['cloud-dedicated', 'error', 1],
    ['clustered', 'error', 1],
    ['core', 'error', 1],
    ['enterprise', 'error', 1],
    ['oss-v2', 'warning', 0],
    ['v1', 'warning', 0],
  ] as const) {
    void it(`reports each at its line and column, as ${severity === 'error' ? 'an error' : 'a warning'} for ${target}`, async () => {
      const { status: exit, diagnostics } = await checkJson(path('latin1.lp'), target);
      assert.deepEqual(
        diagnostics.map((d) => [d.line, d.column, d.endColumn, d.severity, d.code]),
        [
          [3, 13, 14, severity, 'invalid-utf8'],
          [4, 11, 13, severity, 'invalid-utf8'],
        ],
      );
      assert.match(diagnostics[0].message, /^Byte 0xE9 is not valid UTF-8 \(in Latin-1, 0xE9 is 'é'\)/);
      assert.match(diagnostics[1].message, /^2 bytes from 0xFF on are not valid UTF-8/);
      if (severity === 'error') assert.match(diagnostics[0].message, /rejects a request whose body is not UTF-8 as a whole, so a write that sends this line fails for every line sent with it/);
      else assert.match(diagnostics[0].message, /stores the bytes as they are/);
      assert.equal(exit, status);
    });
  }

  void it('takes a real U+FFFD in the file for what it is (lp check reads the bytes)', async () => {
    const { status, diagnostics } = await checkJson(path('fffd.lp'), 'cloud-serverless');
    assert.deepEqual(diagnostics, []);
    assert.equal(status, 0);
  });

  void it('reads standard input as bytes too', async () => {
    let out = '';
    const io: CliIo = {
      ...createNodeIo(),
      stdout: { write: (s) => void (out += s) },
      stderr: { write: () => undefined },
      readStdin: async function* () {
        yield Buffer.from('m f="caf');
        yield Buffer.from([0xe9]);
        yield Buffer.from('" 1\n');
      },
    };
    assert.equal(await runCli(['check', '--target', 'v1', '-'], io), 0);
    assert.match(out, /^<stdin>:1:9: warning invalid-utf8: Byte 0xE9/);
  });
});

void describe('lp check and lp write on a file with a byte order mark', () => {
  void it('lp check notes it on line 1 and checks the text without it', async () => {
    const { status, diagnostics } = await checkJson(path('bom.lp'), 'cloud-serverless');
    assert.deepEqual(diagnostics.map((d) => [d.line, d.column, d.severity, d.code]), [[1, 1, 'information', 'byte-order-mark']]);
    assert.match(diagnostics[0].message, /leave it out, but the servers keep it as part of the first measurement name when the file is sent as it is \(curl, 'influx write'\)/);
    assert.equal(status, 0);
  });

  void it('lp write leaves it out (the first measurement is m) and says so', async () => {
    let fake: FakeInflux | undefined;
    try {
      fake = await startFakeInflux({ product: 'cloud-serverless' });
      const run = await runLp(['write', path('bom.lp'), '--url', fake.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org', '--no-gzip']);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(fake.store.lines, ['m f=1 1', 'm f=2 2']);
      assert.match(run.stderr, /lp write: note: .*bom\.lp: The file starts with a byte order mark \(U\+FEFF\)\. Write to Bucket and lp write leave it out/);
    } finally {
      await fake?.close();
    }
  });
});

void describe('lp write with bytes that are not UTF-8', () => {
  void it('to Cloud: lists the lines left out with the reason, writes the others, exit 2', async () => {
    const fake = await startFakeInflux({ product: 'cloud-serverless' });
    try {
      const run = await runLp(['write', path('latin1.lp'), '--url', fake.url, '--target', 'cloud-serverless', '--bucket', 'bucket', '--org', 'org']);
      assert.equal(run.status, 2, run.stderr);
      assert.deepEqual(fake.store.lines, ['m,t=a f="ok" 1']);
      assert.match(run.stdout, /latin1\.lp:3: not sent: byte 0xE9 on line 3 is not valid UTF-8, and InfluxDB Cloud Serverless rejects a request whose body is not UTF-8 as a whole/);
      assert.match(run.stdout, /latin1\.lp:4: not sent: byte 0xFF on line 4/);
      assert.match(run.stdout, /1 line\(s\) written, 0 rejected, 2 not sent/);
    } finally {
      await fake.close();
    }
  });

  void it('to 2.x: sends the bytes as they are and notes it', async () => {
    const fake = await startFakeInflux({ product: 'oss-v2' });
    try {
      const run = await runLp(['write', path('latin1.lp'), '--url', fake.url, '--target', 'oss-v2', '--bucket', 'bucket', '--org', 'org', '--no-gzip']);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(fake.requests.length, 1);
      assert.ok(fake.requests[0].bytes.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'caf + 0xE9 sent');
      assert.ok(fake.requests[0].bytes.includes(Buffer.from([0xff, 0xfe])));
      assert.match(run.stderr, /note: .*latin1\.lp holds 3 byte\(s\) that are not valid UTF-8: they were sent as they are/);
    } finally {
      await fake.close();
    }
  });
});
