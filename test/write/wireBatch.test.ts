/** Batches on bytes: cut from pieces anywhere, bodies exact and unaltered, lines found again, kept bytes marked. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endLineOf, pickIndices, sliceBatch, withoutIndices, type WireBatch } from '../../core/src/write/batch';
import { batchesOfBytes, batchesOfStream, batchesOfText, BodyPool } from '../../core/src/write/cutBatches';
import { bytesWithFacts } from '../../core/src/bytes/pieces';
import { writeLineProtocol } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { startFakeInflux } from '../support/fakeInflux/server';
import { assertAccounted, connectionTo } from './helpers';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

async function* bytePieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(source: AsyncIterable<WireBatch>): Promise<WireBatch[]> {
  const out: WireBatch[] = [];
  for await (const batch of source) out.push(batch);
  return out;
}

/** Everything a batch says about its lines, as plain data. */
function shape(batch: WireBatch): unknown {
  return {
    body: decode(batch.body),
    texts: batch.texts,
    lines: batch.lines,
    endLines: batch.lines.map((_, i) => endLineOf(batch, i)),
    dataLines: batch.dataLines,
    keptBytes: batch.keptBytes,
  };
}

const TEXT = ['# c', 'm,t=a f=1 1', '', '  m s="a', 'b\\"', 'c" 2', 'm\\ x,t=b\\,c f="\\\\" 3\r', '# d "', 'm f=4 4', 'm s="é 日 😀" 5'].join('\n');

void describe('batches on bytes', () => {
  void it('are the same whether the bytes come whole or in pieces cut anywhere, as text or as bytes', async () => {
    const limits = { batchLines: 3, batchBytes: 40 };
    const whole = batchesOfText(TEXT, limits, 7).batches.map(shape);
    assert.ok(whole.length >= 3);
    assert.deepEqual(batchesOfBytes(encode(TEXT), limits, 7).batches.map(shape), whole);
    for (const size of [1, 2, 5, 13, 64]) {
      assert.deepEqual((await collect(batchesOfStream(bytePieces(encode(TEXT), size), limits, 7))).map(shape), whole, `pieces of ${size}`);
    }
  });

  void it('send the data lines joined by one line break, each byte as read; positions span a multi-line string', () => {
    const [batch] = batchesOfText(TEXT, { batchLines: 100, batchBytes: 1000 }).batches;
    assert.equal(decode(batch.body), 'm,t=a f=1 1\nm s="a\nb\\"\nc" 2\nm\\ x,t=b\\,c f="\\\\" 3\r\nm f=4 4\nm s="é 日 😀" 5');
    assert.deepEqual(batch.lines, [2, 4, 7, 9, 10]);
    assert.deepEqual(batch.lines.map((_, i) => endLineOf(batch, i)), [2, 6, 7, 9, 10]);
    assert.equal(batch.text(1), 'm s="a\nb\\"\nc" 2');
  });

  void it('are a slice of the piece read, not a copy, when the lines lie side by side there', () => {
    const bytes = encode('a f=1\nb f=2\nc f=3\n');
    const [batch] = batchesOfBytes(bytes, { batchLines: 10, batchBytes: 100 }).batches;
    assert.equal(batch.body.buffer, bytes.buffer);
    assert.equal(decode(batch.body), 'a f=1\nb f=2\nc f=3');
    const half = sliceBatch(batch, 1, 3);
    assert.equal(half.body.buffer, bytes.buffer, 'a 413 half is a slice too');
    assert.deepEqual([decode(half.body), half.lines, half.dataLines], ['b f=2\nc f=3', [2, 3], [2, 3]]);
  });

  void it('pick and drop lines with their bytes and positions', () => {
    const [batch] = batchesOfText(TEXT, { batchLines: 100, batchBytes: 1000 }).batches;
    const picked = pickIndices(batch, [1, 4]);
    assert.deepEqual([decode(picked.body), picked.lines, picked.lines.map((_, i) => endLineOf(picked, i)), picked.dataLines], ['m s="a\nb\\"\nc" 2\nm s="é 日 😀" 5', [4, 10], [6, 10], [2, 5]]);
    const rest = withoutIndices(batch, new Set([0, 1, 2]));
    assert.deepEqual([decode(rest.body), rest.lines], ['m f=4 4\nm s="é 日 😀" 5', [9, 10]]);
  });

  void it('mark the lines holding bytes that are not UTF-8, found with or without the reader facts, and keep those bytes', async () => {
    const bytes = Uint8Array.from([...encode('a f=1\nb s="caf'), 0xe9, ...encode('" 2\nc f=3\nd s="'), 0xf0, 0x9f, ...encode('"\n')]);
    const limits = { batchLines: 100, batchBytes: 1000 };
    const plain = await collect(batchesOfStream(bytePieces(bytes, 3), limits));
    const read = bytesWithFacts(bytePieces(bytes, 3));
    const withFacts = await collect(batchesOfStream(read, limits));
    assert.equal(read.facts.invalidBytes, 3);
    for (const [batch] of [plain, withFacts, batchesOfBytes(bytes, limits).batches]) {
      assert.deepEqual(batch.keptBytes, [1, 3]);
      assert.deepEqual(batch.body, bytes.subarray(0, bytes.length - 1), 'the body is the bytes as read');
      assert.equal(batch.text(1), 'b s="caf\udce9" 2');
    }
    // Facts that say there are none: nothing is looked for (the native check found the file valid).
    const valid = bytesWithFacts(bytePieces(encode('a f=1\nb f=2'), 4));
    const [batch] = await collect(batchesOfStream(valid, limits));
    assert.equal(valid.facts.invalidBytes, 0);
    assert.equal(batch.keptBytes, undefined);
  });

  void it('a reader drops a leading byte order mark, even cut between pieces, and keeps a later one', async () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...encode('m s="\uFEFF" 1')]);
    for (const size of [1, 2, 3, 100]) {
      const read = bytesWithFacts(bytePieces(bytes, size));
      const [batch] = await collect(batchesOfStream(read, { batchLines: 10, batchBytes: 100 }));
      assert.equal(read.facts.bom, true);
      assert.equal(decode(batch.body), 'm s="\uFEFF" 1');
    }
  });
});

