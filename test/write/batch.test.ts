/** Cutting the source into requests: data-line boundaries, line and byte limits, physical lines. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { utf8Length } from '../../core/src/parse/chars';
import { batchBytes, bodyText, endLineOf, withoutIndices, type Batch } from '../../core/src/write/batch';
import { batchesOfStream, batchesOfText } from '../../core/src/write/cutBatches';
import { pieces } from './helpers';

async function collect(source: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of source) out.push(batch);
  return out;
}

void describe('batches', () => {
  void it('cuts at data lines, skipping comments and blank lines, with each line physical position', () => {
    const text = '# c\nm f=1\n\n  m f="a\nb"\n# d\nm f=3\nm f=4\n';
    const { batches, lines } = batchesOfText(text, { batchLines: 2, batchBytes: 1000 });
    assert.equal(lines, 4);
    assert.deepEqual(batches.map((b) => b.texts), [['m f=1', 'm f="a\nb"'], ['m f=3', 'm f=4']]);
    assert.deepEqual(batches.map((b) => b.lines), [[2, 4], [7, 8]]);
    assert.deepEqual(batches.map((b) => b.dataLines), [[1, 2], [3, 4]]);
    assert.equal(bodyText(batches[0]), 'm f=1\nm f="a\nb"');
  });

  void it('keeps every batch under the byte limit in UTF-8, even with non-ASCII text; a longer line goes alone', () => {
    const lines = ['m s="ééééé"', 'm s="日本語日本"', 'm f=1', `m s="${'x'.repeat(40)}"`, 'm s="😀😀"', 'm f=2'];
    const { batches } = batchesOfText(lines.join('\n'), { batchLines: 100, batchBytes: 30 });
    for (const batch of batches) {
      const bytes = new TextEncoder().encode(bodyText(batch)).length;
      assert.equal(batchBytes(batch), bytes);
      assert.ok(bytes <= 30 || batch.texts.length === 1, `${bytes} bytes in ${JSON.stringify(batch.texts)}`);
    }
    assert.deepEqual(batches.flatMap((b) => b.texts), lines);
    assert.equal(utf8Length('a😀é日'), 1 + 4 + 2 + 3);
  });

  void it('gives the same batches from a stream split anywhere, with firstLine applied', async () => {
    const text = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? `# comment ${i}` : `m,t=${i} f="v\n${i}" ${i}`)).join('\n');
    const whole = batchesOfText(text, { batchLines: 4, batchBytes: 200 }, 10).batches;
    for (const size of [1, 3, 17]) {
      assert.deepEqual(await collect(batchesOfStream(pieces(text, size), { batchLines: 4, batchBytes: 200 }, 10)), whole);
    }
  });

  void it('knows where each data line ends, a streamed one too, with firstLine applied once', async () => {
    const text = 'm f=1\n  m s="a\nb\nc" 1\n# d\nm f=3';
    const limits = { batchLines: 10, batchBytes: 1000 };
    const expected = { lines: [5, 6, 10], endLines: [5, 8, 10] };
    const spans = (batch: Batch) => ({ lines: batch.lines, endLines: batch.lines.map((_, i) => endLineOf(batch, i)) });
    const [whole] = batchesOfText(text, limits, 5).batches;
    assert.deepEqual(spans(whole), expected);
    const [streamed] = await collect(batchesOfStream(pieces(text, 2), limits, 5));
    assert.deepEqual(spans(streamed), expected);
  });

  void it('drops chosen lines from a batch, keeping positions', () => {
    const { batches } = batchesOfText('a f=1\nb f=2\nc f=3', { batchLines: 10, batchBytes: 1000 });
    const rest = withoutIndices(batches[0], new Set([1]));
    assert.deepEqual([rest.texts, rest.lines, rest.dataLines], [['a f=1', 'c f=3'], [1, 3], [1, 3]]);
  });
});
