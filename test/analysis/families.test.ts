/**
 * Column families on InfluxDB 3 (issue 13 §3). Every rule is the server's, read in influxdata/influxdb
 * (main d7834110, 2026-06; the same at tag v3.10.1):
 * - influxdb3_catalog/src/catalog/versions/v3/transaction.rs `parse_qualified_field_name` and its
 *   tests (transaction/tests.rs): `split_once("::")`, so `a::b::c` is family `a`; `::field`,
 *   `family::` and `::` are unqualified.
 * - same file `get_or_create_named_field_family` + versions/v3.rs `NUM_FIELDS_PER_FAMILY_LIMIT = 100`:
 *   a named family holding 100 fields refuses the next new one with influxdb3_catalog/src/error.rs
 *   `TooManyFields`: "Update to schema would exceed the field limit (100) for field family '{f}'".
 *   `table_or_create` makes tables in `FieldFamilyMode::Aware` on every product (the catalog is shared).
 * - docs-v2 content/influxdb3/enterprise/performance-preview/_index.md "Column families": automatic
 *   families `__0`, `__1`, … of up to 100 fields each; only the first `::` is significant.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentAnalysis } from '../../core/src/analysis/analysis';
import { familyLimitAnswer, familyOf, malformedQualifier } from '../../core/src/analysis/families';
import { hoverAt } from '../../core/src/analysis/hover';
import { outline } from '../../core/src/analysis/outline';
import { analyzePart, partBuffers } from '../../core/src/analysis/parts';
import { resolveSettings } from '../../core/src/analysis/settings';
import { LineIndex } from '../../core/src/index';
import { createRandom } from '../../bench/generate';

const NOW = 1_780_000_000_000_000_000n; // 2026-05-28

void describe('how InfluxDB 3 reads a field name with :: (transaction.rs parse_qualified_field_name and its tests)', () => {
  void it('takes the part before the first :: as the family; an empty family or field part is unqualified', () => {
    assert.equal(familyOf('cpu::user'), 'cpu');
    assert.equal(familyOf('a::b::c'), 'a');
    assert.equal(familyOf('a:::b'), 'a');
    assert.equal(familyOf('bare'), undefined);
    assert.equal(familyOf('::field'), undefined);
    assert.equal(familyOf('family::'), undefined);
    assert.equal(familyOf('::'), undefined);
    assert.equal(familyOf(''), undefined);
    assert.equal(familyOf('a:b'), undefined);
    assert.equal(malformedQualifier('::field'), 'empty-family');
    assert.equal(malformedQualifier('::'), 'empty-family');
    assert.equal(malformedQualifier('family::'), 'empty-field');
    assert.equal(malformedQualifier('cpu::user'), undefined);
    assert.equal(malformedQualifier('bare'), undefined);
  });
  void it("words a full family as error.rs TooManyFields does", () => {
    assert.equal(familyLimitAnswer('cpu'), "Update to schema would exceed the field limit (100) for field family 'cpu'");
  });
});

void describe('the columnFamilies setting', () => {
  void it('is on for InfluxDB 3 Cloud, off for Enterprise unless set, never on for Core or other products', () => {
    assert.equal(resolveSettings({ target: 'influxdb3-cloud' }).columnFamilies, true);
    assert.equal(resolveSettings({ target: 'influxdb3-cloud', columnFamilies: false }).columnFamilies, undefined);
    assert.equal(resolveSettings({ target: 'enterprise' }).columnFamilies, undefined);
    assert.equal(resolveSettings({ target: 'enterprise', columnFamilies: true }).columnFamilies, true);
    const problems: string[] = [];
    assert.equal(resolveSettings({ target: 'core', columnFamilies: true }, problems).columnFamilies, undefined);
    assert.match(problems[0], /InfluxDB 3 Core does not store fields by column family/);
    assert.equal(resolveSettings({ target: 'cloud-serverless', columnFamilies: true }).columnFamilies, undefined);
  });
});

/** `n` fields of family `f` written one per line, then `extra`. */
function familyFile(n: number, extra: string): string {
  return Array.from({ length: n }, (_, i) => `m cpu::f${i}=1i`).join('\n') + '\n' + extra + '\n';
}

