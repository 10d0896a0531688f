/**
 * The differences between servers (../shared/docs/line-protocol.md §12, §11): each row of the
 * table under every target, and every reason of the 1.x/2.x `models` parser.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineProtocol, type ParseOptions, type ParserTarget } from '../../core/src/index';
import { error, failure, plain, point, values } from './helpers';

const v1 = { target: 'v1' } as const;
const v2 = { target: 'v2' } as const;
const TRAILING = 'Could not parse entire line. Found trailing content: ';

/** Each data line's outcome under `target`: 'ok' or the reason. */
function outcomes(input: string, target: ParserTarget): string[] {
  const doc = parseLineProtocol(input, { target });
  return Array.from({ length: doc.count }, (_, i) => {
    const r = doc.result(i);
    return r.ok ? 'ok' : r.error.message;
  });
}

/** A row of the table: the outcome per target. */
function row(input: string, expected: { v3: string[]; v2: string[]; v1: string[] }): void {
  for (const target of ['v3', 'v2', 'v1'] as const) {
    assert.deepEqual(outcomes(input, target), expected[target], `${JSON.stringify(input)} under ${target}`);
  }
}

const ok = ['ok'];

/** A row where InfluxDB 3 says `v3` and both `models` parsers refuse the line for `reason`. */
function modelsRefuse(v3: string[], reason: string): { v3: string[]; v2: string[]; v1: string[] } {
  return { v3, v2: [reason], v1: [reason] };
}

/** Rows of [input, kind, message]: the input's first error under `options`. */
function failures(options: ParseOptions, rows: readonly (readonly [input: string, kind: string, message: string])[]): void {
  for (const [input, kind, message] of rows) assert.deepEqual(failure(input, options), [kind, message], JSON.stringify(input));
}

