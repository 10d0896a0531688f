/** LineIndex: offsets ↔ 0-based line / UTF-16 character, with LSP's line breaks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 3);
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

  void test('handles empty text and a long document quickly (binary search)', () => {
    assert.deepEqual(new LineIndex('').positionAt(0), { line: 0, character: 0 });
    const text = 'm f=1\n'.repeat(200_000);
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(6 * 123_456 + 2), { line: 123_456, character: 2 });
  });
});
