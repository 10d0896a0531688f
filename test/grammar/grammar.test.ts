/**
 * The TextMate grammars under syntaxes/, checked with vscode-tmgrammar-test so that the grammar
 * tests count in the one `npm test` run: every `# SYNTAX TEST` file here must pass, the tool must
 * really fail on a wrong assertion, and every scope the grammars define must be asserted somewhere.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DIR = join(ROOT, 'test', 'grammar');
const TOOL = join(ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
/** Stands in for VS Code's Markdown grammar, which the fenced-block injection is injected into. */
const MARKDOWN_HOST = join(DIR, 'markdown-host.tmLanguage.json');
const GRAMMARS = [
  join(ROOT, 'syntaxes', 'influxdb-line-protocol.tmLanguage.json'),
  join(ROOT, 'syntaxes', 'influxdb-line-protocol.markdown-injection.tmLanguage.json'),
];

const lpFiles = readdirSync(DIR).filter((name) => name.endsWith('.lp')).sort();
const mdFiles = readdirSync(DIR).filter((name) => name.endsWith('.md')).sort();

interface ToolRun {
  status: number | null;
  output: string;
}

/**
 * Runs the tool's CLI from the repository root, so that it reads the grammars declared in
 * package.json's contributes.grammars (the ones VS Code loads), plus any `-g` grammar.
 */
function runTool(files: string[], extraGrammars: string[] = []): ToolRun {
  const args = [TOOL, '--compact', ...extraGrammars.flatMap((g) => ['-g', g]), ...files];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Asserts a clean run that names each file as passed (a file the tool skipped would not be). */
function assertAllPassed(run: ToolRun, files: string[]): void {
  assert.equal(run.status, 0, `vscode-tmgrammar-test failed:\n${run.output}`);
  for (const file of files) {
    assert.match(run.output, new RegExp(`✓ ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} run successfuly`), run.output);
  }
  assert.doesNotMatch(run.output, /ERROR|grammar not found/, run.output);
}

interface Assertion {
  file: string;
  line: number;
  required: string[];
  excluded: string[];
}

/**
 * Reads the scope assertions of a syntax test file as vscode-tmgrammar-test does: the header names
 * the comment token; an assertion line is that token followed by `^…` or `<-…`, then the required
 * scopes, then optionally ` - ` and the scopes that must be absent.
 */
function readAssertions(path: string): Assertion[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const header = /^(\S+)\s+SYNTAX\s+TEST\s+"([^"]+)"/.exec(lines[0]);
  assert.ok(header, `${path}: the first line must be a SYNTAX TEST header`);
  const token = header[1];
  const found: Assertion[] = [];
  lines.forEach((text, index) => {
    if (index === 0 || !text.startsWith(token)) return;
    const rest = text.slice(token.length);
    const marker = /^\s*(?:[\^\s]*\^|<~*-+)/.exec(rest);
    if (!marker) return;
    const [required, excluded = ''] = rest.slice(marker[0].length).split(/\s-(?:\s|$)/);
    found.push({
      file: relative(ROOT, path),
      line: index + 1,
      required: required.split(/\s+/).filter(Boolean),
      excluded: excluded.split(/\s+/).filter(Boolean),
    });
  });
  return found;
}

/** Every scope a grammar can produce: each rule's name and contentName and each capture's name. */
function definedScopes(grammar: unknown): Set<string> {
  const scopes = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'name' || key === 'contentName') && typeof value === 'string') {
        value.split(/\s+/).filter(Boolean).forEach((scope) => scopes.add(scope));
      } else if (typeof value === 'object') {
        // A rule's "comment" is prose, but the repository may hold a rule named "comment".
        visit(value);
      }
    }
  };
  const { repository, patterns } = grammar as { repository?: unknown; patterns?: unknown };
  visit(patterns);
  visit(repository);
  return scopes;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