void describe('the per-family field limit (catalog TooManyFields), on every InfluxDB 3 target', () => {
  for (const target of ['core', 'enterprise', 'influxdb3-cloud']) {
    void it(`${target}: the 101st field of a named family is refused with the server's words; automatic families never are`, () => {
      const a = new DocumentAnalysis(familyFile(100, 'm cpu::x=1i,mem::y=1i\nm cpu::f3=2i\nm a::b::c=1i'), resolveSettings({ target }), { now: () => NOW });
      const found = a.diagnostics();
      assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, d.severity, d.code]), [[100, 2, 'error', 'field-family-limit']]);
      assert.match(found[0].message, /^Field 'cpu::x' would be field 101 of column family 'cpu' in table 'm': InfluxDB 3 .* rejects the point \("Update to schema would exceed the field limit \(100\) for field family 'cpu'"\)\./);
    });
  }
  void it('counts the fields one line adds in order: the line is refused at the first that does not fit, and sets no column', () => {
    const line = `m ${Array.from({ length: 101 }, (_, i) => `cpu::g${i}=1i`).join(',')}`;
    const a = new DocumentAnalysis(`${line}\nm cpu::g0="s"\n`, resolveSettings({ target: 'core' }), { now: () => NOW });
    // Line 2 meets no column: the refused line left none behind (schema-and-influxdb3.md §2, 3.11.2).
    assert.deepEqual(a.diagnostics().map((d) => [d.range.start.line, d.code, line.slice(d.range.start.character, d.range.end.character)]), [[0, 'field-family-limit', 'cpu::g100']]);
  });
  void it('a field the family has already is no new field; other products and unqualified names are not limited', () => {
    const text = familyFile(100, 'm cpu::f0=2i\nm plain=1i');
    assert.deepEqual(new DocumentAnalysis(text, resolveSettings({ target: 'core' }), { now: () => NOW }).diagnostics(), []);
    const many = Array.from({ length: 150 }, (_, i) => `m u${i}=1i`).join('\n');
    assert.deepEqual(new DocumentAnalysis(many, resolveSettings({ target: 'core' }), { now: () => NOW }).diagnostics(), []);
    assert.deepEqual(new DocumentAnalysis(familyFile(100, 'm cpu::x=1i'), resolveSettings({ target: 'v1' }), { now: () => NOW }).diagnostics(), []);
  });
  void it('random edits near a full family keep the incremental analysis equal to a fresh one', () => {
    const settings = resolveSettings({ target: 'influxdb3-cloud' });
    const options = { now: () => NOW, chunkSize: 48, openChunkSize: 48 };
    const head = `m ${Array.from({ length: 98 }, (_, i) => `cpu::f${i}=1i`).join(',')}`;
    const short = ['m cpu::g1=1i', 'm cpu::g2=1i,cpu::g3=1i', 'm cpu::f0=1i', 'm mem::a=1i', 'm cpu::g4=1i', 'n cpu::g1=1i'];
    const pieces = ['\n', 'm ', 'cpu::g5=1i', ',cpu::g6=1i', 'mem::h=1i', '\nm cpu::g2=1i', ' ', '1', ':'];
    const rand = createRandom(1313);
    let text = [head, ...Array.from({ length: 20 }, () => short[Math.floor(rand() * short.length)])].join('\n') + '\n';
    const a = new DocumentAnalysis(text, settings, options);
    let limits = 0;
    for (let step = 0; step < 200; step++) {
      const index = new LineIndex(text);
      const from = head.length + 1 + Math.floor(rand() * (text.length - head.length));
      const to = Math.min(text.length, from + (rand() < 0.5 ? 0 : Math.floor(rand() * 10)));
      const insert = rand() < 0.3 ? '' : pieces[Math.floor(rand() * pieces.length)];
      a.applyChange({ start: index.positionAt(from), end: index.positionAt(to) }, insert);
      text = text.slice(0, from) + insert + text.slice(to);
      const expected = new DocumentAnalysis(text, settings, options).diagnostics();
      assert.deepEqual(a.diagnostics(), expected, `diagnostics after step ${step}: ${JSON.stringify(text.slice(head.length))}`);
      limits += expected.filter((d) => d.code === 'field-family-limit').length;
    }
    assert.ok(limits > 30, `${limits} field-family-limit diagnostics over the steps`);
  });
  void it('a text checked in two parts and joined (lp check on a large input) equals one pass, wherever it is cut', () => {
    const cut = { chunkSize: 64, openChunkSize: 64 };
    const settings = resolveSettings({ target: 'core', maxDiagnostics: 100000 });
    const head = `m ${Array.from({ length: 98 }, (_, i) => `cpu::f${i}=1i`).join(',')} 1700000000000000000`;
    const short = ['m cpu::g1=1i', 'm cpu::g2=1i,cpu::g3=1i', 'm cpu::f0=1i', 'm mem::a=1i', 'm cpu::g4=1i,plain=1i'];
    const rand = createRandom(99);
    let limits = 0;
    for (let seed = 0; seed < 4; seed++) {
      const lines = Array.from({ length: 12 }, () => short[Math.floor(rand() * short.length)]);
      const text = [lines[0], head, ...lines.slice(1)].join('\n') + '\n';
      const expected = new DocumentAnalysis(text, settings, { ...cut, now: () => NOW }).diagnostics();
      limits += expected.filter((d) => d.code === 'field-family-limit').length;
      for (let at = text.indexOf('\n') + 1; at > 0 && at < text.length; at = text.indexOf('\n', at) + 1) {
        const tail = text.slice(at);
        const sent = analyzePart(tail, settings, NOW, cut);
        const part = structuredClone(sent, { transfer: partBuffers(sent) });
        const a = new DocumentAnalysis(text.slice(0, at), settings, { ...cut, now: () => NOW });
        assert.ok(a.appendPart(tail, part));
        assert.deepEqual(a.diagnostics(), expected, `cut at ${at}`);
      }
    }
    assert.ok(limits > 4, `${limits} field-family-limit diagnostics`);
  });
});

