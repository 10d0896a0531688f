/** The splitter: data lines, numbering, and the streaming form over arbitrary chunks. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSplitter, parseLineProtocol, splitDataLines, type DataLine } from '../../core/src/index';

function streamed(chunks: readonly string[]): DataLine[] {
  const lines: DataLine[] = [];
  const splitter = createSplitter((l) => lines.push(l));
  for (const c of chunks) splitter.push(c);
  splitter.end();
  return lines;
}

/** Cuts `text` at every position in `cuts`. */
function cut(text: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    out.push(text.slice(from, c));
    from = c;
  }
  out.push(text.slice(from));
  return out;
}

const SAMPLE = [
  '# header comment',
  '',
  '  \t ',
  'weather,station=north\\ pole temp=-1.5,note="multi',
  'line \\"quoted\\" string" 1700000000000000000',
  '  indented f=1',
  'escaped\\',
  'newline f=2',
  '# a="swallowed',
  'm f=3"',
  'crlf f=4\r',
  'last f=5',
].join('\n');

void describe('splitDataLines', () => {
  void test('numbers data lines and records the physical line where each begins', () => {
    assert.deepEqual(
      splitDataLines(SAMPLE).map((l) => [l.dataLine, l.physicalLine, l.text]),
      [
        [1, 4, 'weather,station=north\\ pole temp=-1.5,note="multi\nline \\"quoted\\" string" 1700000000000000000'],
        [2, 6, 'indented f=1'],
        [3, 7, 'escaped\\\nnewline f=2'],
        [4, 10, 'm f=3"'],
        [5, 11, 'crlf f=4\r'],
        [6, 12, 'last f=5'],
      ],
    );
  });

  void test('agrees with the parser on line count, start and physical line', () => {
    const doc = parseLineProtocol(SAMPLE);
    const lines = splitDataLines(SAMPLE);
    assert.equal(doc.count, lines.length);
    lines.forEach((l, i) => {
      assert.equal(doc.physicalLine(i) + 1, l.physicalLine);
      assert.equal(SAMPLE.slice(doc.table.start(i), doc.table.end(i)), l.text);
    });
  });

  void test('empty, blank and comment-only inputs have no data lines', () => {
    for (const input of ['', '\n', '\n\n  \n', '# a\n#b', ' \t# c\n']) assert.deepEqual(splitDataLines(input), [], JSON.stringify(input));
  });
});

void describe('createSplitter (streaming)', () => {
  void test('gives the same lines whatever the chunk boundaries', () => {
    const expected = splitDataLines(SAMPLE);
    for (let c = 0; c <= SAMPLE.length; c++) assert.deepEqual(streamed(cut(SAMPLE, [c])), expected, `cut at ${c}`);
    for (let c = 0; c + 2 <= SAMPLE.length; c += 3) assert.deepEqual(streamed(cut(SAMPLE, [c, c + 1, c + 2])), expected);
    assert.deepEqual(streamed(SAMPLE.split('')), expected);
  });

  void test('keeps only the unfinished line between chunks', () => {
    const lines: DataLine[] = [];
    const splitter = createSplitter((l) => lines.push(l));
    splitter.push('a f=1\nb f=');
    assert.equal(lines.length, 1);
    splitter.push('2\n');
    assert.equal(lines.length, 2);
    splitter.end();
    assert.deepEqual(
      lines.map((l) => l.text),
      ['a f=1', 'b f=2'],
    );
  });

  void test('refuses a push after end, with a message saying what to do', () => {
    const splitter = createSplitter(() => undefined);
    splitter.end();
    assert.throws(() => splitter.push('x'), /create a new splitter/);
  });
});
