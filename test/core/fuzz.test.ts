/**
 * Fuzzing: random and mutated inputs never make the parser throw or hang, the parser agrees with
 * the splitter (streamed in random chunks too), errors lie inside their line, and every point that
 * parses is written back by formatPoint into a line that parses to the same point.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSplitter, formatPoint, parseLineProtocol, parseRegion, pointToInput, splitDataLines, type DataLine, type ParserTarget } from '../../core/src/index';
import { parseRegionExact } from '../../core/src/parse/parseRegion';
import { createRandom } from '../../bench/generate';
import { loadCorpus } from './corpus';


const ALPHABET = [' ', ' ', ',', ',', '=', '=', '"', '\\', '\n', '\n', '\r', '\t', '#', '\0', '-', '.', 'e', 'i', 'u', 't', 'f', 'T', 'F', '1', '0', '9', 'a', 'm', 'é', '😀', '\ud800'];

function randomText(next: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

function mutate(next: () => number, input: string): string {
  let s = input;
  const edits = 1 + Math.floor(next() * 4);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * (s.length + 1));
    const op = Math.floor(next() * 4);
    if (op === 0) s = s.slice(0, at) + ALPHABET[Math.floor(next() * ALPHABET.length)] + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + s.slice(at + 1);
    else if (op === 2) s = s.slice(0, at) + s.slice(at, at + 8) + s.slice(at);
    else s = s.slice(0, at) + '\n' + s.slice(at);
  }
  return s;
}

function streamed(text: string, next: () => number): DataLine[] {
  const lines: DataLine[] = [];
  const splitter = createSplitter((l) => lines.push(l));
  let p = 0;
  while (p < text.length) {
    const n = 1 + Math.floor(next() * 7);
    splitter.push(text.slice(p, p + n));
    p += n;
  }
  splitter.end();
  return lines;
}

/** Names formatPoint cannot write back (a TAB or LF kept by an unknown escape). */
function writable(input: ReturnType<typeof pointToInput>): boolean {
  const names = [input.measurement, ...(input.tags ?? []).flatMap((t) => [t.key, t.value]), ...input.fields.map((f) => f.key)];
  return names.every((n) => !/[\t\n]/.test(n)) && !input.measurement.includes('\0');
}

/**
 * Work is counted, never timed (a clock-based bound failed on a busy machine): every character
 * read through charCodeAt/codePointAt, searched by indexOf/lastIndexOf or a regular expression, and
 * copied by slice/substring is one step. Linear parsing takes under 8 steps a character on every
 * input here; anything quadratic on the 100K-character inputs would take thousands.
 */
const STEPS_PER_CHARACTER = 20;

function countWork<T>(work: () => T): { result: T; steps: number } {
  const strings = String.prototype;
  const original = {
    charCodeAt: strings.charCodeAt,
    codePointAt: strings.codePointAt,
    indexOf: strings.indexOf,
    lastIndexOf: strings.lastIndexOf,
    slice: strings.slice,
    substring: strings.substring,
  };
  const exec = RegExp.prototype.exec;
  let steps = 0;
  strings.charCodeAt = function (this: string, at: number): number {
    steps++;
    return original.charCodeAt.call(this, at);
  };
  strings.codePointAt = function (this: string, at: number): number | undefined {
    steps++;
    return original.codePointAt.call(this, at);
  };
  strings.indexOf = function (this: string, search: string, position?: number): number {
    const from = Math.max(0, Math.min(Math.trunc(position ?? 0), this.length));
    const found = original.indexOf.call(this, search, position);
    steps += 1 + (found < 0 ? this.length : found + search.length) - from;
    return found;
  };
  strings.lastIndexOf = function (this: string, search: string, position?: number): number {
    const from = Math.min(Math.trunc(position ?? this.length), this.length);
    const found = original.lastIndexOf.call(this, search, position);
    steps += 1 + from - Math.max(0, found);
    return found;
  };
  strings.slice = function (this: string, start?: number, end?: number): string {
    const part = original.slice.call(this, start, end);
    steps += 1 + part.length;
    return part;
  };
  strings.substring = function (this: string, start: number, end?: number): string {
    const part = original.substring.call(this, start, end);
    steps += 1 + part.length;
    return part;
  };
  RegExp.prototype.exec = function (this: RegExp, input: string): RegExpExecArray | null {
    steps += 1 + input.length - (this.global || this.sticky ? this.lastIndex : 0);
    return exec.call(this, input);
  };
  try {
    return { result: work(), steps };
  } finally {
    Object.assign(strings, original);
    RegExp.prototype.exec = exec;
  }
}

