/**
 * Bytes are never rewritten by a write (issue #9 §7): a file with a byte that is not UTF-8 is sent
 * with that exact byte where the server stores bytes (a REAL InfluxDB 1.6.7, queried back as CSV,
 * which Go writes byte for byte), and where the server refuses a body that is not UTF-8 whole
 * (InfluxDB 3, Cloud: the in-repo fake answers as line-protocol.md §2 says) the lines holding such
 * bytes are not sent, each with the reason, and the others are written; nothing is stored with U+FFFD.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Product } from '../../core/src/products';
import { writeLineProtocol } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { readFileBytes, readTextFile } from '../../core/src/write/node/file';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { INFLUXD_FIX, influxdAvailable, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';
import { connectionTo } from '../write/helpers';

const none = { kind: 'none' } as const;
const E9 = Buffer.from([0xe9]);
const REPLACEMENT = Buffer.from('\uFFFD', 'utf8');

/** Line 2 holds a Latin-1 'é' (0xE9) in a string value; the other lines are UTF-8 (one with a real 'é'). */
function latin1File(measurement: string): Buffer {
  return Buffer.concat([
    Buffer.from(`# a comment\n${measurement},host=a s="café" 1700000000\n${measurement},host=b s="caf`),
    E9,
    Buffer.from(`" 1700000001\n${measurement},host=c s="plain" 1700000002\n`),
  ]);
}

