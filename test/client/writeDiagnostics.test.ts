import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WriteReport } from '../../core/src/write/index';
import { endLineOf } from '../../core/src/write/batch';
import { batchesOfText } from '../../core/src/write/cutBatches';
import { applyChanges, MAX_LINE_PROBLEMS, placeProblems, problemsFromReport, withLineTexts, type TextChange, type WriteProblem } from '../../client/src/writeDiagnostics';

/** A document as lines, edited the way the editor does it; the changes are what the editor reports. */
class Doc {
  lines: string[];
  constructor(text: string) {
    this.lines = text.split('\n');
  }
  /** Applies a replacement and returns the change event the editor would send. */
  edit(startLine: number, startChar: number, endLine: number, endChar: number, text: string): TextChange {
    const before = this.lines.slice(0, startLine);
    const head = this.lines[startLine].slice(0, startChar);
    const tail = this.lines[endLine].slice(endChar);
    const middle = (head + text + tail).split('\n');
    this.lines = [...before, ...middle, ...this.lines.slice(endLine + 1)];
    return { range: { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } }, text };
  }
  readonly lineAt = (line: number): string | undefined => this.lines[line];
}

function problemOn(doc: Doc, line: number, extra: Partial<WriteProblem> = {}): WriteProblem {
  return { line, endLine: line, message: `bad ${line}`, severity: 'error', code: 400, lineText: doc.lines[line], ...extra };
}

/** Runs one edit and returns the lines the problems are on afterwards. */
function after(doc: Doc, problems: WriteProblem[], ...edit: Parameters<Doc['edit']>): number[] {
  const change = doc.edit(...edit);
  return applyChanges(problems, [change], doc.lineAt).map((p) => p.line);
}

const TEXT = 'a f=1\nb f=\nc f=3\nd f=\ne f=5';

void describe('write problems follow their lines while the document is edited', () => {
  void it('shift down and up with lines inserted or deleted above', () => {
    const doc = new Doc(TEXT);
    const problems = [problemOn(doc, 1), problemOn(doc, 3)];
    assert.deepEqual(after(doc, problems, 0, 0, 0, 0, 'new f=1\nnew f=2\n'), [3, 5]);
    const moved = applyChanges(problems, [], doc.lineAt);
    assert.deepEqual(moved.map((p) => p.line), [1, 3], 'no change, no move');
    const doc2 = new Doc(TEXT);
    assert.deepEqual(after(doc2, [problemOn(doc2, 1), problemOn(doc2, 3)], 0, 0, 1, 0, ''), [0, 2], 'first line deleted');
  });

  void it('stay when edits are below them or on other lines', () => {
    const doc = new Doc(TEXT);
    assert.deepEqual(after(doc, [problemOn(doc, 1)], 2, 4, 2, 5, '42'), [1]);
    assert.deepEqual(after(doc, [problemOn(doc, 1)], 4, 0, 4, 5, ''), [1]);
  });

  void it('disappear when their own line changes', () => {
    for (const [sl, sc, el, ec, text] of [
      [1, 4, 1, 4, '2'], // typing at the end
      [1, 0, 1, 0, 'x'], // typing at the start
      [1, 1, 1, 2, ''], // deleting inside
      [0, 5, 1, 0, ''], // joined to the line above (Backspace at its start)
      [1, 4, 2, 0, ''], // the next line joined to it (Delete at its end)
      [0, 2, 2, 2, 'zz'], // replaced inside a larger selection
    ] as const) {
      const doc = new Doc(TEXT);
      assert.deepEqual(after(doc, [problemOn(doc, 1)], sl, sc, el, ec, text), [], `edit ${sl}:${sc}-${el}:${ec} ${JSON.stringify(text)}`);
    }
  });

  void it('stay on their line when Enter splits before or after it', () => {
    const doc = new Doc(TEXT);
    assert.deepEqual(after(doc, [problemOn(doc, 1)], 1, 4, 1, 4, '\n'), [1], 'Enter at its end');
    assert.deepEqual(after(doc, [problemOn(doc, 1)], 1, 0, 1, 0, '\n'), [2], 'Enter at its start');
    assert.deepEqual(after(doc, [problemOn(doc, 2)], 1, 0, 2, 0, ''), [1], 'the whole line above deleted');
  });

  void it('stay when the line above is joined with an empty line', () => {
    const doc = new Doc('a f=1\n\nb f=');
    assert.deepEqual(after(doc, [problemOn(doc, 2)], 1, 0, 2, 0, ''), [1]);
  });

  void it('take several changes of one event in order', () => {
    const doc = new Doc(TEXT);
    const problems = [problemOn(doc, 1), problemOn(doc, 3)];
    // Two cursors, applied bottom first as the editor reports them: a new line above line 3, then text on line 1.
    const first = doc.edit(3, 0, 3, 0, 'x f=1\n');
    const second = doc.edit(1, 0, 1, 0, 'q');
    const kept = applyChanges(problems, [first, second], doc.lineAt);
    assert.deepEqual(kept.map((p) => [p.line, p.message]), [[4, 'bad 3']]);
  });

  void it('keep a run of lines not sent while lines inside it change, and shift its end', () => {
    const doc = new Doc(TEXT);
    const run = problemOn(doc, 1, { endLine: 3, severity: 'warning', code: undefined });
    const change = doc.edit(2, 0, 2, 0, 'm f=1\n');
    assert.deepEqual(applyChanges([run], [change], doc.lineAt).map((p) => [p.line, p.endLine]), [[1, 4]]);
  });

  void it('drop a problem whose line text is unknown once its line is edited, and learn texts when opened', () => {
    const doc = new Doc(TEXT);
    const unknown = { ...problemOn(doc, 1), lineText: undefined };
    assert.deepEqual(after(doc, [unknown], 0, 0, 0, 0, 'x\n'), [2], 'edits above still shift it');
    assert.deepEqual(after(doc, [{ ...unknown, line: 2, endLine: 2 }], 2, 0, 2, 0, '\n'), []);
    assert.equal(withLineTexts([unknown], doc.lineAt)[0].lineText, doc.lines[1]);
  });
});

