/** The README's `lp check` example is what the built CLI prints for the data it describes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ROOT, ensureBuilt, runLp } from './builtCli';

before(() => ensureBuilt());

void test('README: the lp check example output is real', async (t) => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `lp` command line'), readme.indexOf('## Developing'));
  const data = /with `data\.lp` holding `([^`]+)` then\s+`([^`]+)`/.exec(section);
  assert.ok(data, 'the example names the lines of data.lp');
  const example = /```text\n\$ node dist\/cli\.js (check [^\n]+)\n([\s\S]*?)```/.exec(section);
  assert.ok(example, 'the example shows a command and its output');
  const dir = mkdtempSync(join(tmpdir(), 'lp-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'data.lp'), `${data[1]}\n${data[2]}\n`);
  const run = await runLp(example[1].split(' '), { cwd: dir });
  // The README shows stdout, then the summary from stderr.
  assert.equal(run.stdout + run.stderr, example[2]);
  assert.equal(run.status, 1);
});
