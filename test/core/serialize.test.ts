/** Writing line protocol: escapes, values, whole points; what the parser reads back. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeFieldKey, escapeMeasurement, escapeTagKey, escapeTagValue, formatFieldValue, formatPoint, pointToInput } from '../../core/src/index';
import { point } from './helpers';

void describe('serialize', () => {
  void test('escapes what each name needs for InfluxDB 3', () => {
    assert.equal(escapeMeasurement('a b,c=d\\e'), 'a\\ b\\,c=d\\\\e');
    assert.equal(escapeTagKey('a b,c=d\\e'), 'a\\ b\\,c\\=d\\\\e');
    assert.equal(escapeTagValue('a b,c=d'), 'a\\ b\\,c\\=d');
    assert.equal(escapeFieldKey('a b,c=d'), 'a\\ b\\,c\\=d');
  });

  void test('escapes for models leave backslashes alone', () => {
    assert.equal(escapeMeasurement('a b,c\\d', 'v1'), 'a\\ b\\,c\\d');
    assert.equal(escapeTagKey('a=b\\c', 'v2'), 'a\\=b\\c');
  });

  void test('formats every value type so it reads back exactly', () => {
    assert.equal(formatFieldValue({ type: 'float', value: 1.5 }), '1.5');
    assert.equal(formatFieldValue({ type: 'float', value: -0 }), '-0');
    assert.equal(formatFieldValue({ type: 'float', value: 1e21 }), '1e+21');
    assert.equal(formatFieldValue({ type: 'float', value: Infinity }), '1e999');
    assert.equal(formatFieldValue({ type: 'integer', value: -9223372036854775808n }), '-9223372036854775808i');
    assert.equal(formatFieldValue({ type: 'uinteger', value: 18446744073709551615n }), '18446744073709551615u');
    assert.equal(formatFieldValue({ type: 'string', value: 'say "hi" \\' }), '"say \\"hi\\" \\\\"');
    assert.equal(formatFieldValue({ type: 'boolean', value: false }), 'false');
    assert.throws(() => formatFieldValue({ type: 'float', value: NaN }), /NaN cannot be written/);
  });

  void test('formatPoint is the inverse of parsing', () => {
    const line = 'we\\ ather,lo\\,c=a\\=b temp=-1.5,n=3i,u=4u,s="x\\"y\\\\",ok=true 1700000000000000000';
    const p = point(line);
    assert.equal(formatPoint(pointToInput(p)), line);
    assert.deepEqual(pointToInput(point(formatPoint(pointToInput(p)))), pointToInput(p));
  });
});