void describe('a write from bytes, against the in-repo server (answers as write-api.md §3 documents)', () => {
  // A string value over two lines, a comment, a blank line, a line the server refuses, and a body limit
  // that forces 413 halves: the rejected line is mapped to its physical lines, the others written.
  const TEXT = ['# head', 'a,t=1 f=1 1', 'm s="x', 'y" 2', '', 'bad line', '  c f=3 3', ...Array.from({ length: 20 }, (_, i) => `d,i=${i} f=${i} ${10 + i}`)].join('\n');

  for (const product of ['core', 'oss-v2'] as const) {
    void it(`${product}: pieces cut anywhere, 413 halves, the refused line mapped back to its line`, async () => {
      const fake = await startFakeInflux({ product, maxBodyBytes: 120 });
      try {
        const bytes = encode(TEXT);
        for (const size of [7, 1 << 20]) {
          const before = fake.store.lines.length;
          const report = await writeLineProtocol(bytePieces(bytes, size), connectionTo(fake.url, product), { credentials: { kind: 'none' } });
          assertAccounted(report, TEXT);
          assert.equal(report.failure, undefined);
          assert.deepEqual(report.rejected.map((r) => [r.line, r.endLine, r.dataLine]), [[6, 6, 3]]);
          assert.equal(report.written, 23);
          const stored = fake.store.lines.slice(before);
          assert.ok(stored.includes('m s="x\ny" 2'), 'the multi-line string is stored whole');
          assert.ok(stored.includes('a,t=1 f=1 1') && stored.includes('c f=3 3'), JSON.stringify(stored));
          assert.ok(fake.requests.some((r) => r.wireBytes > 120), 'a body over the limit was sent, answered 413, and split');
        }
      } finally {
        await fake.close();
      }
    });
  }
});

void describe('body buffers used again', () => {
  void it('a pooled buffer serves a later batch only once released, and never a body larger than its capacity', () => {
    const pool = new BodyPool(16, 1);
    const a = pool.take(10);
    const b = pool.take(12);
    assert.notEqual(a.arena, b.arena);
    assert.equal(a.bytes.length, 10);
    pool.release(a.arena);
    pool.release(b.arena);
    assert.equal(pool.take(16).arena, a.arena, 'released, kept (one at most), and given again');
    assert.equal(pool.take(17).arena, undefined, 'a larger body gets a buffer of its own');
  });

  void it('every request carries exactly its own lines while buffers are reused (gzip off and on)', async () => {
    const fake = await startFakeInflux({ product: 'oss-v2' });
    try {
      // A comment every few lines: batches are copied (not slices), into pooled buffers.
      const lines = Array.from({ length: 400 }, (_, i) => `p,i=${i} f=${i},s="v${'x'.repeat(i % 37)}" ${1000 + i}`);
      const text = lines.map((line, i) => (i % 7 === 0 ? `# c ${i}\n${line}` : line)).join('\n');
      for (const gzip of [false, true]) {
        const before = fake.store.lines.length;
        const report = await writeLineProtocol(bytePieces(encode(text), 999), connectionTo(fake.url, 'oss-v2', { gzip, batchLines: 9 }), { credentials: { kind: 'none' }, compress: gzipWithZlib });
        assert.equal(report.written, 400);
        assert.ok(report.requests >= 45);
        assert.deepEqual(fake.store.lines.slice(before), lines);
      }
    } finally {
      await fake.close();
    }
  });
});
