import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readTextFile, withoutByteOrderMark } from '../../core/src/write/node/file';
import { pieces } from './helpers';

async function readAll(path: string): Promise<{ text: string; pieces: number }> {
  let text = '';
  let pieces = 0;
  for await (const piece of readTextFile(path)) {
    text += piece;
    pieces++;
  }
  return { text, pieces };
}

void describe('readTextFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it('drops a leading byte order mark, as the editor does, and keeps any later one', async () => {
    const path = join(dir, 'bom.lp');
    writeFileSync(path, '\uFEFFm f=1 1\nm s="\uFEFF" 2\n');
    assert.equal((await readAll(path)).text, 'm f=1 1\nm s="\uFEFF" 2\n');
  });

  void it('streams a large file in pieces with multi-byte characters intact', async () => {
    const path = join(dir, 'big.lp');
    const line = 'température,lieu=Zürich valeur=1.5,note="€ 😀" 1\n';
    const text = line.repeat(Math.ceil((3 << 20) / Buffer.byteLength(line)));
    writeFileSync(path, text);
    const read = await readAll(path);
    assert.ok(read.pieces >= 3, `${read.pieces} pieces`);
    assert.equal(read.text, text);
  });
});

void describe('withoutByteOrderMark', () => {
  const collect = async (source: AsyncIterable<string>): Promise<string[]> => {
    const out: string[] = [];
    for await (const piece of source) out.push(piece);
    return out;
  };
  void it('drops only a leading mark, however the text is cut', async () => {
    assert.deepEqual(await collect(withoutByteOrderMark(pieces('\uFEFFm f=1', 1))), ['m', ' ', 'f', '=', '1']);
    assert.deepEqual(await collect(withoutByteOrderMark(pieces('m f="\uFEFF"', 100))), ['m f="\uFEFF"']);
    async function* emptyFirst(): AsyncIterable<string> {
      yield '';
      yield '\uFEFFa f=1';
    }
    assert.deepEqual(await collect(withoutByteOrderMark(emptyFirst())), ['a f=1']);
  });
});
