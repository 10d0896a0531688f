/**
 * `lp check` runs the editor's analysis: schema conflicts, reserved names and timestamps per
 * target, related places, severities and exit statuses, through the real built CLI.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CliDiagnostic } from '../../cli/src/diagnostics';
import { ensureBuilt, runLp } from './builtCli';

before(() => ensureBuilt());

/*
 * fixtures/schema.lp (a comment first, so physical lines are data lines + 1):
 *   2 cpu,host=a usage=1i 1700000000000000000
 *   3 cpu,host=b usage=2.5 1700000000000000001   usage was integer on line 2
 *   4 cpu,host=c host=3i 1700000000000000002     host is a tag on line 2
 *   5 cpu,time=x usage=4i 1700000000000000003    reserved tag
 *   6 cpu,host=d usage=5i 1700000000             seconds under ns precision
 */
const LABELS = {
  'cloud-serverless': 'InfluxDB Cloud Serverless',
  core: 'InfluxDB 3 Core',
  'oss-v2': 'InfluxDB OSS 2.x',
  v1: 'InfluxDB 1.x',
} as const;
type Target = keyof typeof LABELS;

const TABLE_WIDE = 'which sets the column type for the table';
// 1700000000 s is Tuesday 2023-11-14; 7-day shard groups start on multiples of 7 days since the epoch (a Thursday).
const SHARD = 'which sets the type for the shard group starting 2023-11-13T00:00:00.000000000Z';
const PRECISION_WARNING =
  'schema.lp:6:21: warning timestamp-precision: Timestamp 1700000000 read as nanoseconds is 1970-01-01T00:00:01.700000000Z; it looks like seconds ' +
  '(2023-11-14T22:13:20.000000000Z). Set the write precision to s (--precision) or write the timestamp in nanoseconds.\n';

function typeConflict(label: string, scope: string): string {
  return (
    `schema.lp:3:18: error field-type-conflict: Field 'usage' of measurement 'cpu' is float here but integer earlier (line 2, ${scope}): ${label} rejects the point. ` +
    'Write the value as integer (an integer with the i suffix, e.g. 1i).\n' +
    "  schema.lp:2:12: note: 'usage' first written here, as a field of type integer\n"
  );
}

function tagFieldConflict(label: string): string {
  return (
    `schema.lp:4:12: error tag-field-conflict: Field 'host' has the name of a tag of measurement 'cpu' (line 2): ${label} keeps tags and fields in one set of columns and rejects the point. Rename the field or the tag.\n` +
    "  schema.lp:2:5: note: 'host' first written here, as a tag\n"
  );
}

function reservedTag(label: string): string {
  return `schema.lp:5:5: error reserved-tag: Tag key 'time' is reserved: ${label} rejects the point (input tag "time" is invalid). Rename the tag.\n`;
}

/** Exact text output per target. */
const EXPECTED: Readonly<Record<Target, string>> = {
  'cloud-serverless': typeConflict(LABELS['cloud-serverless'], TABLE_WIDE) + tagFieldConflict(LABELS['cloud-serverless']) + reservedTag(LABELS['cloud-serverless']) + PRECISION_WARNING,
  core: typeConflict(LABELS.core, TABLE_WIDE) + tagFieldConflict(LABELS.core) + reservedTag(LABELS.core) + PRECISION_WARNING,
  // 1.x and 2.x keep tags and fields apart: the same name is allowed; type conflicts are per shard group.
  // OSS 2.x's parser itself refuses the tag named time.
  'oss-v2': typeConflict(LABELS['oss-v2'], SHARD) + 'schema.lp:5:5: error ReservedTagKey: cannot use reserved tag key "time". Rename the tag.\n' + PRECISION_WARNING,
  v1: typeConflict(LABELS.v1, SHARD) + reservedTag(LABELS.v1) + PRECISION_WARNING,
};

const ERRORS: Readonly<Record<Target, number>> = { 'cloud-serverless': 3, core: 3, 'oss-v2': 2, v1: 2 };

