/** LineIndex: offsets ↔ 0-based line / UTF-16 character, with LSP's line breaks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../core/src/index';

void describe('LineIndex', () => {
  void test('converts both ways on every offset', () => {
    const text = 'ab\ncd😀e\n\nxyz';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    const lines = text.split('\n');
    let offset = 0;
    lines.forEach((line, n) => {
      for (let c = 0; c <= line.length; c++) {
        assert.deepEqual(index.positionAt(offset + c), { line: n, character: c });
        assert.equal(index.offsetAt({ line: n, character: c }), offset + c);
      }
      offset += line.length + 1;
    });
  });

  void test('clamps out-of-range offsets and positions', () => {
    const index = new LineIndex('ab\ncd');
    assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(index.positionAt(99), { line: 1, character: 2 });
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 0, character: 3 }), 2);
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 5);
    assert.equal(index.offsetAt({ line: 0, character: -1 }), 0);
    assert.equal(index.offsetAt({ line: 9, character: 0 }), 5);
    assert.equal(index.offsetAt({ line: -1, character: 0 }), 0);
  });

  void test('counts CRLF and a lone CR as line breaks, like the editor', () => {
    const index = new LineIndex('a\r\nb\rc');
    assert.equal(index.lineCount, 3);
    assert.deepEqual(index.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(index.positionAt(5), { line: 2, character: 0 });
    assert.equal(index.lineStart(2), 5);
  });

  void test('clamps a character past the line end to before its break, as vscode-languageserver-textdocument does', () => {
    // Lines: 'ab' before '\r\n', 'c' before a lone '\r', 'x' before '\n', '' before '\n', 'd' at the end.
    const text = 'ab\r\nc\rx\n\nd';
    const index = new LineIndex(text);
    assert.equal(index.offsetAt({ line: 0, character: 2 }), 2);
    assert.equal(index.offsetAt({ line: 0, character: 3 }), 2, 'inside the CRLF pair: before the CR');
    assert.equal(index.offsetAt({ line: 0, character: 50 }), 2);
    assert.equal(index.offsetAt({ line: 1, character: 9 }), 5);
    assert.equal(index.offsetAt({ line: 2, character: 9 }), 7);
    assert.equal(index.offsetAt({ line: 3, character: 0 }), 8);
    assert.equal(index.offsetAt({ line: 3, character: 9 }), 8);
    assert.equal(index.offsetAt({ line: 4, character: 9 }), 10);
    // Every position, in range or not, lands where the reference implementation puts it.
    const reference = TextDocument.create('file:///x.lp', 'lp', 1, text);
    for (let line = -1; line <= 6; line++) {
      for (let character = -1; character <= 6; character++) {
        assert.equal(index.offsetAt({ line, character }), reference.offsetAt({ line, character }), `${line}:${character}`);
      }
    }
  });

  void test('handles empty text and a long document quickly (binary search)', () => {
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
    const text = 'm f=1\n'.repeat(200_000);
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(6 * 123_456 + 2), { line: 123_456, character: 2 });
  });
});
