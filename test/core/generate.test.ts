/**
 * The benchmark input generator (bench/generate.ts): deterministic, streamed to a file byte for
 * byte as generated in memory, and the realistic, valid, schema-consistent line protocol that
 * bench/README.md describes (so the bench measures ordinary lines, not error paths).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { generateLines, writeGeneratedFile } from '../../bench/generate';
import { parseLineProtocol, type ParserTarget } from '../../core/src/index';

const COUNT = 20_000;
const text = generateLines(COUNT, 11);

void describe('bench input generator', () => {
  void test('the same count and seed give the same text; another seed another text', () => {
    assert.equal(generateLines(3000, 5), generateLines(3000, 5));
    assert.notEqual(generateLines(3000, 5), generateLines(3000, 6));
    // A shorter run is a prefix of a longer one with the same seed.
    assert.ok(generateLines(3000, 5).startsWith(generateLines(1000, 5)));
  });

  void test('the file written in batches holds exactly the generated text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-generate-'));
    try {
      // More lines than one batch (10 000), so that batch boundaries are crossed.
      const path = join(dir, 'g.lp');
      await writeGeneratedFile(path, 25_000, 3);
      assert.equal(readFileSync(path, 'utf8'), generateLines(25_000, 3));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('count lines of about 195 bytes, with about 1% comments and 0.5% blank lines', () => {
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'the text ends with a newline');
    assert.equal(lines.length, COUNT);
    const comments = lines.filter((l) => l.startsWith('#')).length;
    const blank = lines.filter((l) => l === '').length;
    assert.ok(comments > COUNT * 0.005 && comments < COUNT * 0.02, `${comments} comment lines`);
    assert.ok(blank > COUNT * 0.002 && blank < COUNT * 0.01, `${blank} blank lines`);
    const bytesPerLine = Buffer.byteLength(text) / COUNT;
    assert.ok(bytesPerLine > 150 && bytesPerLine < 250, `${bytesPerLine.toFixed(0)} bytes a line`);
  });

  void test('every data line is valid for InfluxDB 3 and 2.x, and each measurement keeps one type per field', () => {
    for (const target of ['v3', 'v2'] as ParserTarget[]) {
      const doc = parseLineProtocol(text, { target });
      const types = new Map<string, string>();
      const valueTypes = new Set<string>();
      for (let i = 0; i < doc.count; i++) {
        const r = doc.result(i);
        assert.ok(r.ok, `${target}, data line ${i + 1}: ${r.ok ? '' : r.error.message}`);
        const { measurement, tags, fields, timestamp } = r.point;
        assert.ok(tags.length >= 2 && tags.length <= 6, `${tags.length} tags`);
        assert.ok(fields.length >= 1 && fields.length <= 8, `${fields.length} fields`);
        assert.ok(timestamp !== undefined && timestamp.value > 1_700_000_000_000_000_000n);
        for (const field of fields) {
          const key = `${measurement.value}\0${field.key.value}`;
          assert.equal(types.get(key) ?? field.value.type, field.value.type, `type of ${field.key.value} in ${measurement.value}`);
          types.set(key, field.value.type);
          valueTypes.add(field.value.type);
        }
      }
      assert.deepEqual([...valueTypes].sort(), ['boolean', 'float', 'integer', 'string', 'uinteger']);
    }
  });

  void test('names, tag values and strings carry the escapes the parser must handle', () => {
    const doc = parseLineProtocol(text);
    const measurements = new Set<string>();
    const tagValues = new Set<string>();
    const strings = new Set<string>();
    for (let i = 0; i < doc.count; i++) {
      const r = doc.result(i);
      if (!r.ok) continue;
      measurements.add(r.point.measurement.value);
      for (const tag of r.point.tags) tagValues.add(tag.value.value);
      for (const field of r.point.fields) if (field.value.type === 'string') strings.add(field.value.value);
    }
    assert.ok(measurements.has('weather station') && measurements.has('sensor,reading'));
    const some = (values: Set<string>, part: string): boolean => [...values].some((v) => v.includes(part));
    assert.ok(some(tagValues, ' ') && some(tagValues, ',') && some(tagValues, '='), 'tag values with space, comma and =');
    assert.ok(some(strings, '"') && some(strings, '\\'), 'strings with \\" and \\\\');
  });
});
