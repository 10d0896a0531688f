/** The byte-keeping decoder, its inverse and the scanner (core/src/bytes/utf8.ts). */
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import { decodeKeepingBytes, encodeKeepingBytes, hasKeptByte, invalidUtf8Offsets, linesAndColumns } from '../../core/src/bytes/utf8';
import { KeepingDecoder, textFromBytes, type Utf8Natives } from '../../core/src/bytes/pieces';
import { NODE_UTF8 } from '../../core/src/write/node/file';
import { addEncodingDiagnostics } from '../../core/src/analysis/encoding';
import type { ChunkDiagnostic } from '../../core/src/analysis/findings';
import { PROFILES } from '../../core/src/products';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

/** Decodes `input` cut into pieces at `cuts`, with the given natives. */
function decodeInPieces(input: Uint8Array, cuts: number[], natives?: Utf8Natives): { text: string; bom: boolean; invalid: number } {
  const decoder = new KeepingDecoder(natives);
  let text = '';
  let from = 0;
  for (const cut of [...cuts, input.length]) {
    text += decoder.push(input.subarray(from, cut));
    from = cut;
  }
  text += decoder.end();
  return { text, bom: decoder.facts.bom, invalid: decoder.facts.invalidBytes };
}

// A small deterministic generator (no clock, no Math.random): the same cases every run.
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

void describe('invalidUtf8Offsets', () => {
  void it('finds every byte that is not part of a valid sequence, and only those (agrees with Node on validity)', () => {
    assert.deepEqual(invalidUtf8Offsets(bytes('m f="caf', [0xe9], '" 1')), [8]);
    assert.deepEqual(invalidUtf8Offsets(bytes('é€😀')), []);
    // A truncated 3-byte sequence, a surrogate encoding, an overlong 'A', a byte above F4, a stray continuation.
    assert.deepEqual(invalidUtf8Offsets(bytes([0xe2, 0x82], 'x', [0xed, 0xa0, 0x80], [0xc1, 0x81], [0xf5], [0x80])), [0, 1, 3, 4, 5, 6, 7, 8, 9]);
    const random = lcg(7);
    for (let n = 0; n < 2000; n++) {
      const sample = Uint8Array.from({ length: 1 + Math.floor(random() * 12) }, () => (random() < 0.5 ? 0x61 : Math.floor(random() * 256)));
      assert.equal(invalidUtf8Offsets(sample).length === 0, isUtf8(sample), Buffer.from(sample).toString('hex'));
    }
  });

  void it('gives line and column as the editor counts them (LF, CRLF, lone CR; a 4-byte character is 2 columns)', () => {
    const input = bytes('a\nb\r\nc\rd😀', [0xff], '\n', [0xe9]);
    const offsets = invalidUtf8Offsets(input);
    assert.deepEqual(linesAndColumns(input, offsets), [
      { line: 4, column: 4 },
      { line: 5, column: 1 },
    ]);
  });
});

void describe('KeepingDecoder', () => {
  void it('keeps each invalid byte as U+DC80 + (byte - 0x80), and encoding gives the bytes back', () => {
    const input = bytes('m f="caf', [0xe9], '",g="', [0xff, 0xfe], '" 1\n');
    const { text, invalid } = decodeInPieces(input, []);
    assert.equal(text, 'm f="caf\udce9",g="\udcff\udcfe" 1\n');
    assert.equal(invalid, 3);
    assert.deepEqual(encodeKeepingBytes(text), input);
    assert.ok(hasKeptByte(text));
  });

  void it('decodes the same wherever the pieces are cut, with Node natives or the pure fallback', () => {
    const input = bytes([0xef, 0xbb, 0xbf], 'temp,lieu=Zürich v="€ 😀', [0xe9, 0xe2, 0x82], '" 1\n', [0xf0, 0x9f]);
    const whole = decodeKeepingBytes(input.subarray(3)).text;
    for (let a = 0; a <= input.length; a++) {
      for (const natives of [NODE_UTF8, undefined]) {
        const got = decodeInPieces(input, [a, Math.min(input.length, a + 2)], natives);
        assert.equal(got.text, whole, `cut at ${a}`);
        assert.equal(got.bom, true);
        assert.equal(got.invalid, 5);
        assert.deepEqual(encodeKeepingBytes(got.text), input.subarray(3));
      }
    }
  });

  void it('round-trips random bytes exactly, and never mistakes a surrogate pair for a kept byte', () => {
    const random = lcg(11);
    for (let n = 0; n < 500; n++) {
      const input = Uint8Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * 256));
      if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) continue;
      const cut = Math.floor(random() * (input.length + 1));
      const { text } = decodeInPieces(input, [cut], NODE_UTF8);
      assert.deepEqual(encodeKeepingBytes(text), input, Buffer.from(input).toString('hex'));
    }
    // U+1F480 is D83D DC80: its low half is in the kept-byte range but is not one.
    assert.equal(hasKeptByte('💀'), false);
    assert.deepEqual(encodeKeepingBytes('💀'), bytes('💀'));
  });

  void it('drops only a leading byte order mark, even when the mark arrives a byte at a time', () => {
    assert.deepEqual(decodeInPieces(bytes([0xef, 0xbb, 0xbf], 'm f=1 1\nm s="', [0xef, 0xbb, 0xbf], '" 2'), [1, 2]), {
      text: 'm f=1 1\nm s="\uFEFF" 2',
      bom: true,
      invalid: 0,
    });
    assert.deepEqual(decodeInPieces(bytes([0xef, 0xbb]), [1]), { text: '\udcef\udcbb', bom: false, invalid: 2 });
    assert.deepEqual(decodeInPieces(bytes('m f=1'), [0]), { text: 'm f=1', bom: false, invalid: 0 });
  });

  void it('textFromBytes fills in its facts as it is read', async () => {
    async function* source(): AsyncIterable<Uint8Array> {
      yield bytes([0xef, 0xbb, 0xbf], 'a f=1 1\n');
      yield bytes('b f="', [0xe9], '" 2\n');
    }
    const text = textFromBytes(source(), NODE_UTF8);
    let all = '';
    for await (const piece of text) all += piece;
    assert.equal(all, 'a f=1 1\nb f="\udce9" 2\n');
    assert.deepEqual(text.facts, { bom: true, invalidBytes: 1 });
  });
});

void describe('encoding diagnostics (core/src/analysis/encoding.ts)', () => {
  const profile = PROFILES['cloud-serverless'];
  const found = (text: string) => {
    const out: ChunkDiagnostic[] = [];
    addEncodingDiagnostics(out, text, profile);
    return out.map((d) => [d.start, d.end, d.severity, d.code]);
  };
  void it('flags kept bytes (a run as one), notes U+FFFD, and leaves a surrogate pair alone', () => {
    assert.deepEqual(found('m f="\uD83D\uDC80" 1\n'), []);
    assert.deepEqual(found('m f="a\udce9\udce8" 1\nm f="\uFFFD" 2\n'), [
      [6, 8, 'error', 'invalid-utf8'],
      [17, 18, 'information', 'replacement-character'],
    ]);
    const out: ChunkDiagnostic[] = [{ start: 0, end: 1, severity: 'error', code: 'crlf', message: '' }, { start: 30, end: 31, severity: 'error', code: 'retention', message: '' }];
    addEncodingDiagnostics(out, 'm f="\udcff" 1', PROFILES.v1);
    assert.deepEqual(out.map((d) => [d.start, d.code, d.severity]), [[0, 'crlf', 'error'], [5, 'invalid-utf8', 'warning'], [30, 'retention', 'error']], 'merged in order of position');
  });
});
