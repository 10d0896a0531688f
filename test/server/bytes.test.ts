/**
 * The language server on the bytes behind the text (issue #10 items 5 and 7), over the real
 * protocol: a U+FFFD gets an information note (VS Code shows an invalid byte as U+FFFD), and a file
 * whose bytes on disk start with a byte order mark (which VS Code takes off the text) gets an
 * information note on line 1, as does a text that starts with the mark; it goes when the mark does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { BYTE_ORDER_MARK_MESSAGE, REPLACEMENT_MESSAGE } from '../../core/src/analysis/encoding';
import { brief, TestClient } from './client';

const INFO = 3;

void describe('server: bytes behind the text', () => {
  let client: TestClient;
  let dir: string;
  before(async () => {
    client = await TestClient.start({ settings: { target: 'cloud-serverless' } });
    dir = mkdtempSync(join(tmpdir(), 'lp-bytes-server-'));
  });
  after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  void test('a U+FFFD gets an information note that it may stand for an invalid byte', async () => {
    const diagnostics = await client.open('untitled:fffd.lp', 'm f="caf\uFFFD" 1\nm f="ok" 2\n');
    assert.deepEqual(diagnostics.map(brief), [['replacement-character', '0:8-0:9', INFO, REPLACEMENT_MESSAGE]]);
  });

  void test('a file starting with a byte order mark on disk gets a note on line 1; saved without it, the note goes', async () => {
    const path = join(dir, 'bom.lp');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('m f=1 1\n')]));
    const uri = pathToFileURL(path).toString();
    // The text as VS Code hands it over: without the mark.
    const diagnostics = await client.open(uri, 'm f=1 1\n');
    assert.deepEqual(diagnostics.map(brief), [['byte-order-mark', '0:0-0:0', INFO, BYTE_ORDER_MARK_MESSAGE]]);
    writeFileSync(path, 'm f=1 1\n');
    assert.deepEqual(await client.change(uri, 2, [{ text: 'm f=1 1\n' }]), []);
  });

  void test('a text that starts with the mark (a client that keeps it) gets the note too', async () => {
    const diagnostics = await client.open('untitled:bomtext.lp', '\uFEFFm f=1 1\n');
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'byte-order-mark').map(brief),
      [['byte-order-mark', '0:0-0:1', INFO, BYTE_ORDER_MARK_MESSAGE]],
    );
  });
});
