/**
 * `lp check` on inputs above --whole-file-limit: checked region by region, each region against the
 * column facts of the ones before it. Compared with the whole-file analysis of the same text, in
 * process: the same problems, the checks across lines included.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateLines } from '../../bench/generate';
import { runCli } from '../../cli/src/cli';
import type { CliDiagnostic } from '../../cli/src/diagnostics';
import { memoryIo } from './memoryIo';

/** One line of each kind a region must get right, placed among generated lines. */
const SPECIALS = [
  'conf v=1i 1700000000000000000', // its type, set here, is contradicted far below
  'cpu,time=x usage=4i 1700000000000000003', // reserved tag
  'weird s="a\rb",t=1i 1700000000000000000', // a lone CR: a line break for the editor
  'crlf f=1i 1700000000000000000\r', // CRLF: rejected by the v3 parser
  'multi s="x\ny\nz" 1700000000', // three physical lines, seconds under ns
  'bad f=', // parse error
  'same,k=1 k=2i 1700000000000000000', // tag and field of one name in one line
  'dup f=1i,f=2i 1700000000000000000', // repeated field
  'conf v=1.5 1700000000000000000', // type conflict with the first special
];

/** A table that grows past Cloud Serverless's 200 columns over five lines far apart (in several regions). */
const WIDE = Array.from({ length: 5 }, (_, k) => `wide ${Array.from({ length: 50 }, (_, i) => `f${50 * k + i}=1i`).join(',')} 1700000000000000000`);

function bigInput(): string {
  const lines = generateLines(14_000, 5).split('\n');
  const specials = SPECIALS.flatMap((line, k) => (k < WIDE.length ? [line, WIDE[k]] : [line]));
  const step = Math.floor(lines.length / (specials.length + 1));
  // From the end, so that earlier positions stay where they were computed.
  for (let k = specials.length - 1; k >= 0; k--) lines.splice((k + 1) * step, 0, specials[k]);
  return lines.join('\n');
}

/** The file in pieces of `size` characters, as a stream delivers it. */
function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

async function check(args: string[], file: string | string[]): Promise<{ status: number; diagnostics: CliDiagnostic[]; stderr: string }> {
  const m = memoryIo({ 'big.lp': file });
  const status = await runCli(['check', '--format', 'json', ...args, 'big.lp'], m.io);
  return { status, diagnostics: JSON.parse(m.stdout()) as CliDiagnostic[], stderr: m.stderr() };
}

for (const target of ['cloud-serverless', 'v1']) {
  void test(`${target}: region by region finds exactly the problems of the whole-file analysis`, async () => {
    const text = bigInput();
    assert.ok(text.length > 2.5 * (1 << 20), 'several 1 MiB regions');
    const whole = await check(['--target', target], text);
    assert.equal(whole.stderr, '');
    const regions = await check(['--target', target, '--whole-file-limit', '1M'], pieces(text, 100_000));
    assert.match(regions.stderr, /^lp check: big\.lp has more than 1M characters or 16K lines \(--whole-file-limit\), so it is checked region by region/);
    assert.equal(regions.diagnostics.length, whole.diagnostics.length);
    assert.equal(regions.status, 1);

    // The same problems: checks across lines included (a type set in an earlier region, a table's
    // columns counted over every region).
    assert.ok(whole.diagnostics.some((d) => d.code === 'field-type-conflict' && d.related[0].line < d.line - 10_000));
    const limits = (ds: CliDiagnostic[]): CliDiagnostic[] => ds.filter((d) => d.code === 'column-limit');
    const others = (ds: CliDiagnostic[]): CliDiagnostic[] => ds.filter((d) => d.code !== 'column-limit');
    assert.deepEqual(others(regions.diagnostics), others(whole.diagnostics));
    assert.deepEqual(limits(regions.diagnostics), limits(whole.diagnostics));
    // The fourth and fifth wide lines would each take the table to 201 columns: both are rejected,
    // and neither adds a column the other one counts.
    if (target === 'cloud-serverless') assert.equal(limits(whole.diagnostics).length, 2, 'the 4th and 5th lines of table wide');
    // Every kind of special line is reported in regions too, after the lone CR and the multi-line string.
    const codes = new Set(regions.diagnostics.map((d) => d.code));
    for (const code of ['reserved-tag', 'timestamp-precision', 'duplicate-field']) assert.ok(codes.has(code), code);
    if (target === 'cloud-serverless') for (const code of ['crlf', 'FieldSetMissing', 'tag-field-conflict']) assert.ok(codes.has(code), code);
  });
}

void test('the summary counts the same data lines either way', async () => {
  const text = bigInput();
  const whole = memoryIo({ 'big.lp': text });
  await runCli(['check', 'big.lp'], whole.io);
  const regions = memoryIo({ 'big.lp': pieces(text, 65_536) });
  await runCli(['check', '--whole-file-limit', '512K', 'big.lp'], regions.io);
  const summary = (stderr: string) => /(\d+) data lines in 1 file/.exec(stderr)?.[1];
  assert.equal(summary(regions.stderr()), summary(whole.stderr()));
  // Every generated line that is neither blank nor a comment, and each special line once.
  const generated = generateLines(14_000, 5).split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#')).length;
  assert.equal(summary(whole.stderr()), String(generated + SPECIALS.length + WIDE.length));
});