/** The [first, last] 0-based lines of each data line spanning several, as the write's batches carry them. */
function multiLineDataLines(text: string, firstLine = 1): [number, number][] {
  const { batches } = batchesOfText(text, { batchLines: 1000, batchBytes: 1_000_000 }, firstLine);
  return batches.flatMap((b) => b.lines.map((line, i): [number, number] => [line - 1, endLineOf(b, i) - 1])).filter(([first, last]) => last > first);
}

void describe('a rejected point whose string value spans lines', () => {
  const TEXT2 = 'a f=1\nm s="first\nsecond" 2\nb f=3';
  const spanning = (doc: Doc): WriteProblem => ({ line: 1, endLine: 2, message: 'bad', severity: 'error', code: 400, lineText: `${doc.lines[1]}\n${doc.lines[2]}` });

  void it('finds the lines of every multi-line data line, shifted for a selection', () => {
    const text = 'a f="x\ny" 1\nb f=1\n\n  c s="1\n2\n3"';
    assert.deepEqual(multiLineDataLines(text), [[0, 1], [4, 6]]);
    assert.deepEqual(multiLineDataLines(text, 10), [[9, 10], [13, 15]]);
    assert.deepEqual(multiLineDataLines('a f=1\nb f=2'), []);
  });

  void it('covers all its lines in the problem made from the report', () => {
    const doc = new Doc(TEXT2);
    const problems = placeProblems(report({ rejected: [{ line: 2, endLine: 3, dataLine: 2, message: 'bad', status: 400 }] }), [], doc.lineAt);
    assert.deepEqual(problems, [spanning(doc)]);
  });

  void it('disappears when any of its lines changes, and moves whole with edits above', () => {
    const doc = new Doc(TEXT2);
    assert.deepEqual(after(doc, [spanning(doc)], 2, 3, 2, 3, 'X'), [], 'edit on its second line');
    const doc2 = new Doc(TEXT2);
    const moved = applyChanges([spanning(doc2)], [doc2.edit(0, 0, 0, 0, 'z f=0\n')], doc2.lineAt);
    assert.deepEqual(moved.map((p) => [p.line, p.endLine]), [[2, 3]]);
    const doc3 = new Doc(TEXT2);
    const kept = applyChanges([spanning(doc3)], [doc3.edit(2, doc3.lines[2].length, 2, doc3.lines[2].length, '\n')], doc3.lineAt);
    assert.deepEqual(kept.map((p) => [p.line, p.endLine]), [[1, 2]], 'Enter at the end of its last line');
  });
});

function report(partial: Partial<WriteReport>): WriteReport {
  return { requests: 1, written: 0, rejected: [], notSent: [], unconfirmed: [], warnings: [], ...partial };
}