const dir = mkdtempSync(join(tmpdir(), 'lp-bytes-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
function fileWith(content: Buffer): string {
  const path = join(dir, `f${files++}.lp`);
  writeFileSync(path, content);
  return path;
}

/**
 * Both readers: the file as bytes (what \`lp write\` and the Explorer's write use: never decoded) and
 * as text keeping its bytes (a document whose saved bytes are written, client/src/savedBytes.ts).
 */
const READERS = [
  { name: 'read as bytes', read: readFileBytes },
  { name: 'read as text', read: readTextFile },
] as const;

for (const reader of READERS) {
  void describe(`a byte that is not UTF-8, written to a real InfluxDB 1.x (${reader.name})`, () => {
    let influx: Influxd | undefined;
    before(async () => {
      if (!influxdAvailable()) return;
      influx = await startInfluxd();
      await influx.query('CREATE DATABASE db');
    });
    after(() => influx?.stop());
    const need = (t: TestContext): boolean => requirePrerequisite(t, influxdAvailable(), 'influxd (InfluxDB 1.x)', INFLUXD_FIX);

    /** The stored values as CSV bytes: Go's encoding/json would itself turn the byte into U+FFFD. */
    const storedCsv = async (measurement: string): Promise<Buffer> => {
      const params = new URLSearchParams({ db: 'db', q: `SELECT s FROM "${measurement}"` });
      const response = await fetch(`${(influx as Influxd).url}/query?${params.toString()}`, { headers: { accept: 'application/csv' } });
      assert.equal(response.status, 200);
      return Buffer.from(await response.arrayBuffer());
    };

    for (const gzip of [false, true]) {
      void it(`stores the exact byte (0xE9, not U+FFFD) and reports every line written${gzip ? ', gzip' : ''}`, async (t) => {
        if (!need(t)) return;
        const measurement = gzip ? 'bytes_gz' : 'bytes_plain';
        const path = fileWith(latin1File(measurement));
        const report = await writeLineProtocol(reader.read(path), connectionTo((influx as Influxd).url, 'v1', { bucket: 'db', precision: 's', gzip }), {
          credentials: none,
          compress: gzipWithZlib,
        });
        assert.deepEqual({ written: report.written, rejected: report.rejected, notSent: report.notSent, failure: report.failure }, { written: 3, rejected: [], notSent: [], failure: undefined });
        const csv = await storedCsv(measurement);
        const rows = csv.toString('latin1').trim().split('\n');
        assert.equal(rows.length, 4, csv.toString('latin1'));
        // The second point's value, byte for byte: c a f 0xE9.
        assert.ok(csv.includes(Buffer.concat([Buffer.from('caf'), E9, Buffer.from('\n')])) || csv.includes(Buffer.concat([Buffer.from('caf'), E9, Buffer.from('\r\n')])), csv.toString('hex'));
        assert.ok(csv.includes(Buffer.from('café', 'utf8')), 'the real é stays UTF-8');
        assert.ok(!csv.includes(REPLACEMENT), 'nothing stored as U+FFFD');
      });
    }
  });

  const IOX_LIKE: readonly Product[] = ['cloud-serverless', 'core'];

  for (const product of IOX_LIKE) {
    void describe(`a byte that is not UTF-8, written to a ${product} server (the fake refuses a body that is not UTF-8 whole; ${reader.name})`, () => {
      let fake: FakeInflux;
      before(async () => {
        fake = await startFakeInflux({ product });
      });
      after(() => fake.close());

      void it('the fake answers as the server does: a body with the byte is refused whole, nothing stored', async () => {
        const path = product === 'core' ? '/api/v3/write_lp?db=bucket' : '/api/v2/write?bucket=bucket&org=org';
        const response = await fetch(`${fake.url}${path}`, { method: 'POST', body: latin1File('direct') });
        assert.equal(response.status, 400);
        assert.match(await response.text(), /body content is not valid utf8: invalid utf-8 sequence of 1 bytes from index \d+/);
        assert.deepEqual(fake.store.lines, []);
      });

      for (const gzip of [false, true]) {
        void it(`leaves out the line with the byte, with the reason and where, and writes the others${gzip ? ', gzip' : ''}`, async () => {
          const before = fake.store.lines.length;
          const requests = fake.requests.length;
          const path = fileWith(latin1File('m'));
          const report = await writeLineProtocol(reader.read(path), connectionTo(fake.url, product, { gzip }), { credentials: none, compress: gzipWithZlib });
          assert.equal(report.written, 2);
          assert.deepEqual(report.rejected, []);
          assert.equal(report.failure, undefined);
          assert.deepEqual(report.notSent.map((n) => [n.line, n.dataLine]), [[3, 2]]);
          const reason = report.notSent[0].reason;
          assert.match(reason, /^not sent: byte 0xE9 on line 3 is not valid UTF-8/);
          assert.match(reason, /rejects a request whose body is not UTF-8 as a whole/);
          assert.match(reason, /Save the file as UTF-8/);
          assert.deepEqual(fake.store.lines.slice(before), ['m,host=a s="café" 1700000000', 'm,host=c s="plain" 1700000002']);
          for (const request of fake.requests.slice(requests)) {
            assert.ok(!request.bytes.includes(REPLACEMENT), 'no U+FFFD was sent');
            assert.ok(!request.bytes.includes(E9), 'the invalid byte was not sent');
          }
        });
      }

      void it('a batch of only such lines sends nothing and reports each line', async () => {
        const requests = fake.requests.length;
        const content = Buffer.concat([Buffer.from('x f="'), Buffer.from([0xff]), Buffer.from('" 1\nx f="'), Buffer.from([0xc3]), Buffer.from('" 2\n')]);
        const report = await writeLineProtocol(reader.read(fileWith(content)), connectionTo(fake.url, product), { credentials: none });
        assert.equal(fake.requests.length, requests);
        assert.equal(report.written, 0);
        assert.deepEqual(report.notSent.map((n) => [n.line, n.reason.slice(0, 40)]), [
          [1, 'not sent: byte 0xFF on line 1 is not val'],
          [2, 'not sent: byte 0xC3 on line 2 is not val'],
        ]);
      });
    });
  }

  void describe(`a byte that is not UTF-8, written to OSS 2.x (${reader.name})`, () => {
    void it('is sent as it is (2.x stores the bytes), in the request body byte for byte', async () => {
      const fake = await startFakeInflux({ product: 'oss-v2' });
      try {
        const content = latin1File('v2');
        const report = await writeLineProtocol(reader.read(fileWith(content)), connectionTo(fake.url, 'oss-v2', { gzip: true }), { credentials: none, compress: gzipWithZlib });
        assert.equal(report.written, 3);
        assert.equal(fake.requests.length, 1);
        // The file without its comment line and final newline: the body the writer cuts.
        const expected = content.subarray(content.indexOf('\n') + 1, content.length - 1);
        assert.deepEqual(fake.requests[0].bytes, expected);
      } finally {
        await fake.close();
      }
    });
  });

  void describe(`a line with a byte that is not UTF-8 that a real InfluxDB 1.x refuses (${reader.name})`, () => {
    let influx: Influxd | undefined;
    before(async () => {
      if (!influxdAvailable()) return;
      influx = await startInfluxd();
      await influx.query('CREATE DATABASE db');
    });
    after(() => influx?.stop());

    void it("is found by the text the server quotes (which shows the byte as U+FFFD) and rejected with the server's reason", async (t) => {
      if (!requirePrerequisite(t, influxdAvailable(), 'influxd (InfluxDB 1.x)', INFLUXD_FIX)) return;
      const content = Buffer.concat([Buffer.from('q,t=a f=1 1\nq,t=caf'), E9, Buffer.from(' f= 2\nq,t=b f=3 3\n')]);
      const report = await writeLineProtocol(reader.read(fileWith(content)), connectionTo((influx as Influxd).url, 'v1', { bucket: 'db', precision: 's' }), { credentials: none });
      assert.deepEqual(report.rejected.map((r) => [r.line, r.message, r.status]), [[2, 'missing field value', 400]]);
      assert.equal(report.written, 2);
      assert.deepEqual(report.notSent, []);
      assert.deepEqual(report.warnings, []);
    });
  });
}