void describe('§12 differences table, per target', () => {
  void test('trailing space without a timestamp', () => {
    row('m f=1 ', { v3: [TRAILING + '` `'], v2: ok, v1: ok });
  });

  void test('CRLF', () => {
    row('m f=1\r\n', modelsRefuse([TRAILING + '`\r`'], 'invalid number'));
  });

  void test('leading TAB', () => {
    row('\tm f=1', { v3: ok, v2: ok, v1: ok });
  });

  void test('.5 and 5.', () => {
    row('m f=.5', { v3: ['No fields were provided'], v2: ok, v1: ok });
    row('m f=5.', { v3: [TRAILING + '`.`'], v2: ok, v1: ok });
    assert.deepEqual(values('m a=.5,b=5.,c=-.5,d=1.e1', v1), [0.5, 5, -0.5, 10]);
  });

  void test('1e400', () => {
    row('m f=1e400', modelsRefuse(ok, 'invalid float'));
    assert.deepEqual(values('m f=1e400'), [Infinity]);
  });

  void test('1_000, +1, NaN, Inf', () => {
    row('m f=1_000', modelsRefuse([TRAILING + '`_000`'], 'invalid number'));
    row('m f=+1', modelsRefuse(['No fields were provided'], 'invalid boolean'));
    row('m f=NaN', modelsRefuse(['No fields were provided'], 'invalid number'));
    row('m f=Inf', modelsRefuse(['No fields were provided'], 'invalid boolean'));
  });

  void test('unsigned integers: 1.x default build refuses them, 2.x accepts', () => {
    row('foo asdf=23u', { v3: ok, v2: ok, v1: ['invalid number'] });
    assert.deepEqual(plain(point('foo asdf=23u', v2)).fields, [['asdf', 'uinteger', 23n]]);
  });

  void test('timestamp range: models refuses the i64 extremes', () => {
    const range = 'time outside range -9223372036854775806 - 9223372036854775806';
    row('m f=1 9223372036854775807', modelsRefuse(ok, range));
    row('m f=1 -9223372036854775807', modelsRefuse(ok, range));
    row('m f=1 9223372036854775806', { v3: ok, v2: ok, v1: ok });
    row('m f=1 -9223372036854775806', { v3: ok, v2: ok, v1: ok });
  });

  void test('duplicate tags', () => {
    row('m,t=v,t=w f=1', modelsRefuse(ok, 'duplicate tags'));
    row('m,b=1,a=2,b=3 f=1', modelsRefuse(ok, 'duplicate tags'));
  });

  void test('"=" in a tag value, "," in keys', () => {
    row('m,t=a=b f=1', modelsRefuse(ok, 'invalid tag format'));
    row('m,t,k=v f=1', modelsRefuse(ok, 'missing tag value'));
    row('m a,b=1', modelsRefuse(ok, 'invalid field format'));
  });

  void test('a trailing comma after the fields', () => {
    row('m f=1,', modelsRefuse(ok, 'invalid field format'));
    row('m f=1, 123', modelsRefuse(ok, 'invalid field format'));
  });

  void test('\\n in a string stays two characters everywhere', () => {
    for (const target of ['v3', 'v2', 'v1'] as const) assert.deepEqual(values('m f="a\\nb"', { target }), ['a\\nb']);
  });

  void test('1.x stores a measurement through escape.Unescape: \\= and \\" lose their backslash (observed on 1.6.7)', () => {
    assert.equal(point('ma\\=x f=1', v1).measurement.value, 'ma=x');
    assert.equal(point('mb\\"x f=1', v1).measurement.value, 'mb"x');
    assert.equal(point('mc\\,x\\ y f=1', v1).measurement.value, 'mc,x y');
    // Other backslashes stay, as before.
    assert.equal(point('md\\x\\\\y f=1', v1).measurement.value, 'md\\x\\\\y');
    // InfluxDB 3 keeps the backslash of \= in a measurement.
    assert.equal(point('ma\\=x f=1').measurement.value, 'ma\\=x');
  });

  void test('\\\\ is not unescaped in names by models', () => {
    assert.equal(point('\\\\wea\\\\ther f=1').measurement.value, '\\wea\\ther');
    assert.equal(point('\\\\wea\\\\ther f=1', v1).measurement.value, '\\\\wea\\\\ther');
    assert.equal(point('\\\\wea\\\\ther f=1', v2).measurement.value, '\\\\wea\\\\ther');
    row('m\\\\,t=v f=1', {
      v3: ['Measurements, tag keys and values, and field keys may not end with a backslash'],
      v2: ok,
      v1: ok,
    });
    assert.deepEqual(plain(point('m\\\\,t=v f=1', v1)), { m: 'm\\,t=v', tags: [], fields: [['f', 'float', 1]], ts: undefined });
  });

  void test('NUL and control characters', () => {
    row('m,t=\0 f=1', { v3: ok, v2: ok, v1: ok });
    row('m\x01 f=1', { v3: ok, v2: ok, v1: ok });
    row('m\0 f=1', { v3: ['Expected at least one space character, got `\0 f=1`'], v2: ok, v1: ok });
    assert.equal(point('m\0 f=1', v1).measurement.value, 'm\0');
  });

  void test('backslash-newline', () => {
    row('weat\\\nher f=1', { v3: ok, v2: ok, v1: ok });
    row('m f=1 1\\\nm f=2', modelsRefuse([TRAILING + '`\\\nm f=2`'], 'bad timestamp'));
  });

  void test('"a"b is a string a" for models', () => {
    row('m f="a"b', { v3: [TRAILING + '`b`'], v2: ok, v1: ok });
    assert.deepEqual(values('m f="a"b', v1), ['a"']);
  });

  void test('space and tab after the fields', () => {
    row('m f=1 \t', { v3: [TRAILING + '` \t`'], v2: ok, v1: ok });
  });

  void test('a comment with a tab', () => {
    row('#comment\tcomment', { v3: [], v2: [], v1: [] });
  });

  void test('reserved tag keys: only 2.x refuses them in the parser', () => {
    row('m,time=1 f=1', { v3: ok, v2: ['cannot use reserved tag key "time"'], v1: ok });
    row('m,_measurement=1 f=1', { v3: ok, v2: ['cannot use reserved tag key "_measurement"'], v1: ok });
    row('m,a=1,_field=1 f=1', { v3: ok, v2: ['cannot use reserved tag key "_field"'], v1: ok });
    row('m,\0=1 f=1', { v3: ok, v2: ['cannot use reserved tag key "\\x00"'], v1: ok });
  });

  void test('duplicate fields of different types', () => {
    row('m f=1,f=2i', { v3: ok, v2: ok, v1: ok });
  });

  void test('strings over 64KB are only refused by InfluxDB 3', () => {
    row(`m f="${'a'.repeat(65537)}"`, { v3: ['String is greater than 64KB'], v2: ok, v1: ok });
  });

  void test('series keys over 65535 bytes are refused by models', () => {
    const key = `m,t=${'v'.repeat(65532)}`; // 65536 bytes
    row(`${key} f=1`, modelsRefuse(ok, 'max key length exceeded: 65536 > 65535'));
    // With a field key the series key counts 4 more bytes and the field key.
    const near = `m,t=${'v'.repeat(65520)}`; // 65524 bytes: + 4 + 8 = 65536
    row(`${near} abcdefgh=1`, modelsRefuse(ok, 'max key length exceeded: 65536 > 65535'));
    row(`${near} abcdefg=1`, { v3: ok, v2: ok, v1: ok });
    // Bytes, not characters.
    assert.equal(error(`m,t=${'é'.repeat(32766)} f=1`, v1).message, 'max key length exceeded: 65536 > 65535');
  });
});