void describe('lp check: the editor analysis per target', () => {
  for (const target of Object.keys(LABELS) as Target[]) {
    void test(`${target}: type conflict, tag/field same key, reserved tag, seconds under ns (text)`, async () => {
      const run = await runLp(['check', '--target', target, 'schema.lp']);
      assert.equal(run.stdout, EXPECTED[target]);
      assert.equal(run.stderr, `lp check: 5 data lines in 1 file checked against ${target}: ${ERRORS[target]} errors, 1 warning\n`);
      assert.equal(run.status, 1);
    });
  }

  void test('v3 applies the Cloud Serverless rules, v2 those of OSS 2.x, and v3 is the default', async () => {
    const v3 = await runLp(['check', '--target', 'v3', 'schema.lp']);
    assert.equal(v3.stdout, EXPECTED['cloud-serverless']);
    assert.equal(v3.stderr, 'lp check: 5 data lines in 1 file checked against v3: 3 errors, 1 warning\n');
    const byDefault = await runLp(['check', 'schema.lp']);
    assert.equal(byDefault.stdout, EXPECTED['cloud-serverless']);
    const v2 = await runLp(['check', '--target', 'v2', 'schema.lp']);
    assert.equal(v2.stdout, EXPECTED['oss-v2']);
    const env = await runLp(['check', 'schema.lp'], { env: { LP_TARGET: 'v1' } });
    assert.equal(env.stdout, EXPECTED.v1);
  });

  void test('json: code, severity, data line and related places as fields', async () => {
    const run = await runLp(['check', '--format', 'json', '--target', 'core', 'schema.lp']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, '');
    const diagnostics = JSON.parse(run.stdout) as CliDiagnostic[];
    assert.deepEqual(
      diagnostics.map((d) => [d.line, d.column, d.endLine, d.endColumn, d.dataLine, d.severity, d.code]),
      [
        [3, 18, 3, 21, 2, 'error', 'field-type-conflict'],
        [4, 12, 4, 16, 3, 'error', 'tag-field-conflict'],
        [5, 5, 5, 9, 4, 'error', 'reserved-tag'],
        [6, 21, 6, 31, 5, 'warning', 'timestamp-precision'],
      ],
    );
    assert.deepEqual(diagnostics[0].related, [{ line: 2, column: 12, endLine: 2, endColumn: 17, message: "'usage' first written here, as a field of type integer" }]);
    assert.deepEqual(diagnostics[1].related, [{ line: 2, column: 5, endLine: 2, endColumn: 9, message: "'host' first written here, as a tag" }]);
    assert.deepEqual([diagnostics[2].related, diagnostics[3].related], [[], []]);
    // The text format prints the same messages.
    assert.equal(diagnostics.map((d) => d.message).join('|'), EXPECTED.core.split('\n').filter((l) => !l.startsWith(' ') && l !== '').map((l) => l.replace(/^[^:]+:\d+:\d+: \w+ [\w-]+: /, '')).join('|'));
    // Every record has exactly these keys, in this order.
    for (const d of diagnostics) {
      assert.deepEqual(Object.keys(d), ['file', 'line', 'column', 'endLine', 'endColumn', 'dataLine', 'severity', 'code', 'message', 'related']);
    }
  });

  void test('github: errors and warnings as annotations, the related place as a note line', async () => {
    const run = await runLp(['check', '--format', 'github', '--target', 'v1', 'schema.lp']);
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      `::error file=schema.lp,line=3,col=18::field-type-conflict: Field 'usage' of measurement 'cpu' is float here but integer earlier (line 2, ${SHARD}): InfluxDB 1.x rejects the point. ` +
        "Write the value as integer (an integer with the i suffix, e.g. 1i).%0Anote: line 2, column 12: 'usage' first written here, as a field of type integer\n" +
        '::error file=schema.lp,line=5,col=5::reserved-tag: Tag key \'time\' is reserved: InfluxDB 1.x rejects the point (input tag "time" is invalid). Rename the tag.\n' +
        '::warning file=schema.lp,line=6,col=21::timestamp-precision: Timestamp 1700000000 read as nanoseconds is 1970-01-01T00:00:01.700000000Z; it looks like seconds ' +
        '(2023-11-14T22:13:20.000000000Z). Set the write precision to s (--precision) or write the timestamp in nanoseconds.\n',
    );
  });

  void test('warnings only: exit 0, and the summary counts them', async () => {
    const run = await runLp(['check', '-'], { stdin: 'cpu usage=1i 1700000000\n' });
    assert.equal(run.status, 0);
    assert.match(run.stdout, /^<stdin>:1:14: warning timestamp-precision: Timestamp 1700000000 read as nanoseconds/);
    assert.equal(run.stderr, 'lp check: 1 data line in 1 file checked against v3: 0 errors, 1 warning\n');
    // The same value under --precision s is right: nothing to report.
    const seconds = await runLp(['check', '--precision', 's', '-'], { stdin: 'cpu usage=1i 1700000000\n' });
    assert.deepEqual([seconds.status, seconds.stdout], [0, '']);
  });

  void test('--precision s makes nanosecond timestamps overflow the 64-bit range', async () => {
    const run = await runLp(['check', '--precision', 's', '--target', 'core', '-'], { stdin: 'cpu usage=1i 1700000000000000000\n' });
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      '<stdin>:1:14: error timestamp-range: Timestamp 1700000000000000000 in seconds is 1700000000000000000000000000 ns, beyond the 64-bit nanosecond range: ' +
        'InfluxDB 3 Core rejects the point. Check the value and the precision setting.\n',
    );
  });

  void test('--retention: points older than the period are errors; inf and 0 mean none', async () => {
    const stdin = 'cpu usage=1i 1700000000000000000\n';
    const run = await runLp(['check', '--retention', '30d', '--target', 'cloud-dedicated', '-'], { stdin });
    assert.equal(run.status, 1);
    assert.equal(
      run.stdout,
      '<stdin>:1:14: error retention: Point at 2023-11-14T22:13:20.000000000Z is older than the retention period (30d): InfluxDB Cloud Dedicated rejects it (HTTP 403). ' +
        'Use a newer timestamp or a bucket with a longer retention period.\n',
    );
    for (const infinite of ['inf', '0']) {
      const none = await runLp(['check', '--retention', infinite, '-'], { stdin });
      assert.deepEqual([none.status, none.stdout], [0, ''], infinite);
    }
  });

  void test('--shard-group: on 1.x a type conflict needs both points in one shard group', async () => {
    // One nanosecond apart: in one 7-day group, but in two 1ns groups.
    const stdin = 'cpu usage=1i 1700000000000000000\ncpu usage=2.5 1700000000000000001\n';
    const week = await runLp(['check', '--target', 'v1', '-'], { stdin });
    assert.equal(week.status, 1);
    assert.match(week.stdout, /^<stdin>:2:11: error field-type-conflict: /);
    const tiny = await runLp(['check', '--target', 'v1', '--shard-group', '1ns', '-'], { stdin });
    assert.deepEqual([tiny.status, tiny.stdout], [0, '']);
    // InfluxDB 3 and Cloud judge the whole table: the shard group does not matter.
    const table = await runLp(['check', '--target', 'core', '--shard-group', '1ns', '-'], { stdin });
    assert.equal(table.status, 1);
  });

  void test('--retention alone sets the shard group the server would give it (1d: 1h groups)', async () => {
    // 2100-01-01T00:10:00Z and one hour later (far ahead: no retention period drops them).
    const t = 4_102_445_400n * 1_000_000_000n;
    const stdin = `cpu usage=1i ${t}\ncpu usage=2.5 ${t + 3_600_000_000_000n}\n`;
    const week = await runLp(['check', '--target', 'v1', '-'], { stdin });
    assert.match(week.stdout, /^<stdin>:2:11: error field-type-conflict: .*shard group starting 2099-12-28T00:00:00\.000000000Z/);
    const day = await runLp(['check', '--target', 'v1', '--retention', '1d', '-'], { stdin });
    assert.deepEqual([day.status, day.stdout], [0, '']);
    // Within one hour: one group.
    const hour = await runLp(['check', '--target', 'v1', '--retention', '1d', '-'], { stdin: `cpu usage=1i ${t}\ncpu usage=2.5 ${t + 1_800_000_000_000n}\n` });
    assert.match(hour.stdout, /shard group starting 2100-01-01T00:00:00\.000000000Z/);
  });

  void test('usage errors for precision, durations and sizes: exit 2, nothing checked', async () => {
    const cases: [string[], string][] = [
      [['--precision', 'sec'], "lp check: unknown precision 'sec' (from --precision). Use one of: ns, us, ms, s.\n"],
      [['--precision', 'NS'], "lp check: unknown precision 'NS' (from --precision). Use one of: ns, us, ms, s.\n"],
      [
        ['--retention', '30 days'],
        "lp check: --retention '30 days' is not a duration. Write it as InfluxDB does, e.g. '30d', '1h30m' or '2w' ('inf' or '0' for infinite).\n",
      ],
      [['--retention', '-1d'], "lp check: --retention '-1d' is not a duration. Write it as InfluxDB does, e.g. '30d', '1h30m' or '2w' ('inf' or '0' for infinite).\n"],
      [['--shard-group', '0'], "lp check: --shard-group '0' is not a positive duration. Write it as InfluxDB does, e.g. '7d', '1d' or '1h'.\n"],
      [['--shard-group', 'week'], "lp check: --shard-group 'week' is not a positive duration. Write it as InfluxDB does, e.g. '7d', '1d' or '1h'.\n"],
      [['--whole-file-limit', 'big'], "lp check: --whole-file-limit 'big' is not a size. Write it like '64M', '512K' or '0' (never analyse whole).\n"],
      [['--precision='], "lp check: option '--precision' needs a value, e.g. '--precision <value>'. Run 'lp check --help' to see its options.\n"],
    ];
    for (const [options, stderr] of cases) {
      const run = await runLp(['check', ...options, 'schema.lp']);
      assert.deepEqual([run.status, run.stdout, run.stderr], [2, '', stderr], options.join(' '));
    }
  });
});