/** Runs `work` and fails when it takes more than a linear number of steps for `length` characters. */
function linear<T>(length: number, work: () => T, what: string): T {
  const { result, steps } = countWork(work);
  const bound = 1000 + STEPS_PER_CHARACTER * length;
  assert.ok(steps <= bound, `${steps} steps for ${length} characters (${what}), over the linear bound of ${bound}`);
  return result;
}

/** Runs `work` and counts the characters that String.prototype.indexOf examined meanwhile. */
function charactersSearched<T>(work: () => T): { result: T; searched: number } {
  const original = String.prototype.indexOf;
  let searched = 0;
  String.prototype.indexOf = function (this: string, search: string, position?: number): number {
    const from = Math.max(0, Math.min(Math.trunc(position ?? 0), this.length));
    const found = original.call(this, search, position);
    searched += (found < 0 ? this.length : found + search.length) - from;
    return found;
  };
  try {
    return { result: work(), searched };
  } finally {
    String.prototype.indexOf = original;
  }
}

function check(text: string, next: () => number): void {
  const lines = splitDataLines(text);
  assert.deepEqual(streamed(text, next), lines, 'streaming splitter');
  for (const target of ['v3', 'v2', 'v1'] as ParserTarget[]) {
    const parseAll = () => {
      const parsed = parseLineProtocol(text, { target });
      for (let i = 0; i < parsed.count; i++) parsed.result(i);
      return parsed;
    };
    const doc = linear(text.length, parseAll, target);
    if (target === 'v3') {
      // The fast path gives exactly what the splitter + exact parser give.
      const exact = parseRegionExact(text, 0, text.length);
      assert.equal(doc.count, exact.count);
      for (let i = 0; i < exact.count; i++) {
        assert.deepEqual(doc.result(i), exact.result(i, text, 0), `line ${i} of ${JSON.stringify(text)}`);
        assert.deepEqual([doc.table.start(i), doc.table.end(i), doc.physicalLine(i)], [exact.start(i), exact.end(i), exact.physicalLine(i)]);
      }
      assert.equal(doc.table.endsAtBoundary, exact.endsAtBoundary);
      assert.equal(doc.table.newlines, exact.newlines);
      assert.equal(doc.count, lines.length, 'data lines');
      lines.forEach((l, i) => {
        assert.equal(text.slice(doc.table.start(i), doc.table.end(i)), l.text);
        assert.equal(doc.physicalLine(i) + 1, l.physicalLine);
      });
    }
    for (let i = 0; i < doc.count; i++) {
      const r = doc.result(i);
      assert.equal(r.ok, doc.table.ok(i));
      if (!r.ok) {
        const { offset, end } = r.error;
        assert.ok(doc.table.start(i) <= offset && offset <= end && end <= doc.table.end(i), `error span ${offset}-${end} outside its line`);
        assert.ok(r.error.message.length > 0);
        continue;
      }
      if (target !== 'v3') continue;
      const input = pointToInput(r.point);
      if (!writable(input)) continue;
      const again = parseLineProtocol(formatPoint(input));
      assert.equal(again.count, 1);
      const r2 = again.result(0);
      assert.ok(r2.ok, `rewritten line fails: ${formatPoint(input)}`);
      assert.deepEqual(pointToInput(r2.point), input);
    }
  }
}