void describe('a malformed qualifier (families on): how the server reads it', () => {
  const text = 'm ::x=1i,y::=2i,cpu::user=3i,plain=4i\n';
  void it('gets an information diagnostic on InfluxDB 3 Cloud and on Enterprise with families, none without', () => {
    for (const settings of [resolveSettings({ target: 'influxdb3-cloud' }), resolveSettings({ target: 'enterprise', columnFamilies: true })]) {
      const found = new DocumentAnalysis(text, settings, { now: () => NOW }).diagnostics();
      assert.deepEqual(found.map((d) => [d.range.start.character, d.range.end.character, d.severity, d.code]), [
        [2, 5, 'information', 'field-family-qualifier'],
        [9, 12, 'information', 'field-family-qualifier'],
      ]);
      assert.match(found[0].message, /^Field '::x' has nothing before ::, so it names no column family: InfluxDB 3 .* reads the whole name as an unqualified field/);
      assert.match(found[1].message, /^Field 'y::' has nothing after ::/);
    }
    assert.deepEqual(new DocumentAnalysis(text, resolveSettings({ target: 'enterprise' }), { now: () => NOW }).diagnostics(), []);
    assert.deepEqual(new DocumentAnalysis(text, resolveSettings({ target: 'core' }), { now: () => NOW }).diagnostics(), []);
  });
});

void describe('hover and outline show the family (families on)', () => {
  const text = 'm,host=a cpu::usage=1.5,free=2i,a::b::c=3i\n';
  void it('the hover of a field key names its family, or the automatic ones', () => {
    const a = new DocumentAnalysis(text, resolveSettings({ target: 'influxdb3-cloud' }), { now: () => NOW });
    assert.match(hoverAt(a, { line: 0, character: 11 })?.markdown ?? '', /\*\*Column family:\*\* `cpu` \(the part before the first `::`; at most 100 fields per family\)/);
    assert.match(hoverAt(a, { line: 0, character: 25 })?.markdown ?? '', /\*\*Column family:\*\* automatic \(`__0`, `__1`, …: up to 100 fields each/);
    assert.match(hoverAt(a, { line: 0, character: 33 })?.markdown ?? '', /\*\*Column family:\*\* `a` /);
    const off = new DocumentAnalysis(text, resolveSettings({ target: 'core' }), { now: () => NOW });
    assert.doesNotMatch(hoverAt(off, { line: 0, character: 11 })?.markdown ?? '', /Column family/);
  });
  void it("the outline's field details name the family", () => {
    const a = new DocumentAnalysis(text, resolveSettings({ target: 'enterprise', columnFamilies: true }), { now: () => NOW });
    const fields = outline(a)[0].children.filter((c) => c.kind === 'field').map((c) => [c.name, c.detail]);
    assert.deepEqual(fields, [
      ['cpu::usage', 'float, family cpu'],
      ['free', 'integer, family automatic'],
      ['a::b::c', 'integer, family a'],
    ]);
    const off = new DocumentAnalysis(text, resolveSettings({ target: 'enterprise' }), { now: () => NOW });
    assert.equal(outline(off)[0].children.find((c) => c.name === 'free')?.detail, 'integer');
  });
});
