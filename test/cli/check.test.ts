/** `lp check`: diagnostics in three formats, exit statuses, and usage errors, through the real built CLI. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import type { CliDiagnostic } from '../../cli/src/diagnostics';
import { FIXTURES, ensureBuilt, runLp } from './builtCli';

const ESCAPE_HINT = 'Escape with a backslash any space or comma that belongs to a name or value.';
const FIELDS_HINT = `Write at least one field as key=value, with a valid value (1.0, 1i, 1u, "text", true). ${ESCAPE_HINT}`;
const TIMESTAMP_HINT = `A timestamp is an integer, after a single space. ${ESCAPE_HINT}`;
const TRAILING_HINT = 'Remove what follows, or escape it if it belongs to a name or value.';
const TRAILING_X = `Could not parse entire line. Found trailing content: \` x\`. ${TRAILING_HINT}`;

/** sample.lp under v3 (Cloud Serverless rules): [line, column, dataLine, code, message]; the editor's hint follows the parser's message. */
const SAMPLE_ERRORS = [
  [9, 5, 4, 'FieldSetMissing', `No fields were provided. ${FIELDS_HINT}`],
  [10, 13, 5, 'CannotParseEntireLine', `Could not parse entire line. Found trailing content: \`x\`. ${TRAILING_HINT}`],
  [11, 12, 6, 'FieldSetMissing', `No fields were provided. ${FIELDS_HINT}`],
  // Inside a multi-line data line, the error's own physical line (13), not the line where it begins.
  [13, 3, 7, 'CannotParseEntireLine', TRAILING_X],
  [14, 12, 8, 'CannotParseEntireLine', TRAILING_X],
] as const;

before(() => ensureBuilt());