void describe('problemsFromReport', () => {
  const doc = new Doc(TEXT);
  void it('puts each rejected point on its physical line with the status as code', () => {
    const problems = placeProblems(report({ rejected: [{ line: 4, endLine: 4, dataLine: 4, message: 'missing field value', status: 400 }] }), [], doc.lineAt);
    assert.deepEqual(problems, [{ line: 3, endLine: 3, message: 'missing field value', severity: 'error', code: 400, lineText: 'd f=' }]);
  });

  void it('groups consecutive lines not sent for one reason, and puts notes on the first line with a problem', () => {
    const problems = problemsFromReport(
      report({
        notSent: [
          { line: 2, endLine: 2, dataLine: 2, reason: 'cancelled' },
          { line: 3, endLine: 3, dataLine: 3, reason: 'cancelled' },
          { line: 5, endLine: 5, dataLine: 4, reason: 'cancelled' },
          { line: 6, endLine: 6, dataLine: 5, reason: 'too large' },
        ],
        warnings: ['listing stops at line 3'],
      }),
    );
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.endLine, p.message]), [
      ['warning', 1, 4, 'cancelled'],
      ['information', 1, 1, 'listing stops at line 3'],
      ['warning', 5, 5, 'too large'],
    ]);
  });

  void it('marks unconfirmed lines as information, a run per reason', () => {
    const problems = problemsFromReport(
      report({
        unconfirmed: [
          { line: 1, endLine: 1, dataLine: 1, reason: 'no answer within 10000 ms' },
          { line: 2, endLine: 2, dataLine: 2, reason: 'no answer within 10000 ms' },
          { line: 4, endLine: 4, dataLine: 4, reason: 'the server dropped 1 of 2 points' },
        ],
      }),
    );
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.endLine, p.message]), [
      ['information', 0, 1, 'Unconfirmed: no answer within 10000 ms. The server may or may not have stored these lines.'],
      ['information', 3, 3, 'Unconfirmed: the server dropped 1 of 2 points. The server may or may not have stored this line.'],
    ]);
  });

  void it('puts the notes of a write without line problems on the first data line, never on a comment', () => {
    const commented = new Doc('# weather\n\n  # more\nw f=1 1\nw f=2 2');
    const problems = placeProblems(report({ written: 2, warnings: ['a note'] }), [], commented.lineAt);
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.message]), [['information', 3, 'a note']]);
    const placed = placeProblems(report({ written: 2, warnings: ['a note'] }), [], commented.lineAt);
    assert.deepEqual(placed.map((p) => [p.line, p.lineText]), [[3, 'w f=1 1']]);
  });

  void it(`marks at most ${MAX_LINE_PROBLEMS} rejected lines and says how many more there are`, () => {
    const rejected = Array.from({ length: 1005 }, (_, i) => ({ line: i + 1, endLine: i + 1, dataLine: i + 1, message: 'x', status: 400 }));
    const problems = problemsFromReport(report({ rejected }));
    assert.equal(problems.filter((p) => p.severity === 'error').length, MAX_LINE_PROBLEMS);
    assert.match(problems.find((p) => p.severity === 'information')?.message ?? '', /^5 more rejected lines are not marked here/);
  });
});

void describe('placeProblems (edits made while the write ran)', () => {
  const rejected = [
    { line: 3, endLine: 3, dataLine: 2, message: 'bad 3', status: 400 },
    { line: 6, endLine: 6, dataLine: 4, message: 'bad 6', status: 400 },
  ];
  void it('puts the problems where the written lines are now, with their current texts', () => {
    const doc = new Doc('a f=1\n# c\nb f=\n\nc f=3\nd f=');
    const changes = [doc.edit(0, 0, 0, 0, 'new f=0\nnew f=1\n')];
    const placed = placeProblems(report({ rejected }), changes, doc.lineAt);
    assert.deepEqual(placed.map((p) => [p.line, p.lineText]), [
      [4, 'b f='],
      [7, 'd f='],
    ]);
  });
  void it('drops a problem whose line was edited during the write, and places all without edits', () => {
    const doc = new Doc('a f=1\n# c\nb f=\n\nc f=3\nd f=');
    assert.deepEqual(placeProblems(report({ rejected }), [], doc.lineAt).map((p) => p.line), [2, 5]);
    const changes = [doc.edit(2, 4, 2, 4, '2')];
    assert.deepEqual(placeProblems(report({ rejected }), changes, doc.lineAt).map((p) => [p.line, p.message]), [[5, 'bad 6']]);
  });
});