void describe('models (v1/v2) reasons', () => {
  void test('missing measurement, tag key, tag value, fields', () => {
    failures(v1, [
      [',t=v f=1', 'MissingMeasurement', 'missing measurement'],
      ['m,=v f=1', 'MissingTagKey', 'missing tag key'],
      ['m, f=1', 'MissingTagKey', 'missing tag key'],
      ['m,t= f=1', 'MissingTagValue', 'missing tag value'],
      ['m,t f=1', 'MissingTagValue', 'missing tag value'],
      ['m', 'MissingFields', 'missing fields'],
      ['m,t=v', 'MissingFields', 'missing fields'],
    ]);
  });

  void test('field key, value and format', () => {
    failures(v1, [
      ['m f=1,=2', 'MissingFieldKey', 'missing field key'],
      ['m  =1', 'MissingFieldKey', 'missing field key'],
      ['m f=', 'MissingFieldValue', 'missing field value'],
      ['m f=,g=1', 'MissingFieldValue', 'missing field value'],
      ['m f', 'InvalidFieldFormat', 'invalid field format'],
      ['m ', 'InvalidFieldFormat', 'invalid field format'],
      ['m f="abc', 'UnbalancedQuotes', 'unbalanced quotes'],
      ['m v\\\\=1i 5', 'InvalidFieldFormat', 'invalid value: field-key=v\\\\=1i'],
    ]);
    failures(v2, [['m v=1i,w\\\\=1i', 'InvalidFieldFormat', 'invalid value: field-key=w\\\\=1i']]);
  });

  void test('numbers and booleans', () => {
    failures(v1, [
      ['m f=1.1.1', 'InvalidNumber', 'invalid number'],
      ['m f=-', 'InvalidNumber', 'invalid number'],
      ['m f=1.5i', 'InvalidNumber', 'invalid number'],
      ['m f=12i3', 'InvalidNumber', 'invalid number'],
      ['m f=tru', 'InvalidBoolean', 'invalid boolean'],
      ['m f=truE', 'InvalidBoolean', 'invalid boolean'],
      ['m f=1e', 'InvalidFloat', 'invalid float'],
      [`m f=${'9'.repeat(400)}`, 'InvalidFloat', 'invalid float'],
    ]);
    assert.deepEqual(values('m a=t,b=True,c=FALSE,d=f,e=1e-400', v1), [true, true, false, false, 0]);
  });

  void test('integer and unsigned ranges, with strconv wording', () => {
    assert.deepEqual(failure('m f=9223372036854775808i', v1), [
      'IntegerValueInvalid',
      'unable to parse integer 9223372036854775808: strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ]);
    assert.deepEqual(values('m f=-9223372036854775808i', v1), [-9223372036854775808n]);
    assert.deepEqual(failure('m f=18446744073709551616u', v2), [
      'UIntegerValueInvalid',
      'unable to parse unsigned 18446744073709551616: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    ]);
    failures(v1, [['m f=18446744073709551616u', 'InvalidNumber', 'invalid number']]);
    failures(v2, [['m f=-1u', 'InvalidNumber', 'invalid number']]);
  });

  void test('timestamps', () => {
    failures(v1, [
      ['m f=1 12a', 'BadTimestamp', 'bad timestamp'],
      ['m f=1 -', 'TimestampValueInvalid', 'strconv.ParseInt: parsing "-": invalid syntax'],
      ['m f=1 9223372036854775808', 'TimestampValueInvalid', 'strconv.ParseInt: parsing "9223372036854775808": value out of range'],
      ['m f=1 1 x', 'CannotParseEntireLine', 'point is invalid'],
    ]);
    assert.equal(point('m f=1 1  ', v1).timestamp?.value, 1n);
  });

  void test('tags: values may start with "=", keys are compared as written', () => {
    assert.deepEqual(plain(point('m,t==v f=1', v1)).tags, [['t', '=v']]);
    assert.deepEqual(plain(point('m,a\\ b=x\\,y f=1', v1)).tags, [['a b', 'x,y']]);
    assert.equal(error('m,a=1,b=2,a=3 f=1', v1).offset, 10);
  });

  void test('leading SP, TAB and NUL are skipped; a comment is the whole split line', () => {
    assert.equal(point('\0\t m f=1', v1).measurement.value, 'm');
    assert.equal(parseLineProtocol('# a="x\nm f=1"\nm f=2', v1).count, 1);
  });

  void test('a field key may unescape \\" for models', () => {
    assert.equal(point('m a\\"b=1', v1).fields[0].key.value, 'a"b');
    assert.equal(point('m a\\"b=1').fields[0].key.value, 'a\\"b');
  });
});