void describe('lp check', () => {
  void test('a clean file: exit 0, nothing on stdout, a summary on stderr', async () => {
    const run = await runLp(['check', 'valid.lp']);
    assert.deepEqual([run.status, run.stdout], [0, '']);
    assert.equal(run.stderr, 'lp check: 2 data lines in 1 file checked against v3: no problems\n');
  });

  void test('text format: file:line:column: error KIND: message, exit 1', async () => {
    const run = await runLp(['check', 'sample.lp']);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, SAMPLE_ERRORS.map(([l, c, , k, m]) => `sample.lp:${l}:${c}: error ${k}: ${m}\n`).join(''));
    assert.equal(run.stderr, 'lp check: 8 data lines in 1 file checked against v3: 5 errors, 0 warnings\n');
  });

  void test('json format: one array with positions, data lines and codes', async () => {
    const run = await runLp(['check', '--format', 'json', 'sample.lp']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const diagnostics = JSON.parse(run.stdout) as CliDiagnostic[];
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.column, d.dataLine, d.code, d.message]),
      SAMPLE_ERRORS.map((e) => [...e]),
    );
    for (const d of diagnostics) {
      assert.equal(d.file, 'sample.lp');
      assert.equal(d.severity, 'error');
      assert.ok(d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column), JSON.stringify(d));
    }
    // ` x` spans two characters on line 13.
    assert.deepEqual([diagnostics[3].endLine, diagnostics[3].endColumn], [13, 5]);
  });

  void test('github format: workflow annotations', async () => {
    const run = await runLp(['check', '--format=github', 'sample.lp']);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, SAMPLE_ERRORS.map(([l, c, , k, m]) => `::error file=sample.lp,line=${l},col=${c}::${k}: ${m}\n`).join(''));
  });

  void test('several files and standard input, in order', async () => {
    const run = await runLp(['check', '--format', 'json', 'valid.lp', '-', 'sample.lp'], { stdin: 'ok f=1\nnot ok\n' });
    assert.equal(run.status, 1);
    const diagnostics = JSON.parse(run.stdout) as CliDiagnostic[];
    assert.deepEqual(diagnostics.map((d) => `${d.file}:${d.line}`), ['<stdin>:2', ...SAMPLE_ERRORS.map(([l]) => `sample.lp:${l}`)]);
  });

  void test('--target v2 and v1 report what the models parser rejects, where', async () => {
    const models = [
      'sample.lp:5:11: error InvalidFloat: invalid float', // 1e400
      'sample.lp:9:6: error MissingFieldValue: missing field value',
      `sample.lp:10:11: error BadTimestamp: bad timestamp. ${TIMESTAMP_HINT}`,
      `sample.lp:11:8: error InvalidTagFormat: invalid tag format. ${ESCAPE_HINT}`, // t=a=b
      `sample.lp:13:4: error BadTimestamp: bad timestamp. ${TIMESTAMP_HINT}`,
      `sample.lp:14:13: error BadTimestamp: bad timestamp. ${TIMESTAMP_HINT}`,
    ];
    const v2 = await runLp(['check', '--target', 'v2', 'sample.lp']);
    assert.deepEqual([v2.status, v2.stdout], [1, models.map((l) => l + '\n').join('')]);
    // 1.x also refuses unsigned integers (7u) in its default build.
    const v1 = await runLp(['check', '--target', 'v1', 'sample.lp']);
    assert.deepEqual([v1.status, v1.stdout], [1, ['sample.lp:3:65: error InvalidNumber: invalid number', ...models].map((l) => l + '\n').join('')]);
    assert.equal(v1.stderr, 'lp check: 8 data lines in 1 file checked against v1: 7 errors, 0 warnings\n');
  });

  void test('every product name is a target', async () => {
    for (const target of ['cloud-serverless', 'cloud-dedicated', 'clustered', 'core', 'enterprise', 'influxdb3-cloud', 'oss-v2', 'v1', 'v2', 'v3']) {
      const run = await runLp(['check', '--target', target, 'valid.lp']);
      assert.equal(run.status, 0, `${target}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`checked against ${target}: no problems`));
    }
  });

  void test('an unreadable file: exit 2 with what, where and what to do; the other files are still checked', async () => {
    const run = await runLp(['check', 'missing.lp', 'sample.lp']);
    assert.equal(run.status, 2);
    assert.equal(run.stdout.split('\n').length - 1, SAMPLE_ERRORS.length);
    assert.match(
      run.stderr,
      /^lp check: cannot read 'missing\.lp': no such file \(ENOENT\)\. Check the path and its permissions, or pass '-' to read standard input\.\n/,
    );
    const dir = await runLp(['check', '.']);
    assert.equal(dir.status, 2);
    assert.match(dir.stderr, /cannot read '\.': it is a directory, not a file \(EISDIR\)/);
  });

  void test('usage errors: exit 2 and a message that says what to do', async () => {
    const cases: [string[], string][] = [
      [['check'], "lp check: no FILE given. Name one or more files, or '-' for standard input, e.g. 'lp check data.lp'.\n"],
      [['check', '--format', 'xml', 'valid.lp'], "lp check: unknown format 'xml' (from --format). Use one of: text, json, github.\n"],
      [['check', '--target', 'v9', 'valid.lp'], "lp check: unknown target 'v9' (from --target). Use one of: cloud-serverless, cloud-dedicated, clustered, core, enterprise, influxdb3-cloud, oss-v2, v1, v3, v2.\n"],
      [['check', '--strict', 'valid.lp'], "lp check: unknown option '--strict'. Run 'lp check --help' to see its options.\n"],
    ];
    for (const [args, stderr] of cases) {
      const run = await runLp(args);
      assert.deepEqual([run.status, run.stdout, run.stderr], [2, '', stderr], args.join(' '));
    }
  });

  void test('--help documents formats, targets and exit statuses', async () => {
    const run = await runLp(['check', '--help']);
    assert.equal(run.status, 0);
    for (const word of ['--format', 'github', 'cloud-serverless', 'InfluxDB 3 Core', 'Exit status', '--precision', '--retention', '--shard-group', '--whole-file-limit', 'field-type-conflict', 'v3 applies the\n                        rules of cloud-serverless']) assert.ok(run.stdout.includes(word), word);
  });

  void test('stdin content equals the file content', async () => {
    const fromFile = await runLp(['check', '--format', 'json', 'sample.lp']);
    const fromStdin = await runLp(['check', '--format', 'json', '-'], { stdin: readFileSync(join(FIXTURES, 'sample.lp'), 'utf8') });
    assert.equal(fromStdin.stdout, fromFile.stdout.replaceAll('"sample.lp"', '"<stdin>"'));
  });
});
