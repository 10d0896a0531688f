/**
 * Golden files: test/fixtures/core/<name>.lp parsed under every target must give exactly
 * <name>.golden.jsonl (one record per data line and target). After a deliberate change, review
 * the difference and rewrite them with UPDATE_GOLDEN=1.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parseLineProtocol, type FieldValue, type ParserTarget } from '../../core/src/index';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'core');

function jsonValue(v: FieldValue): unknown {
  if (v.type === 'float') {
    if (Object.is(v.value, -0)) return '-0';
    if (!Number.isFinite(v.value)) return String(v.value);
    return v.value;
  }
  if (v.type === 'integer' || v.type === 'uinteger') return v.value.toString();
  return v.value;
}

function records(text: string): string[] {
  const out: string[] = [];
  for (const target of ['v3', 'v2', 'v1'] as ParserTarget[]) {
    const doc = parseLineProtocol(text, { target });
    for (let i = 0; i < doc.count; i++) {
      const r = doc.result(i);
      const head = { target, dataLine: i + 1, line: doc.physicalLine(i) + 1, start: doc.table.start(i), end: doc.table.end(i) };
      if (!r.ok) {
        out.push(JSON.stringify({ ...head, ok: false, error: r.error }));
        continue;
      }
      const p = r.point;
      out.push(
        JSON.stringify({
          ...head,
          ok: true,
          measurement: [p.measurement.value, p.measurement.start, p.measurement.end],
          tags: p.tags.map((t) => [t.key.value, t.value.value, t.key.start, t.value.end]),
          fields: p.fields.map((f) => [f.key.value, f.value.type, jsonValue(f.value), f.key.start, f.valueSpan.end]),
          timestamp: p.timestamp === undefined ? null : [p.timestamp.value.toString(), p.timestamp.start, p.timestamp.end],
        }),
      );
    }
  }
  return out;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.lp'));

void describe('golden files', () => {
  void test('there are golden inputs', () => {
    assert.ok(files.length >= 3);
  });

  for (const file of files) {
    void test(file, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const goldenPath = join(DIR, file.replace(/\.lp$/, '.golden.jsonl'));
      const actual = records(text).join('\n') + '\n';
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(goldenPath, actual);
      assert.equal(actual, readFileSync(goldenPath, 'utf8'), `${file} differs from its golden file; if intended, rerun with UPDATE_GOLDEN=1 and review the diff`);
    });
  }
});
