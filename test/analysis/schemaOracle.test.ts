/**
 * The schema checks against a plain reference written from the rules alone: the first stored point
 * that writes a column sets its kind, every later point that writes another kind is rejected (per
 * table on InfluxDB 3 and Cloud, per field and shard group on 1.x/2.x), and a rejected point sets
 * nothing (but on 1.x, the new fields written before the field that conflicts). The documents are random
 * and built to stress how the checks remember keys between lines: keys that are prefixes of each
 * other, escaped keys, keys in any order, more keys per measurement than the checks remember, and
 * timestamps that move between shard groups.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { resolveSettings } from '../../core/src/analysis/settings';
import { parseLineProtocol } from '../../core/src/index';
import { createRandom } from '../../bench/generate';

const NOW = 1700000000000000000n;
const DAY_NS = 24n * 3600n * 1_000_000_000n;
const WEEK_NS = 7n * DAY_NS;

const MEASUREMENTS = ['cpu', 'cp', 'm\\ 1', 'm\\,1', 'weather\\ station'];
/** Written forms; some decode to names that others are prefixes of. */
const BASE_KEYS = ['a', 'ab', 'abc', 'a\\ b', 'a\\=b', 'a\\,b', 'b', 'host', 'hostname', 'x\\ '];
/** Enough distinct keys for one measurement to pass the number the checks remember. */
const MANY_KEYS = Array.from({ length: 90 }, (_, i) => `k${i}`);
const VALUES = ['1.5', '2i', '3u', '"s"', 'true'];

function randomDocument(seed: number, lines: number): string {
  const rand = createRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const out: string[] = [];
  for (let n = 0; n < lines; n++) {
    const m = pick(MEASUREMENTS);
    const pool = m === 'cpu' ? [...BASE_KEYS, ...MANY_KEYS] : BASE_KEYS;
    // Distinct keys (by decoded name) for the line: no duplicates, so only conflicts are reported.
    const keys = new Set<string>();
    const count = 1 + Math.floor(rand() * 6);
    while (keys.size < count) keys.add(pick(pool));
    const all = [...keys];
    const nTags = Math.floor(rand() * all.length);
    const tags = all.slice(0, nTags).map((k) => `,${k}=v`).join('');
    // Mostly one type per key, so that conflicts are the exception they are in real files.
    const fields = all.slice(nTags).map((k) => `${k}=${rand() < 0.9 ? VALUES[k.length % VALUES.length] : pick(VALUES)}`);
    // Timestamps within a few weeks: several shard groups for 1.x/2.x.
    const ts = NOW - BigInt(Math.floor(rand() * 4 * 7 * 24)) * 3600n * 1_000_000_000n;
    out.push(`${m}${tags} ${fields.join(',')} ${ts}`);
  }
  return out.join('\n') + '\n';
}

/** [code, 0-based line, key] of every conflict, from the rules alone (a line that does not parse claims nothing). */
function referenceConflicts(text: string, target: string, perTable: boolean): string[] {
  const doc = parseLineProtocol(text, { target: resolveSettings({ target }).profile.parser });
  const facts = new Map<string, string>();
  const out: string[] = [];
  for (let i = 0; i < doc.count; i++) {
    const r = doc.result(i);
    // 1.x has no unsigned integers: those lines are parse errors there.
    if (!r.ok) continue;
    const p = r.point;
    const m = p.measurement.value;
    // 1.x shard groups start on Mondays (Go counts from year 1, a Monday; the epoch is a Thursday).
    const window = perTable ? '' : String((p.timestamp!.value + 3n * DAY_NS) / WEEK_NS);
    const line = doc.physicalLine(i);
    // The point is judged against the facts of the points stored before it (and its own tags);
    // only a stored point sets facts: the server rolls a rejected one back entirely.
    const found: string[] = [];
    const tagNames = new Set(p.tags.map((t) => t.key.value));
    if (perTable) {
      for (const t of p.tags) {
        const fact = facts.get(`${m}\0${t.key.value}`);
        if (fact !== undefined && fact !== 'tag') found.push(`tag-field-conflict ${line} ${t.key.value}`);
      }
    }
    const columnOf = (key: string): string => (perTable ? `${m}\0${key}` : `${m}\0${key}\0${window}`);
    for (const f of p.fields) {
      let fact = facts.get(columnOf(f.key.value));
      if (fact === undefined && perTable && tagNames.has(f.key.value)) fact = 'tag';
      if (fact === 'tag') found.push(`tag-field-conflict ${line} ${f.key.value}`);
      else if (fact !== undefined && fact !== f.value.type) found.push(`field-type-conflict ${line} ${f.key.value}`);
    }
    out.push(...found);
    if (found.length > 0) {
      // 1.x creates the new fields before the first conflicting one while it validates the point.
      if (target === 'v1') {
        for (const f of p.fields) {
          const fact = facts.get(columnOf(f.key.value));
          if (fact !== undefined && fact !== f.value.type) break;
          if (fact === undefined) facts.set(columnOf(f.key.value), f.value.type);
        }
      }
      continue;
    }
    for (const t of p.tags) if (perTable && !facts.has(columnOf(t.key.value))) facts.set(columnOf(t.key.value), 'tag');
    for (const f of p.fields) if (!facts.has(columnOf(f.key.value))) facts.set(columnOf(f.key.value), f.value.type);
  }
  return out;
}

function analysisConflicts(text: string, target: string): string[] {
  const a = new DocumentAnalysis(text, resolveSettings({ target, maxDiagnostics: 100000 }), { now: () => NOW, chunkSize: 4096 });
  const lines = text.split('\n');
  return a
    .diagnostics()
    .filter((d) => d.code === 'tag-field-conflict' || d.code === 'field-type-conflict')
    .map((d) => {
      const line = lines[d.range.start.line];
      // The key the diagnostic is about, decoded, from its message ("Tag 'k' ..." / "Field 'k' ...").
      const key = /^(?:Tag|Field) '((?:[^']|'(?! ))*)'/.exec(d.message)?.[1];
      assert.ok(key !== undefined && line !== undefined, d.message);
      return `${d.code} ${d.range.start.line} ${key}`;
    });
}

for (const target of ['cloud-serverless', 'core', 'oss-v2', 'v1']) {
  void test(`schema conflicts equal the reference on random documents (${target})`, () => {
    const perTable = target === 'cloud-serverless' || target === 'core';
    for (let seed = 1; seed <= 6; seed++) {
      const text = randomDocument(seed * 104729 + target.length, 600);
      const expected = referenceConflicts(text, target, perTable);
      assert.ok(expected.length > 0, 'the document has conflicts to find');
      assert.deepEqual(analysisConflicts(text, target), expected, `seed ${seed}`);
    }
  });
}

void test('a key is told apart from every key it is a prefix of, escaped or not', () => {
  const text = [`cpu a=1i,ab=1.5,a\\ b="s" ${NOW}`, `cpu ab=2.5,a=2i,a\\ b="t" ${NOW + 1n}`, `cpu a\\ b=3i,a=3.5 ${NOW + 2n}`].join('\n') + '\n';
  const conflicts = analysisConflicts(text, 'cloud-serverless');
  assert.deepEqual(conflicts, ['field-type-conflict 2 a b', 'field-type-conflict 2 a']);
});
