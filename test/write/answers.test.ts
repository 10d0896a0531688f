/** The answer parsers, fed the exact bodies of write-api.md §3 and their documented variants. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorMessage, summarize } from '../../core/src/write/answers/body';
import { parseIoxErrors, parseIoxRetention, parseIoxSchemaConflict, rfc3339Nanos } from '../../core/src/write/answers/iox';
import { droppedCount, parseFieldTypeConflict, parseUnableToParse } from '../../core/src/write/answers/models';
import { parseColumnTypeConflict, parseV3Errors } from '../../core/src/write/answers/v3';
import { backoffMs, retryAfterMs } from '../../core/src/write/retry';

void describe('IOx numbered errors', () => {
  void it('reads the documented body', () => {
    const body = `{"code":"invalid","line":2,"message":"failed to parse line protocol: errors encountered on line(s):\\nerror parsing line 2 (1-based): Invalid measurement was provided\\nerror parsing line 4 (1-based): Unable to parse timestamp value '123461000000000000000000000000'"}`;
    assert.deepEqual(parseIoxErrors(errorMessage(body)), [
      { line: 2, message: 'Invalid measurement was provided' },
      { line: 4, message: "Unable to parse timestamp value '123461000000000000000000000000'" },
    ]);
  });

  void it('tolerates indentation, backtick quoting, the partial-write prefix, write errors and i64 overflow', () => {
    const message = [
      'partial write has occurred, errors encountered on line(s):',
      '  error parsing line 1 (1-based): Could not parse entire line. Found trailing content: `abcdefghij...`',
      '\terror writing line 3 (1-based): Unable to insert iox::column_type::field::string type into column val with type iox::column_type::field::integer',
      '   timestamp overflows i64 on line 7 (1-based)',
    ].join('\n');
    assert.deepEqual(parseIoxErrors(message), [
      { line: 1, message: 'Could not parse entire line. Found trailing content: `abcdefghij...`' },
      { line: 3, message: 'Unable to insert iox::column_type::field::string type into column val with type iox::column_type::field::integer' },
      { line: 7, message: 'timestamp overflows i64' },
    ]);
    assert.equal(parseIoxErrors('no data written, errors encountered on line(s): error parsing line 12 (1-based): No fields were provided').length, 1);
  });

  void it('reads a schema conflict that names no line', () => {
    assert.deepEqual(
      parseIoxSchemaConflict('dml handler error: schema conflict: table vehicleLimitSoc, already exists: column value is type f64 but schema update has type i64'),
      { table: 'vehicleLimitSoc', column: 'value', existing: 'f64', attempted: 'i64' },
    );
  });
});

void describe('IOx retention refusals', () => {
  void it('reads the table and the minimum time of both wordings', () => {
    assert.deepEqual(
      parseIoxRetention('data in table bananas is outside of the retention period: minimum acceptable timestamp is 2023-05-23T08:59:06+00:00, but observed timestamp 2023-05-23T07:59:06+00:00 is older.'),
      { table: 'bananas', minimumNs: 1684832346n * 1_000_000_000n, minimum: '2023-05-23T08:59:06+00:00' },
    );
    assert.deepEqual(parseIoxRetention('observed timestamp 2026-05-18T19:49:01Z is outside the retention period; minimum acceptable timestamp is 2026-05-20T00:00:00Z'), {
      table: undefined,
      minimumNs: BigInt(Date.parse('2026-05-20T00:00:00Z')) * 1_000_000n,
      minimum: '2026-05-20T00:00:00Z',
    });
    assert.equal(parseIoxRetention('failed to parse line protocol'), undefined);
    assert.equal(parseIoxRetention('outside of the retention period: minimum acceptable timestamp is yesterday'), undefined);
  });

  void it('keeps RFC 3339 fractions to the nanosecond and applies offsets', () => {
    assert.equal(rfc3339Nanos('1970-01-01T00:00:01.000000002Z'), 1_000_000_002n);
    assert.equal(rfc3339Nanos('1970-01-01T01:00:00.5+01:00'), 500_000_000n);
    assert.equal(rfc3339Nanos('1970-01-01 00:00:00Z'), undefined);
  });
});

void describe('InfluxDB 3 data[]', () => {
  void it('reads an array, a single object, and ignores entries without a usable line number', () => {
    const array = JSON.parse('{"error":"partial write of line protocol occurred","data":[{"error_message":"No fields were provided","line_number":2,"original_line":"cpu,host=a val= 123"},{"error_message":"x"}]}') as unknown;
    assert.deepEqual(parseV3Errors(array), [{ line: 2, message: 'No fields were provided' }]);
    const single = JSON.parse('{"error":"line protocol parsing error","data":{"error_message":"bad","line_number":5,"original_line":"m"}}') as unknown;
    assert.deepEqual(parseV3Errors(single), [{ line: 5, message: 'bad' }]);
  });

  void it('reads a column type conflict', () => {
    assert.deepEqual(parseColumnTypeConflict("invalid column type for column 'temp', expected iox::column_type::field::float, got iox::column_type::field::string"), {
      column: 'temp',
      expected: 'float',
      got: 'string',
    });
  });
});

void describe('1.x / 2.x unable to parse', () => {
  void it('finds lines by text, with quotes and ": " inside, a trailing \\r, and identical lines once each', () => {
    const texts = ["m,t=a f='x': y", 'ok f=1', 'm f=1\r', 'dup f=', 'dup f='];
    const message = [
      "partial write: unable to parse 'm,t=a f='x': y': invalid field format",
      "unable to parse 'm f=1\r': invalid number",
      "unable to parse 'dup f=': missing field value",
      "unable to parse 'dup f=': missing field value dropped=0",
    ].join('\n');
    const { errors, unmatched } = parseUnableToParse(message, texts);
    assert.equal(unmatched, 0);
    assert.deepEqual(errors, [
      { index: 0, message: 'invalid field format' },
      { index: 2, message: 'invalid number' },
      { index: 3, message: 'missing field value' },
      { index: 4, message: 'missing field value' },
    ]);
  });

  void it('counts an entry whose text is not among the lines sent', () => {
    assert.equal(parseUnableToParse("unable to parse 'nope': bad", ['m f=1']).unmatched, 1);
  });

  void it('reads a field type conflict with Go quoting and the dropped count', () => {
    const message = 'partial write: field type conflict: input field "va\\"l" on measurement "m m" is type integer, already exists as type float dropped=3';
    assert.deepEqual(parseFieldTypeConflict(message), { field: 'va"l', measurement: 'm m', attempted: 'integer', existing: 'float' });
    assert.equal(droppedCount(message), 3);
  });
});

void describe('answer bodies and retry timing', () => {
  void it('takes message/error from JSON whatever the content type, else the header, else the text of an HTML page', () => {
    assert.equal(errorMessage('{"error":"database not found: \\"x\\""}'), 'database not found: "x"');
    assert.equal(errorMessage('', 'authorization failed'), 'authorization failed');
    assert.equal(summarize('<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>'), '413 Request Entity Too Large nginx');
    assert.ok(summarize('x'.repeat(5000)).length < 600);
  });

  void it('reads Retry-After as seconds (or a date), never milliseconds', () => {
    assert.equal(retryAfterMs('3', 0), 3000);
    assert.equal(retryAfterMs(null, 0), undefined);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
  });

  void it('backs off exponentially with jitter, capped', () => {
    assert.equal(backoffMs(0, () => 0), 500);
    assert.equal(backoffMs(3, () => 0.999999), 8000);
    assert.equal(backoffMs(20, () => 0), 15_000);
  });
});