void describe('TextMate grammar (vscode-tmgrammar-test)', () => {
  void test('there are syntax test files for the grammar and for Markdown fences', () => {
    assert.ok(lpFiles.length >= 8, `expected the .lp syntax tests, found ${lpFiles.join(', ')}`);
    assert.ok(mdFiles.includes('markdown-fences.md'));
  });

  void test('every .lp syntax test file passes', () => {
    const files = lpFiles.map((name) => join('test', 'grammar', name));
    assertAllPassed(runTool(files), files);
  });

  void test('line protocol inside Markdown fenced code blocks passes (injection grammar)', () => {
    const files = mdFiles.map((name) => join('test', 'grammar', name));
    assertAllPassed(runTool(files, [MARKDOWN_HOST]), files);
  });

  void test('the tool fails on a wrong assertion, a wrong exclusion and a point asserted as a comment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-grammar-'));
    try {
      const cases = {
        'wrong-scope.lp': 'm f=1 123\n#     ^^^ constant.numeric.float.influxdb-line-protocol\n',
        'wrong-exclusion.lp': 'm f=1\n# <- - entity.name.type.measurement.influxdb-line-protocol\n',
        'trailing-comment.lp': 'm f=1 # c\n#     ^ comment.line.number-sign.influxdb-line-protocol\n',
      };
      for (const [name, body] of Object.entries(cases)) {
        const path = join(dir, name);
        writeFileSync(path, `# SYNTAX TEST "source.influxdb-line-protocol" "must fail"\n${body}`);
        const run = runTool([path]);
        assert.notEqual(run.status, 0, `${name} should fail:\n${run.output}`);
        assert.match(run.output, /ERROR .*(Missing required scopes|Prohibited scopes)/, run.output);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const assertions = [...lpFiles, ...mdFiles].flatMap((name) => readAssertions(join(DIR, name)));
  const lpScopes = definedScopes(readJson(GRAMMARS[0]));
  const injectionScopes = definedScopes(readJson(GRAMMARS[1]));
  const hostScopes = definedScopes(readJson(MARKDOWN_HOST));

  void test('every scope the grammars define is required by some assertion', () => {
    const required = new Set(assertions.flatMap((a) => a.required));
    // The root scope is on every token; asserting it proves nothing, so it is not required.
    const missing = [...lpScopes, ...injectionScopes].filter((scope) => !required.has(scope)).sort();
    assert.deepEqual(missing, [], `scopes no grammar test asserts: ${missing.join(', ')}`);
    assert.ok(lpScopes.size >= 30, `only ${lpScopes.size} scopes found in the grammar: is the walk broken?`);
  });

  void test('every asserted scope (required or excluded) exists, so that no assertion passes on a typo', () => {
    const known = new Set([...lpScopes, ...injectionScopes, ...hostScopes, 'source.influxdb-line-protocol']);
    const unknown = assertions.flatMap((a) =>
      [...a.required, ...a.excluded].filter((scope) => !known.has(scope)).map((scope) => `${a.file}:${a.line} ${scope}`),
    );
    assert.deepEqual(unknown, []);
  });

  void test('the line-protocol.md rules have their assertions', () => {
    // Spot checks that the key cases stay in the test files; the runs above check them.
    const all = [...lpFiles, ...mdFiles].map((name) => readFileSync(join(DIR, name), 'utf8')).join('\n');
    for (const source of [
      'm f=1 # note', // a # after a point is trailing content, not a comment
      'a\\ b\\,c,t=v f=1', // an escaped space or comma does not end the measurement
      'm f\\,1\\=2\\ 3\\\\4=1,a,b=2', // escapes in a field key; the escaped space does not end it
      'm a,b="x', // a comma in a field key: the string ends at the end of the line (§1.1)
      'm,host=a msg="first line', // a multi-line string
    ]) {
      assert.ok(all.includes(`\n${source}\n`), `missing syntax test line: ${source}`);
    }
  });
});
