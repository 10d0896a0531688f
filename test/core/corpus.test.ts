/**
 * Every entry of the InfluxData line-protocol corpus, against the verdicts recorded by running the
 * real parsers: InfluxDB 3 (v3) in full detail, InfluxDB 1.x and 2.x `models` (v1, v2) by their
 * acceptance and exact error text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLineProtocol, type LineResult, type ParserTarget } from '../../core/src/index';
import { comparablePoint, expectedPoint, loadCorpus, type CorpusEntry, type ModelsVerdict } from './corpus';

const corpus = loadCorpus();

function results(input: string, target: ParserTarget): LineResult[] {
  const doc = parseLineProtocol(input, { target });
  return Array.from({ length: doc.count }, (_, i) => doc.result(i));
}

void describe('corpus: InfluxDB 3 parser (v3)', () => {
  void test('the corpus is the expected one (283 inputs)', () => {
    assert.equal(corpus.length, 283);
  });

  for (const entry of corpus) {
    void test(`${entry.id} ${JSON.stringify(entry.input).slice(0, 60)}`, () => {
      const all = results(entry.input, 'v3');
      const firstError = all.find((r) => !r.ok);
      assert.equal(firstError === undefined, entry.valid, 'valid');
      if (firstError !== undefined && !firstError.ok) {
        assert.equal(firstError.error.kind, entry.error_kind);
        assert.equal(firstError.error.message, entry.rust_message);
      }
      const points = all.flatMap((r) => (r.ok ? [comparablePoint(r.point)] : []));
      assert.deepEqual(points, entry.points.map(expectedPoint));
      if (entry.line_results !== undefined) {
        assert.deepEqual(
          all.map((r) => (r.ok ? { ok: true } : { ok: false, error_kind: r.error.kind, rust_message: r.error.message })),
          entry.line_results,
        );
      }
      // IOx numbers lines among data lines only: blank and comment lines do not count.
      const parseErrors = all.flatMap((r, i) => (r.ok ? [] : [`error parsing line ${i + 1} (1-based): ${r.error.message}`]));
      assert.deepEqual(
        parseErrors,
        entry.iox_write_errors.filter((e) => e.startsWith('error parsing line')),
      );
    });
  }
});

/** What the `models` server would answer: `unable to parse '<line>': <reason>` per failed line. */
function modelsAnswer(entry: CorpusEntry, target: ParserTarget): ModelsVerdict {
  const doc = parseLineProtocol(entry.input, { target });
  const failed: string[] = [];
  for (let i = 0; i < doc.count; i++) {
    const r = doc.result(i);
    if (!r.ok) failed.push(`unable to parse '${entry.input.slice(doc.table.start(i), doc.table.end(i))}': ${r.error.message}`);
  }
  return { accepts_all: failed.length === 0, error: failed.length === 0 ? null : failed.join('\n') };
}

void describe('corpus: InfluxDB 1.x models parser (v1, default build)', () => {
  for (const entry of corpus) {
    void test(`${entry.id}`, () => {
      const verdict = entry.influxdb_1x_models;
      assert.deepEqual(modelsAnswer(entry, 'v1'), { accepts_all: verdict.accepts_all, error: verdict.error });
    });
  }
});

void describe('corpus: InfluxDB 2.x models parser (v2: unsigned integers, reserved tag keys)', () => {
  for (const entry of corpus) {
    // 2.x behaves like the 1.x build with unsigned integers, plus its reserved tag keys.
    const verdict = entry.influxdb_2x_models ?? entry.influxdb_1x_models_uint_build ?? entry.influxdb_1x_models;
    void test(`${entry.id}`, () => {
      assert.deepEqual(modelsAnswer(entry, 'v2'), { accepts_all: verdict.accepts_all, error: verdict.error });
    });
  }
});
