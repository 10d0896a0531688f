/**
 * One test per rule of ../shared/docs/line-protocol.md §1-§9 for the InfluxDB 3 parser (target v3):
 * what is accepted with which decoded values, and every error kind with its exact current
 * wording and the place (offset/end) where it arises.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineProtocol, splitDataLines } from '../../core/src/index';
import { error, failure, plain, point, values } from './helpers';

const TRAILING = 'Could not parse entire line. Found trailing content: ';

void describe('§1.1 splitting lines', () => {
  void test('only \\n splits; CR is an ordinary character', () => {
    assert.equal(parseLineProtocol('a f=1\rb f=2').count, 1);
    assert.equal(parseLineProtocol('a f=1\nb f=2').count, 2);
  });

  void test('a newline inside a quoted field string does not split', () => {
    const doc = parseLineProtocol('m f="a\nb"\nm f=2');
    assert.equal(doc.count, 2);
    assert.deepEqual(values('m f="a\nb"'), ['a\nb']);
    assert.equal(doc.physicalLine(1), 2);
  });

  void test('a backslash before a newline keeps it in the token', () => {
    assert.equal(point('weat\\\nher f=1').measurement.value, 'weat\\\nher');
  });

  void test('a quote in the tag section does not quote', () => {
    assert.equal(parseLineProtocol('m,t="a\nb" f=1').count, 2);
  });

  void test('a comma in a field key before a quoted value disables quote tracking', () => {
    assert.equal(parseLineProtocol('m a,b="x\ny"').count, 2);
  });

  void test('a final newline makes no extra line', () => {
    assert.equal(parseLineProtocol('m f=1\n').count, 1);
  });
});

void describe('§1.2 trim_leading: blank, whitespace-only and comment lines', () => {
  void test('are skipped without a line number', () => {
    const doc = parseLineProtocol('\n  \n\t\n# c\n  \t# indented\nm f=1\n\nm f=x\n');
    assert.equal(doc.count, 2);
    assert.equal(doc.physicalLine(0), 5);
    assert.equal(doc.physicalLine(1), 7);
    const r = doc.result(1);
    assert.ok(!r.ok);
  });

  void test('leading spaces and tabs before data are skipped', () => {
    assert.equal(point(' \t m f=1').measurement.start, 3);
  });

  void test("a comment's quote tracking can swallow a newline: the text after it is parsed", () => {
    const input = '# a="x\nm f=1"\nm f=2';
    const doc = parseLineProtocol(input);
    assert.equal(doc.count, 2);
    assert.equal(doc.physicalLine(0), 1); // 0-based: the data starts on the second physical line
    const r = doc.result(0);
    assert.ok(!r.ok);
    assert.equal(r.error.message, TRAILING + '`"`');
    assert.deepEqual(
      splitDataLines(input).map((l) => [l.text, l.dataLine, l.physicalLine]),
      [
        ['m f=1"', 1, 2],
        ['m f=2', 2, 3],
      ],
    );
  });

  void test('CR is not trimmed: a line holding only \\r is parsed and fails', () => {
    assert.deepEqual(failure('\r'), ['ExpectedSpace', 'Expected at least one space character, got end of input']);
  });

  void test("'#' is ordinary after the first character; \\# keeps its backslash", () => {
    assert.equal(point('m# f=1').measurement.value, 'm#');
    assert.equal(point('\\#m f=1').measurement.value, '\\#m');
    assert.deepEqual(values('m f="#x"'), ['#x']);
  });
});

void describe('§1.3 line grammar and spaces', () => {
  void test('a trailing space without a timestamp is trailing content', () => {
    const e = error('m f=1 ');
    assert.equal(e.kind, 'CannotParseEntireLine');
    assert.equal(e.message, TRAILING + '` `');
    assert.deepEqual([e.offset, e.end], [5, 6]);
  });

  void test('spaces after a timestamp and several spaces between parts are fine', () => {
    assert.deepEqual(plain(point('m   f=1   123   ')), { m: 'm', tags: [], fields: [['f', 'float', 1]], ts: 123n });
  });

  void test('TAB is not a separator', () => {
    const long = 'm\tf=1,aaaaaaaaaaaaaaaaaaaa=2';
    assert.deepEqual(failure(long), ['ExpectedSpace', `Expected at least one space character, got \`${long.slice(1)}\``]);
    assert.deepEqual(failure('m f=1\t123'), ['CannotParseEntireLine', TRAILING + '`\t123`']);
  });

  void test('no space after the series key', () => {
    const e = error('m');
    assert.deepEqual([e.kind, e.message, e.offset, e.end], ['ExpectedSpace', 'Expected at least one space character, got end of input', 1, 1]);
  });
});

void describe('§2 names and escapes', () => {
  void test('measurement: \\, \\space \\\\ unescape; \\= stays; = and " are ordinary', () => {
    assert.equal(point('m\\,x\\ y\\\\z f=1').measurement.value, 'm,x y\\z');
    assert.equal(point('m\\=x f=1').measurement.value, 'm\\=x');
    assert.equal(point('m=x"y f=1').measurement.value, 'm=x"y');
  });

  void test('NUL ends a measurement but is allowed in tag keys and values', () => {
    assert.equal(error('m\0 f=1').kind, 'ExpectedSpace');
    assert.deepEqual(plain(point('m,t\0=\0 f=1')).tags, [['t\0', '\0']]);
  });

  void test('tag keys and field keys: "," is ordinary; tag values: "=" is ordinary', () => {
    assert.deepEqual(plain(point('m,t,k=v f=1')).tags, [['t,k', 'v']]);
    assert.deepEqual(plain(point('m,t=a=b f=1')).tags, [['t', 'a=b']]);
    assert.deepEqual(point('m a,b=1').fields[0].key.value, 'a,b');
    assert.deepEqual(
      point('m f=1,,g=2').fields.map((f) => f.key.value),
      ['f', ',g'],
    );
  });

  void test('keys and values unescape \\\\ \\, \\= \\space', () => {
    assert.deepEqual(plain(point('m,a\\ b\\,c\\=d\\\\e=v\\ w\\,x\\=y f\\ g\\=h=1')), {
      m: 'm',
      tags: [['a b,c=d\\e', 'v w,x=y']],
      fields: [['f g=h', 'float', 1]],
      ts: undefined,
    });
  });

  void test('an unknown escape keeps both characters and the escaped one is never special', () => {
    assert.equal(point('m\\\t f=1').measurement.value, 'm\\\t');
    assert.equal(point('m\\😀 f=1').measurement.value, 'm\\😀');
    assert.deepEqual(plain(point('m,t=a\\"b f=1')).tags, [['t', 'a\\"b']]);
  });

  void test('a name ending with a backslash fails, even a correctly escaped one', () => {
    const message = 'Measurements, tag keys and values, and field keys may not end with a backslash';
    assert.deepEqual(failure('m\\'), ['EndsWithBackslash', message]);
    assert.deepEqual(failure('m,t=v\\\\ f=1'), ['EndsWithBackslash', message]);
    assert.deepEqual(failure('m\\\\,t=v f=1'), ['EndsWithBackslash', message]);
    assert.deepEqual(failure('m,k\\\\=v f=1'), ['EndsWithBackslash', message]);
    assert.deepEqual(failure('m f\\\\=1'), ['EndsWithBackslash', message]);
    // Even in a later field that would otherwise fail softly.
    assert.deepEqual(failure('m f=1,g\\\\=x'), ['EndsWithBackslash', message]);
    const e = error('m,t=v\\\\ f=1');
    assert.deepEqual([e.offset, e.end], [4, 7]);
  });

  void test('empty measurement: MeasurementValueInvalid', () => {
    const e = error(',t=v f=1');
    assert.deepEqual([e.kind, e.message, e.offset, e.end], ['MeasurementValueInvalid', 'Invalid measurement was provided', 0, 1]);
    assert.equal(error('\0 f=1').kind, 'MeasurementValueInvalid');
  });

  void test('empty tag key: ExpectedTagKey with the truncated rest', () => {
    assert.deepEqual(failure('m,=v f=1'), ['ExpectedTagKey', 'Expected tag key, got `=v f=1`']);
    assert.deepEqual(failure('testmeasure, bar=1i'), ['ExpectedTagKey', 'Expected tag key, got ` bar=1i`']);
    assert.deepEqual(failure(`m, ${'b'.repeat(200)}=1i`), ['ExpectedTagKey', 'Expected tag key, got ` bbbbbbbbb...`']);
    const e = error('m, f=1');
    assert.deepEqual([e.offset, e.end], [2, 3]);
  });

  void test('empty tag value: ExpectedTagValue with the truncated rest', () => {
    assert.deepEqual(failure('m,t= f=1'), ['ExpectedTagValue', 'Expected tag value, got ` f=1`']);
    assert.deepEqual(failure('m,foo=,baz= bar=1i'), ['ExpectedTagValue', 'Expected tag value, got `,baz= bar=...`']);
    assert.deepEqual(failure('0,,='), ['ExpectedTagValue', 'Expected tag value, got end of input']);
  });

  void test('tag key without "=": TagSetMalformedWithContext, context from the first tag', () => {
    assert.deepEqual(failure('J,#'), ['TagSetMalformedWithContext', 'Tag set malformed: could not find equals sign in `#`']);
    assert.deepEqual(failure(`J,${'a'.repeat(200)}`), [
      'TagSetMalformedWithContext',
      'Tag set malformed: could not find equals sign in `aaaaaaaaaa...`',
    ]);
    assert.deepEqual(failure('m,a=1,b f=1'), ['TagSetMalformedWithContext', 'Tag set malformed: could not find equals sign in `a=1,b f=1`']);
    const e = error('m,a=1,bc f=1');
    assert.deepEqual([e.offset, e.end], [6, 8]);
  });

  void test('non-ASCII and control characters are ordinary', () => {
    assert.deepEqual(plain(point('mé,ü=ö\u00a0x f\u3000="😀"')), { m: 'mé', tags: [['ü', 'ö\u00a0x']], fields: [['f\u3000', 'string', '😀']], ts: undefined });
    assert.equal(point('m\x01 f=1').measurement.value, 'm\x01');
  });
});

void describe('§3 field values', () => {
  void test('integers: i64 range, leading zeros, -0i', () => {
    assert.deepEqual(values('m a=-0i,b=007i,c=9223372036854775807i,d=-9223372036854775808i'), [0n, 7n, 9223372036854775807n, -9223372036854775808n]);
  });

  void test('integer out of range: IntegerValueInvalid spanning the digits', () => {
    const e = error('m f=9223372036854775808i');
    assert.deepEqual([e.kind, e.message, e.offset, e.end], ['IntegerValueInvalid', 'Unable to parse integer value `9223372036854775808`', 4, 23]);
    assert.deepEqual(failure('m f=-9223372036854775809i'), ['IntegerValueInvalid', 'Unable to parse integer value `-9223372036854775809`']);
    const long = '6'.repeat(47);
    assert.deepEqual(failure(`m f=${long}i`), ['IntegerValueInvalid', `Unable to parse integer value \`${long}\``]);
  });

  void test('unsigned integers: u64 range; out of range is UIntegerValueInvalid; -1u is float -1 then "u"', () => {
    assert.deepEqual(values('m a=0u,b=18446744073709551615u,c=00018446744073709551615u'), [0n, 18446744073709551615n, 18446744073709551615n]);
    assert.equal(point('m a=1u').fields[0].value.type, 'uinteger');
    assert.deepEqual(failure('m f=18446744073709551616u'), ['UIntegerValueInvalid', 'Unable to parse unsigned integer value `18446744073709551616`']);
    assert.deepEqual(failure('m f=-1u'), ['CannotParseEntireLine', TRAILING + '`u`']);
  });

  void test('floats: the four accepted forms, exact like f64::from_str', () => {
    assert.deepEqual(values('m a=1.5e3,b=1e3,c=1.5,d=1,e=-1.5E-3,f=1E+3,g=0.1,h=44'), [1500, 1000, 1.5, 1, -0.0015, 1000, 0.1, 44]);
    assert.equal(point('m asdf=44').fields[0].value.type, 'float');
  });

  void test('floats: overflow saturates to infinity, underflow to 0, -0 keeps its sign', () => {
    assert.deepEqual(values('m a=1e400,b=-1e400,c=1e-400'), [Infinity, -Infinity, 0]);
    assert.ok(Object.is(values('m a=-0')[0], -0));
    assert.ok(Object.is(values('m a=-0.0')[0], -0));
  });

  void test('floats: no leading + or ., no trailing ., no 1.e5, no NaN/Inf, no _, no hex', () => {
    for (const v of ['+1', '.5', '-.5', 'NaN', 'nan', 'Inf', 'inf', '-Inf', '-']) {
      assert.deepEqual(failure(`m f=${v}`), ['FieldSetMissing', 'No fields were provided'], v);
    }
    assert.deepEqual(failure('m f=5.'), ['CannotParseEntireLine', TRAILING + '`.`']);
    assert.deepEqual(failure('m f=1.e5'), ['CannotParseEntireLine', TRAILING + '`.e5`']);
    assert.deepEqual(failure('m f=1_000'), ['CannotParseEntireLine', TRAILING + '`_000`']);
    assert.deepEqual(failure('m f=0x10'), ['CannotParseEntireLine', TRAILING + '`x10`']);
    assert.deepEqual(failure('m f=1.5e'), ['CannotParseEntireLine', TRAILING + '`e`']);
    assert.deepEqual(failure('m f=1e5.5'), ['CannotParseEntireLine', TRAILING + '`.5`']);
  });

  void test('strings: \\" and \\\\ unescape, other backslashes stay, raw controls are literal', () => {
    assert.deepEqual(values('m a="x\\"y",b="x\\\\y",c="x\\ny",d="",e="\t\r\0,= #"'), ['x"y', 'x\\y', 'x\\ny', '', '\t\r\0,= #']);
    assert.deepEqual(values('m a="multi\nline"'), ['multi\nline']);
  });

  void test('strings: an unterminated string fails the first field', () => {
    assert.deepEqual(failure('m f="abc'), ['FieldSetMissing', 'No fields were provided']);
    assert.deepEqual(failure('m f="abc\\"'), ['FieldSetMissing', 'No fields were provided']);
  });

  void test('string limit: 65536 UTF-8 bytes are fine, 65537 are not (64KB); 1MB with stringLimit', () => {
    assert.equal((values(`m f="${'a'.repeat(65536)}"`)[0] as string).length, 65536);
    const e = error(`m f="${'a'.repeat(65537)}"`);
    assert.deepEqual([e.kind, e.message, e.offset, e.end], ['FieldStringValueTooLarge', 'String is greater than 64KB', 4, 4 + 65539]);
    // Bytes, not characters: 21846 × '€' is 65538 bytes.
    assert.deepEqual(failure(`m f="${'€'.repeat(21846)}"`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
    assert.equal(values(`m f="${'€'.repeat(21845)}"`).length, 1);
    // After unescaping: 65536 escaped quotes are 65536 bytes.
    assert.equal(values(`m f="${'\\"'.repeat(65536)}"`).length, 1);
    const big = { stringLimit: 1048576 };
    assert.equal(values(`m f="${'a'.repeat(65537)}"`, big).length, 1);
    assert.deepEqual(failure(`m f="${'a'.repeat(1048577)}"`, big), ['FieldStringValueTooLarge', 'String is greater than 1MB']);
  });

  void test('the limit applies to names too', () => {
    assert.deepEqual(failure(`${'m'.repeat(65537)} f=1`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
    assert.deepEqual(failure(`m,${'k'.repeat(65537)}=v f=1`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
    assert.deepEqual(failure(`m,k=${'v'.repeat(65537)} f=1`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
    assert.deepEqual(failure(`m ${'f'.repeat(65537)}=1`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
    assert.equal(point(`${'m'.repeat(65536)} f=1`).measurement.value.length, 65536);
  });

  void test('booleans: every spelling, by prefix', () => {
    assert.deepEqual(values('m a=true,b=True,c=TRUE,d=t,e=T,f=false,g=False,h=FALSE,i=f,j=F'), [true, true, true, true, true, false, false, false, false, false]);
    assert.deepEqual(failure('m f=tRUE'), ['CannotParseEntireLine', TRAILING + '`RUE`']);
    assert.deepEqual(failure('m f=truex'), ['CannotParseEntireLine', TRAILING + '`x`']);
    assert.deepEqual(failure('m f=yes'), ['FieldSetMissing', 'No fields were provided']);
  });

  void test('a first field that does not parse: FieldSetMissing', () => {
    for (const input of ['m f=', 'm f =1', 'm =1', 'm ', 'm f', 'm f=,g=1']) {
      assert.deepEqual(failure(input), ['FieldSetMissing', 'No fields were provided'], input);
    }
    const e = error('m abc=x 12');
    assert.deepEqual([e.offset, e.end], [2, 7]);
  });

  void test('a later field that does not parse ends the list: the rest is trailing content', () => {
    assert.deepEqual(failure('testmeasure,foo=f bar=1i,baz='), ['CannotParseEntireLine', TRAILING + '`baz=`']);
    assert.deepEqual(failure('m f=1,g=2,h=x'), ['CannotParseEntireLine', TRAILING + '`,h=x`']);
    const e = error('m f=1,g=2,h=x');
    assert.deepEqual([e.offset, e.end], [9, 13]);
  });

  void test('hard failures abort the line wherever they occur', () => {
    assert.deepEqual(failure('m f=1,g=99999999999999999999i'), ['IntegerValueInvalid', 'Unable to parse integer value `99999999999999999999`']);
    assert.deepEqual(failure(`m f=1,g="${'a'.repeat(65537)}"`), ['FieldStringValueTooLarge', 'String is greater than 64KB']);
  });

  void test('spans: a value includes its quotes and suffix', () => {
    const p = point('m a="x",b=1i,c=true 5');
    assert.deepEqual(
      p.fields.map((f) => [f.key.start, f.key.end, f.valueSpan.start, f.valueSpan.end]),
      [
        [2, 3, 4, 7],
        [8, 9, 10, 12],
        [13, 14, 15, 19],
      ],
    );
    assert.deepEqual([p.timestamp?.start, p.timestamp?.end], [20, 21]);
  });
});

void describe('§4 timestamps', () => {
  void test('full i64 range, -0, leading zeros; raw, no precision applied', () => {
    assert.equal(point('m f=1 -9223372036854775808').timestamp?.value, -9223372036854775808n);
    assert.equal(point('m f=1 9223372036854775807').timestamp?.value, 9223372036854775807n);
    assert.equal(point('m f=1 -0').timestamp?.value, 0n);
    assert.equal(point('m f=1 0001').timestamp?.value, 1n);
    assert.equal(point('m f=1').timestamp, undefined);
  });

  void test('out of range: TimestampValueInvalid spanning the digits', () => {
    const e = error('m f=1 9223372036854775808');
    assert.deepEqual([e.kind, e.message, e.offset, e.end], ['TimestampValueInvalid', 'Unable to parse timestamp value `9223372036854775808`', 6, 25]);
    const long = '1' + '8'.repeat(71);
    assert.deepEqual(failure(`m f=3.0 ${long}`), ['TimestampValueInvalid', `Unable to parse timestamp value \`${long}\``]);
  });

  void test('+1, 1.5, 1e3, 0x10 are not timestamps', () => {
    assert.deepEqual(failure('m f=1 +1'), ['CannotParseEntireLine', TRAILING + '` +1`']);
    assert.deepEqual(failure('m f=1 1.5'), ['CannotParseEntireLine', TRAILING + '`.5`']);
    assert.deepEqual(failure('m f=1 1e3'), ['CannotParseEntireLine', TRAILING + '`e3`']);
    assert.deepEqual(failure('m f=1 0x10'), ['CannotParseEntireLine', TRAILING + '`x10`']);
    assert.deepEqual(failure('m f=1 1 2'), ['CannotParseEntireLine', TRAILING + '`2`']);
  });
});

void describe('§5 whitespace, CRLF, separators', () => {
  void test('CRLF is not supported: the \\r is trailing content', () => {
    const doc = parseLineProtocol('m f=1\r\nm f=2 5\r\n');
    assert.equal(doc.count, 2);
    for (const i of [0, 1]) {
      const r = doc.result(i);
      assert.ok(!r.ok);
      assert.equal(r.error.message, TRAILING + '`\r`');
    }
    assert.equal(point('m\r,t=\r f=1').measurement.value, 'm\r');
  });

  void test('NBSP and U+3000 are ordinary characters, not separators', () => {
    assert.equal(error('m\u00a0f=1').kind, 'ExpectedSpace');
  });

  void test('the first comma after the first field stays consumed (§5.3)', () => {
    assert.deepEqual(plain(point('m f=1,')), { m: 'm', tags: [], fields: [['f', 'float', 1]], ts: undefined });
    assert.equal(point('m f=1, 123').timestamp?.value, 123n);
    assert.deepEqual(failure('m f=1,g=2,'), ['CannotParseEntireLine', TRAILING + '`,`']);
    assert.deepEqual(failure('m f=1,g=x'), ['CannotParseEntireLine', TRAILING + '`g=x`']);
  });

  void test('every comma in the tag set needs a full key=value (§5.4)', () => {
    assert.deepEqual(failure('m,'), ['ExpectedTagKey', 'Expected tag key, got end of input']);
    assert.deepEqual(failure('m,t=v,'), ['ExpectedTagKey', 'Expected tag key, got end of input']);
    assert.deepEqual(failure('m,t=v, f=1'), ['ExpectedTagKey', 'Expected tag key, got ` f=1`']);
  });

  void test('tags and fields keep input order and duplicates', () => {
    assert.deepEqual(plain(point('m,z=1,a=2,z=3 y=1,b=2i,y=3')), {
      m: 'm',
      tags: [
        ['z', '1'],
        ['a', '2'],
        ['z', '3'],
      ],
      fields: [
        ['y', 'float', 1],
        ['b', 'integer', 2n],
        ['y', 'float', 3],
      ],
      ts: undefined,
    });
  });
});

void describe('§7 comments', () => {
  void test('no trailing comments', () => {
    assert.deepEqual(failure('m f=1 # c'), ['CannotParseEntireLine', TRAILING + '` # c`']);
  });

  void test('a comment with a tab is still a comment', () => {
    assert.equal(parseLineProtocol('#comment\tcomment\n').count, 0);
  });
});

void describe('§9 messages and isolation', () => {
  void test('context truncation counts bytes but cuts characters', () => {
    assert.deepEqual(failure('m f=1 ééééééé'), ['CannotParseEntireLine', TRAILING + '` ééééééé...`']);
    assert.deepEqual(failure('m f=1 abcdefghi'), ['CannotParseEntireLine', TRAILING + '` abcdefghi`']);
    assert.deepEqual(failure('m f=1 😀😀😀😀😀😀😀😀😀😀😀'), ['CannotParseEntireLine', TRAILING + '` 😀😀😀😀😀😀😀😀😀...`']);
  });

  void test('one bad line never affects another', () => {
    const doc = parseLineProtocol('goodline,tag1=one,tag2=2 value=1 123\n        badline,\n        anothergoodline,tag3=3,tag4=4 value=67 1234');
    assert.deepEqual(
      Array.from({ length: doc.count }, (_, i) => {
        const r = doc.result(i);
        return r.ok ? 'ok' : r.error.message;
      }),
      ['ok', 'Expected tag key, got end of input', 'ok'],
    );
  });

  void test('offsets are absolute in the text and positions follow lines', () => {
    const doc = parseLineProtocol('# c\nm f=1\nm f=1 x');
    const r = doc.result(1);
    assert.ok(!r.ok);
    assert.equal(r.error.offset, 15);
    assert.deepEqual(doc.positionAt(r.error.offset), { line: 2, character: 5 });
  });
});