void describe('fuzz', () => {
  void test('random inputs', () => {
    const next = createRandom(20261125);
    for (let k = 0; k < 1500; k++) check(randomText(next, Math.floor(next() * 120)), next);
  });

  void test('mutated corpus inputs', () => {
    const next = createRandom(42);
    const corpus = loadCorpus().map((e) => e.input).filter((s) => s.length < 2000);
    for (let k = 0; k < 3000; k++) check(mutate(next, corpus[Math.floor(next() * corpus.length)]), next);
  });

  void test('generated realistic lines: the fast path agrees with the exact path', () => {
    const next = createRandom(99);
    const names = ['cpu', 'weather\\ station', 'sensor\\,reading', 'm\\=x', 'a"b', 'ü'];
    const values = ['1', '-1.5', '1e3', '2.5E-3', '3i', '-4i', '5u', '"s"', '"a\\"b"', '"c:\\\\x"', '"x y,z=w"', 't', 'FALSE', 'True', '"multi\nline"', '5.', '.5', '1e', '"open'];
    const lines: string[] = [];
    for (let k = 0; k < 4000; k++) {
      let line = names[Math.floor(next() * names.length)];
      const tags = Math.floor(next() * 4);
      for (let j = 0; j < tags; j++) line += `,t${j}=v${Math.floor(next() * 9)}${next() < 0.1 ? '\\ x' : ''}`;
      const fields = 1 + Math.floor(next() * 4);
      line += ' ' + Array.from({ length: fields }, (_, j) => `f${j}=${values[Math.floor(next() * values.length)]}`).join(',');
      if (next() < 0.7) line += ` ${Math.floor(next() * 1e6)}`;
      if (next() < 0.05) line += ' ';
      lines.push(line);
    }
    check(lines.join('\n'), next);
  });

  void test('decoding every line stays linear when the text has no backslash', () => {
    // Each name and string is searched for escapes within its own token only: a search that ran
    // on to the next backslash in the text made this take minutes instead of milliseconds.
    const text = 'm,t=v f=1,s="x" 1\n'.repeat(100_000);
    for (const target of ['v3', 'v2', 'v1'] as ParserTarget[]) {
      const doc = linear(
        text.length,
        () => {
          const parsed = parseLineProtocol(text, { target });
          for (let i = 0; i < parsed.count; i++) parsed.result(i);
          return parsed;
        },
        target,
      );
      assert.equal(doc.count, 100_000);
      const last = doc.result(99_999);
      assert.ok(last.ok);
      assert.equal(last.point.measurement.start, 99_999 * 18);
      assert.deepEqual(last.point.fields[1].value, { type: 'string', value: 'x' });
    }
  });

  void test('parsing a text region by region searches each character a bounded number of times', () => {
    // Counts the characters String.prototype.indexOf looks at: deterministic, unlike a time.
    // A search for a character a region does not hold (TAB, NUL...) used to run on to the end of
    // the whole text, for every region: quadratic in the number of regions.
    const line = 'cpu,host=a usage=1,s="x" 1\n';
    const text = line.repeat(20_000);
    const step = line.length * 20;
    const { result: lines, searched } = charactersSearched(() => {
      let count = 0;
      for (let from = 0; from < text.length; from += step) {
        const table = parseRegion(text, from, Math.min(text.length, from + step));
        for (let i = 0; i < table.count; i++) assert.ok(table.result(i, text, from).ok);
        count += table.count;
      }
      return count;
    });
    assert.equal(lines, 20_000);
    assert.ok(searched <= 10 * text.length, `indexOf looked at ${searched} characters for a text of ${text.length}`);
  });

  void test('pathological inputs stay linear', () => {
    const next = createRandom(7);
    const cases = [
      'm' + ',t=v'.repeat(50_000) + ' f=1',
      'm' + ',t=v'.repeat(50_000).replace(/t=v$/, 't=v') + ' f=1',
      'm,' + Array.from({ length: 20_000 }, (_, i) => `k${i}=v`).join(',') + ' f=1',
      '\\'.repeat(200_001) + ' f=1',
      'm f="' + '\\"'.repeat(100_000),
      'm ' + 'f=1,'.repeat(50_000) + 'g=2 1',
      '"'.repeat(100_000),
      '# "='.repeat(50_000),
      ' '.repeat(200_000),
      'm f=1 ' + '9'.repeat(200_000),
    ];
    for (const text of cases) {
      const what = `a pathological input of ${text.length} characters`;
      for (const target of ['v3', 'v2', 'v1'] as ParserTarget[]) {
        linear(
          text.length,
          () => {
            const doc = parseLineProtocol(text, { target });
            for (let i = 0; i < doc.count; i++) doc.result(i);
          },
          `${what}, ${target}`,
        );
      }
      linear(text.length, () => splitDataLines(text), `${what}, splitter`);
      linear(text.length, () => streamed(text, next), `${what}, streamed`);
    }
  });
});
