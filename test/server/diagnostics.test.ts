/**
 * Every diagnostic rule of the language server, for every target, over the real protocol:
 * exact code, range, severity and message. `{L}` in an expected message is the target's name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brief, messageOf, TestClient } from './client';

const LABELS: Record<string, string> = {
  'cloud-serverless': 'InfluxDB Cloud Serverless',
  'cloud-dedicated': 'InfluxDB Cloud Dedicated',
  clustered: 'InfluxDB Clustered',
  core: 'InfluxDB 3 Core',
  enterprise: 'InfluxDB 3 Enterprise',
  'oss-v2': 'InfluxDB OSS 2.x',
  v1: 'InfluxDB 1.x',
};
const TARGETS = Object.keys(LABELS);
const V3 = ['cloud-serverless', 'cloud-dedicated', 'clustered', 'core', 'enterprise'];
const CLOUD = ['cloud-serverless', 'cloud-dedicated', 'clustered'];
const MODELS = ['oss-v2', 'v1'];

const E = 1;
const W = 2;
type Brief = [string, string, number, string];

interface Case {
  readonly name: string;
  readonly text: string;
  readonly settings?: Record<string, unknown>;
  /** Expected diagnostics per group of targets (every target must be covered exactly once). */
  readonly expect: readonly (readonly [readonly string[], readonly Brief[]])[];
}

const T0 = 1700000000000000000n;
const HOUR = 3_600_000_000_000n;
const DAY = 24n * HOUR;
/** 2023-11-13T00:00:00Z, a Monday: the start of a 7-day shard group (Go's time.Truncate counts from year 1, a Monday). */
const WEEK_START = 1699833600n * 1_000_000_000n;

/** The same diagnostic at each of `ranges` (one per line, in order). */
function atEach(code: string, ranges: readonly string[], severity: number, message: string): Brief[] {
  return ranges.map((range) => [code, range, severity, message]);
}

const ESCAPE_HINT = 'Escape with a backslash any space or comma that belongs to a name or value.';

const typeConflict: Brief = [
  'field-type-conflict',
  '1:4-1:6',
  E,
  "Field 'f' of measurement 'm' is integer here but float earlier (line 1, which sets the column type for the table): {L} rejects the point. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).",
];

const V3_RANGE = 'the 64-bit nanosecond range';
const MODELS_RANGE = 'the range {L} accepts (±9223372036854775806 ns)';

/** timestamp-range for 1699999999999920000 read as seconds. */
function beyond(range: string, what: string): Brief {
  return ['timestamp-range', range, E, `Timestamp 1699999999999920000 in seconds is 1699999999999920000000000000 ns, beyond ${what}: {L} rejects the point. Check the value and the precision setting.`];
}

