/**
 * The byte splitter against the text splitter (core/src/split.ts, the server's splitter): the same
 * data lines, physical start and end lines, on the corpus and on generated inputs cut into pieces
 * anywhere (a line, a UTF-8 sequence, a backslash and the byte it escapes split between pieces).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRandom } from '../../bench/generate';
import { ByteSplitter } from '../../core/src/bytes/split';
import { decodeKeepingBytes, encodeKeepingBytes } from '../../core/src/bytes/utf8';
import { splitDataLines } from '../../core/src/index';
import { countNewlines } from '../../core/src/parse/chars';
import { loadCorpus } from '../core/corpus';

interface Line {
  text: string;
  first: number;
  last: number;
  dataLine: number;
}

function byText(text: string): Line[] {
  return splitDataLines(text).map((l) => ({ text: l.text, first: l.physicalLine, last: l.physicalLine + countNewlines(l.text), dataLine: l.dataLine }));
}

function byBytes(bytes: Uint8Array, cuts: readonly number[]): Line[] {
  const out: Line[] = [];
  const splitter = new ByteSplitter((b, start, end, first, last, dataLine) => out.push({ text: decodeKeepingBytes(b.subarray(start, end)).text, first, last, dataLine }));
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.push(bytes.subarray(at, cut));
    at = cut;
  }
  splitter.end();
  return out;
}

const ALPHABET = ['m', 'f', 't', '1', ' ', ' ', ',', '=', '=', '"', '"', '\\', '\n', '\n', '\r\n', '#', '\t', 'é', '日', '😀', '\udc80', '\udcff', 'x=1', ' f="a\nb"', 'm,t=a f=1 1\n'];

function generated(rnd: () => number): string {
  const length = Math.floor(rnd() * 60);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(rnd() * ALPHABET.length)];
  return text;
}

function cutsOf(size: number, rnd: () => number): number[] {
  const cuts: number[] = [];
  for (let at = 0; at < size; ) {
    at += 1 + Math.floor(rnd() * 8);
    if (at < size) cuts.push(at);
  }
  return cuts;
}

void describe('the byte splitter', () => {
  void it('finds the data lines of the text splitter on every corpus input, whole and cut into pieces', () => {
    const rnd = createRandom(7);
    let checked = 0;
    for (const entry of loadCorpus()) {
      const bytes = encodeKeepingBytes(entry.input);
      const expected = byText(entry.input);
      assert.deepEqual(byBytes(bytes, []), expected, entry.id);
      assert.deepEqual(byBytes(bytes, cutsOf(bytes.length, rnd)), expected, entry.id);
      checked++;
    }
    assert.ok(checked > 100, `corpus has ${checked} entries`);
  });

  void it('agrees with the text splitter on generated inputs: multi-line strings, escapes, CRLF, comments, invalid bytes, pieces cut anywhere', () => {
    const rnd = createRandom(42);
    for (let round = 0; round < 3000; round++) {
      const text = generated(rnd);
      const bytes = encodeKeepingBytes(text);
      const expected = byText(text);
      assert.deepEqual(byBytes(bytes, []), expected, JSON.stringify(text));
      const cuts = round % 3 === 0 ? Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1) : cutsOf(bytes.length, rnd);
      assert.deepEqual(byBytes(bytes, cuts), expected, `${JSON.stringify(text)} cut at ${cuts.join(',')}`);
    }
  });

  void it('gives a string value over several lines its first and last physical line, and keeps a CR', () => {
    const text = '# c\r\nm f=1\r\n\n  m s="a\nb\nc" 1\n# d\nm f=3';
    const lines = byBytes(new TextEncoder().encode(text), [9, 17]);
    assert.deepEqual(lines, [
      { text: 'm f=1\r', first: 2, last: 2, dataLine: 1 },
      { text: 'm s="a\nb\nc" 1', first: 4, last: 6, dataLine: 2 },
      { text: 'm f=3', first: 8, last: 8, dataLine: 3 },
    ]);
  });

  void it('hands lines over as ranges of the pieces, without copying, unless a line runs over two pieces', () => {
    const piece = new TextEncoder().encode('a f=1\nb s="x" 2\nc f=3');
    const seen: Uint8Array[] = [];
    const splitter = new ByteSplitter((bytes) => seen.push(bytes));
    splitter.push(piece.subarray(0, 18));
    splitter.push(piece.subarray(18));
    splitter.end();
    assert.equal(seen.length, 3);
    assert.equal(seen[0].buffer, piece.buffer);
    assert.equal(seen[1].buffer, piece.buffer);
    assert.notEqual(seen[2].buffer, piece.buffer, 'the last line was cut between the pieces: copied once, whole');
  });
});