const CASES: Case[] = [
  {
    name: 'parse error at the exact token',
    text: 'm,t= f=1\n',
    expect: [
      [V3, [['ExpectedTagValue', '0:4-0:5', E, 'Expected tag value, got ` f=1`. Give the tag a value after the equals sign.']]],
      [MODELS, [['MissingTagValue', '0:4-0:5', E, 'missing tag value']]],
    ],
  },
  {
    name: 'unescaped space: parse error with an escape hint',
    text: 'my meas f=1\n',
    expect: [
      [V3, [['FieldSetMissing', '0:3-0:7', E, `No fields were provided. Write at least one field as key=value, with a valid value (1.0, 1i, 1u, "text", true). ${ESCAPE_HINT}`]]],
      [MODELS, [['InvalidFieldFormat', '0:3-0:7', E, `invalid field format. ${ESCAPE_HINT}`]]],
    ],
  },
  {
    name: 'timestamp beyond the range after the precision',
    text: 'm f=1 10000000000\n',
    settings: { precision: 's' },
    expect: [
      [V3, [['timestamp-range', '0:6-0:17', E, 'Timestamp 10000000000 in seconds is 10000000000000000000 ns, beyond the 64-bit nanosecond range: {L} rejects the point. Check the value and the precision setting.']]],
      [MODELS, [['timestamp-range', '0:6-0:17', E, 'Timestamp 10000000000 in seconds is 10000000000000000000 ns, beyond the range {L} accepts (±9223372036854775806 ns): {L} rejects the point. Check the value and the precision setting.']]],
    ],
  },
  {
    name: '1.x/2.x reject the extreme nanosecond timestamps that InfluxDB 3 accepts',
    text: 'm f=1 9223372036854775807\n',
    settings: { precision: 'ns' },
    expect: [
      [V3, []],
      [MODELS, [['TimeOutsideRange', '0:6-0:25', E, 'time outside range -9223372036854775806 - 9223372036854775806. Use a timestamp within ±9223372036854775806 ns.']]],
    ],
  },
  {
    name: 'timestamp beyond the 64-bit range',
    text: 'm f=1 99999999999999999999\n',
    expect: [
      [V3, [['TimestampValueInvalid', '0:6-0:26', E, 'Unable to parse timestamp value `99999999999999999999`. A timestamp is a 64-bit integer.']]],
      [MODELS, [['TimestampValueInvalid', '0:6-0:26', E, 'strconv.ParseInt: parsing "99999999999999999999": value out of range. A timestamp is a 64-bit integer.']]],
    ],
  },
  {
    name: 'timestamp not an integer',
    text: 'm f=1 1.5\n',
    expect: [
      [V3, [['CannotParseEntireLine', '0:7-0:9', E, 'Could not parse entire line. Found trailing content: `.5`. Remove what follows, or escape it if it belongs to a name or value.']]],
      [MODELS, [['BadTimestamp', '0:6-0:9', E, `bad timestamp. A timestamp is an integer, after a single space. ${ESCAPE_HINT}`]]],
    ],
  },
  {
    name: 'a 10-digit timestamp under ns precision looks like seconds',
    text: 'm f=1 1700000000\n',
    expect: [
      [
        TARGETS,
        [['timestamp-precision', '0:6-0:16', W, 'Timestamp 1700000000 read as nanoseconds is 1970-01-01T00:00:01.700000000Z; it looks like seconds (2023-11-14T22:13:20.000000000Z). Set the write precision to s (influxLineProtocol.precision) or write the timestamp in nanoseconds.']],
      ],
    ],
  },
  {
    name: 'points outside the retention period',
    text: `m f=1 946684800000000000\nm f=1 ${BigInt(Date.now()) * 1_000_000n - DAY}\n`,
    settings: { retentionPeriod: '30d' },
    expect: [
      [CLOUD, [['retention', '0:6-0:24', E, 'Point at 2000-01-01T00:00:00.000000000Z is older than the retention period (30d): {L} rejects it (HTTP 403). Use a newer timestamp or a bucket with a longer retention period.']]],
      [['core', 'enterprise', ...MODELS], [['retention', '0:6-0:24', E, 'Point at 2000-01-01T00:00:00.000000000Z is older than the retention period (30d): {L} rejects it. Use a newer timestamp or a bucket with a longer retention period.']]],
    ],
  },
  {
    // Seconds precision with nanosecond timestamps: the time is meaningless, so is its shard group.
    name: 'a point with a timestamp beyond the range conflicts with nothing',
    text: 'm f=1 1699999999999920000\nm f=1i 1699999999999920000\n',
    settings: { precision: 's' },
    expect: [
      [V3, [beyond('0:6-0:25', V3_RANGE), beyond('1:7-1:26', V3_RANGE)]],
      [MODELS, [beyond('0:6-0:25', MODELS_RANGE), beyond('1:7-1:26', MODELS_RANGE)]],
    ],
  },
  {
    name: 'a point with a timestamp beyond the range sets no column type',
    text: 'm f=1i,g=1 1699999999999920000\nm f=1,h=1 1700000000\nm,g=x h=2 1700000000\n',
    settings: { precision: 's' },
    expect: [
      [V3, [beyond('0:11-0:30', V3_RANGE)]],
      [MODELS, [beyond('0:11-0:30', MODELS_RANGE)]],
    ],
  },
  {
    name: 'a point older than the retention period sets no column type',
    text: `m f=1i 946684800000000000\nm f=1 ${BigInt(Date.now()) * 1_000_000n - DAY}\n`,
    settings: { retentionPeriod: '30d' },
    expect: [
      [CLOUD, [['retention', '0:7-0:25', E, 'Point at 2000-01-01T00:00:00.000000000Z is older than the retention period (30d): {L} rejects it (HTTP 403). Use a newer timestamp or a bucket with a longer retention period.']]],
      [['core', 'enterprise', ...MODELS], [['retention', '0:7-0:25', E, 'Point at 2000-01-01T00:00:00.000000000Z is older than the retention period (30d): {L} rejects it. Use a newer timestamp or a bucket with a longer retention period.']]],
    ],
  },
  {
    name: 'field type conflicts: whole table on InfluxDB 3, one shard group on 1.x/2.x',
    text: `m f=1.5 ${T0}\nm f=2i ${T0 + HOUR}\nm f=3i ${T0 + 8n * DAY}\n`,
    expect: [
      [V3, [typeConflict, ['field-type-conflict', '2:4-2:6', E, typeConflict[3]]]],
      [MODELS, [['field-type-conflict', '1:4-1:6', E, "Field 'f' of measurement 'm' is integer here but float earlier (line 1, which sets the type for the shard group starting 2023-11-13T00:00:00.000000000Z): {L} rejects the point. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0)."]]],
    ],
  },
  {
    name: 'points 8 days apart are in different 7-day shard groups',
    text: `m f=1.5 ${WEEK_START}\nm f=2i ${WEEK_START + 8n * DAY}\n`,
    expect: [
      [V3, [['field-type-conflict', '1:4-1:6', E, typeConflict[3]]]],
      [MODELS, []],
    ],
  },
  {
    name: 'the shard group duration setting widens the window',
    text: `m f=1.5 ${WEEK_START}\nm f=2i ${WEEK_START + 8n * DAY}\n`,
    settings: { shardGroupDuration: '28d' },
    expect: [
      [V3, [['field-type-conflict', '1:4-1:6', E, typeConflict[3]]]],
      [MODELS, [['field-type-conflict', '1:4-1:6', E, "Field 'f' of measurement 'm' is integer here but float earlier (line 1, which sets the type for the shard group starting 2023-11-13T00:00:00.000000000Z): {L} rejects the point. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0)."]]],
    ],
  },
  {
    name: 'a tag and a field with the same key',
    text: 'm,k=a f=1\nm k=1\n',
    expect: [
      [V3, [['tag-field-conflict', '1:2-1:3', E, "Field 'k' has the name of a tag of measurement 'm' (line 1): {L} keeps tags and fields in one set of columns and rejects the point. Rename the field or the tag."]]],
      [MODELS, []],
    ],
  },
  {
    name: 'duplicate field keys in a line',
    text: 'm f=1,f=2\nm g=1,g=2i\n',
    expect: [
      [
        CLOUD,
        [
          ['duplicate-field', '0:6-0:9', W, "Field 'f' appears more than once: {L} keeps only the last value. Remove the duplicate."],
          ['duplicate-field', '1:6-1:10', E, "Field 'g' is specified more than once with conflicting types (float and integer): {L} rejects the point. Remove the duplicate."],
        ],
      ],
      [
        ['core', 'enterprise'],
        [
          ['duplicate-field', '0:6-0:9', E, "Field 'f' appears more than once: {L} rejects the line (\"multiple instances of 'f' field found\"). Remove the duplicate."],
          ['duplicate-field', '1:6-1:10', E, "Field 'g' appears more than once: {L} rejects the line (\"multiple instances of 'g' field found\"). Remove the duplicate."],
        ],
      ],
      [
        MODELS,
        [
          ['duplicate-field', '0:6-0:9', W, "Field 'f' appears more than once: {L} keeps only the last value. Remove the duplicate."],
          ['duplicate-field', '1:6-1:10', E, "Field 'g' is specified more than once with conflicting types (float and integer): {L} rejects the point (\"field type conflict\"). Remove the duplicate."],
        ],
      ],
    ],
  },
  {
    name: 'duplicate tag keys in a line',
    text: 'm,t=a,t=a f=1\nm,t=a,t=b f=1\n',
    expect: [
      [
        CLOUD,
        [
          ...atEach('duplicate-tag', ['0:6-0:9', '1:6-1:9'], E, 'Tag \'t\' appears more than once: {L} rejects the point ("the tag \'t\' is specified more than once with conflicting values"), even when the values are equal. Keep one.'),
        ],
      ],
      [
        // Rejected since 3.9.8 / 3.10.3 (docs-v2 v3-core-enterprise-release-notes "Duplicate tag key rejection"),
        // in the words Core and Enterprise 3.11.0 answer (influxdata/influxdb3_mcp_server tests/fixtures/write-errors.ts).
        ['core', 'enterprise'],
        [
          ...atEach('duplicate-tag', ['0:6-0:9', '1:6-1:9'], E, 'Tag \'t\' appears more than once: {L} rejects the point ("invalid line protocol - multiple instances of \'t\' tag found"), even when the values are equal (since 3.9.8 and 3.10.3; an older server stores it and then fails to snapshot the table). Keep one.'),
        ],
      ],
      [
        MODELS,
        [
          ...atEach('DuplicateTags', ['0:6-0:7', '1:6-1:7'], E, 'duplicate tags. Keep one of the repeated tags.'),
        ],
      ],
    ],
  },
  {
    name: 'reserved names',
    text: 'm,time=a f=1\nm,_measurement=x f=1\nm time=1\nm time=1,g=2\n',
    expect: [
      [
        [...V3, 'v1'],
        [
          ['reserved-tag', '0:2-0:6', E, 'Tag key \'time\' is reserved: {L} rejects the point (input tag "time" is invalid). Rename the tag.'],
          ['reserved-field', '2:2-2:6', E, "Field key 'time' is reserved and it is the only field: {L} rejects the point (invalid field name). Rename the field."],
          ['reserved-field', '3:2-3:6', W, "Field key 'time' is reserved: {L} drops this field and writes the rest of the point. Rename the field."],
        ],
      ],
      [
        ['oss-v2'],
        [
          ['ReservedTagKey', '0:2-0:6', E, 'cannot use reserved tag key "time". Rename the tag.'],
          ['ReservedTagKey', '1:2-1:14', E, 'cannot use reserved tag key "_measurement". Rename the tag.'],
          ['reserved-field', '2:2-2:6', E, "Field key 'time' is reserved and it is the only field: {L} rejects the point (invalid field name). Rename the field."],
          ['reserved-field', '3:2-3:6', W, "Field key 'time' is reserved: {L} drops this field and writes the rest of the point. Rename the field."],
        ],
      ],
    ],
  },
  {
    name: 'CRLF line endings',
    text: 'm f=1\r\nm f=2 1\r\n',
    settings: { precision: 's' },
    expect: [
      [
        TARGETS,
        [
          ...atEach('crlf', ['0:5-0:6', '1:7-1:8'], E, "CRLF line ending: {L} does not treat '\\r' as part of the line break, so every line of a CRLF file is rejected. Convert the file to LF line endings."),
        ],
      ],
    ],
  },
  {
    name: 'trailing whitespace without a timestamp',
    text: `m f=1 \nm f=1 ${T0} \n`,
    expect: [
      [V3, [['trailing-whitespace', '0:5-0:6', E, 'Trailing whitespace after the fields: {L} rejects it unless a timestamp follows ("Could not parse entire line"). Remove it.']]],
      [MODELS, []],
    ],
  },
  {
    name: 'strings over the size limit',
    text: `m s="${'x'.repeat(65537)}"\n`,
    expect: [
      [CLOUD, [['FieldStringValueTooLarge', '0:4-0:65543', E, 'String is greater than 64KB. Shorten the name or string value.']]],
      [['core', 'enterprise', ...MODELS], []],
    ],
  },
];

function fieldsLine(n: number): string {
  return 'wide ' + Array.from({ length: n }, (_, i) => `f${i}=1`).join(',') + '\n';
}

void describe('diagnostics per rule and target', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(async () => {
    await client.dispose();
  });

  for (const c of CASES) {
    void test(c.name, async () => {
      const covered = c.expect.flatMap(([targets]) => targets).sort();
      assert.deepEqual(covered, [...TARGETS].sort(), 'every target has an expectation');
      for (const [targets, expected] of c.expect) {
        for (const target of targets) {
          const uri = `file:///rules/${encodeURIComponent(c.name)}/${target}.lp`;
          client.settings = (scope: string) => (scope === uri ? { target, ...c.settings } : {});
          const got = (await client.open(uri, c.text)).map(brief);
          const want = expected.map(([code, range, severity, message]) => [code, range, severity, message.replaceAll('{L}', LABELS[target])]);
          assert.deepEqual(got, want, `target ${target}`);
          await client.close(uri);
        }
      }
    });
  }

  void test('column limit per table: 200 Serverless, 250 Dedicated/Clustered, 500 Core/Enterprise, none on 1.x/2.x', async () => {
    const text = fieldsLine(260);
    // One line of 260 fields: the line is rejected, and it alone says so.
    const expected: Record<string, number> = { 'cloud-serverless': 1, 'cloud-dedicated': 1, clustered: 1, core: 0, enterprise: 0, 'oss-v2': 0, v1: 0 };
    for (const target of TARGETS) {
      const uri = `file:///columns/${target}.lp`;
      client.settings = { target };
      const got = await client.open(uri, text);
      assert.equal(got.length, expected[target], target);
      if (got.length > 0) {
        const limit = target === 'cloud-serverless' ? 200 : 250;
        const end = text.indexOf('=', text.indexOf(',f259='));
        assert.deepEqual(brief(got[0]), [
          'column-limit',
          `0:5-0:${end}`,
          E,
          `This line adds columns 'f0', 'f1', 'f2' and 257 more to table 'wide', which would then have 261 columns (time included): ${LABELS[target]} allows ${limit} per table and fails the whole write request, storing none of its lines. Write the other lines without this one, use fewer tags and fields, or split the measurement.`,
        ]);
      }
      await client.close(uri);
    }
  });

  void test('a conflict points at the line that set the fact (related information)', async () => {
    client.settings = {};
    const uri = 'file:///related.lp';
    const got = await client.open(uri, '# header\ncpu,host=a usage=1.5\n\ncpu,host=b usage=2i\n');
    assert.equal(got.length, 1);
    assert.match(messageOf(got[0]), /\(line 2, which sets the column type/);
    assert.deepEqual(got[0].relatedInformation, [
      { location: { uri, range: { start: { line: 1, character: 11 }, end: { line: 1, character: 16 } } }, message: "'usage' first written here, as a field of type float" },
    ]);
    assert.deepEqual(got[0].data, { fix: 'set-type', type: 'float', from: 'integer' });
    await client.close(uri);
  });

  void test('maxDiagnostics caps the list, and one note says how many more there are', async () => {
    client.settings = { maxDiagnostics: 3 };
    const uri = 'file:///many.lp';
    const got = await client.open(uri, 'a\nb\nc\nd\ne\n');
    assert.deepEqual(
      got.map((d) => [d.range.start.line, d.code]),
      [
        [0, 'ExpectedSpace'],
        [1, 'ExpectedSpace'],
        [2, 'ExpectedSpace'],
        [3, 'more-problems'],
      ],
    );
    await client.close(uri);
  });
});
