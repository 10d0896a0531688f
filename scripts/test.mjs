// @ts-check
// The one test command (`npm test`): build, type-check, lint, then every *.test.ts under test/
// in a single `node --test` run, so the run ends with one pass/fail summary.
// `--only a,b` limits the run to test files whose path contains one of those words (and skips
// the build/typecheck/lint steps when `--no-checks` is given too): handy while working.
// `--fast` (`npm run test:fast`) is the everyday tier: it builds and runs every test except the
// slow suites (the real VS Code, the million-line and differential runs); the full run is `npm test`.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { ALL_PACKAGES, DEBIAN_PACKAGES, missingDebianPackages } from './prerequisites.mjs';

const args = process.argv.slice(2);
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1].split(',') : undefined;
const fast = args.includes('--fast');
const checks = !args.includes('--no-checks') && !fast;
/** Test files `--fast` leaves out: each takes longer than the whole fast tier should. */
const SLOW = [join('test', 'e2e') + '/', join('test', 'core', 'million.test.ts'), join('test', 'differential') + '/'];

/** @param {string} title @param {string} command @param {readonly string[]} commandArgs */
function run(title, command, commandArgs) {
  console.log(`\n=== ${title}: ${command} ${commandArgs.join(' ')}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

/** @param {string} dir @returns {string[]} */
function findTests(dir) {
  /** @type {string[]} */
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    // test/e2e/suite runs inside VS Code's extension host, driven by test/e2e/*.test.ts.
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'fixtures' && path !== join('test', 'e2e', 'suite')) found.push(...findTests(path));
    } else if (name.endsWith('.test.ts')) {
      found.push(path);
    }
  }
  return found.sort();
}

// This runner installs nothing (that is `npm run setup`, npm test's first stage): it checks the
// Debian packages the chosen tests need. Outside CI what is missing makes its tests skip; under
// CI=true it fails the run here, before anything else.
const needed = fast ? DEBIAN_PACKAGES : ALL_PACKAGES;
const missing = missingDebianPackages(needed);
if (missing.length > 0) {
  console.warn(`prerequisites: missing Debian packages ${missing.join(' ')} ('npm run setup' installs them as root; 'sudo apt-get install -y ${missing.join(' ')}')`);
  if (process.env.CI === 'true') {
    console.error('prerequisites: CI=true and a prerequisite is missing: failing.');
    process.exit(1);
  }
}

if (checks || fast) run('build', 'node', ['scripts/build.mjs']);
if (checks) {
  run('typecheck', 'npx', ['tsc', '-p', '.', '--noEmit']);
  // Each side on its own (tsconfig.build.json): a side sees only the sides it references.
  run('typecheck per side', 'npx', ['tsc', '-b', 'tsconfig.build.json']);
  run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
}

const files = findTests('test')
  .filter((f) => !only || only.some((word) => f.includes(word)))
  .filter((f) => !fast || !SLOW.some((slow) => f.startsWith(slow)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

// test/e2e/package.test.ts, vscode.test.ts and fixes.test.ts test the packaged VSIX: package it once here
// (a production build each time) and hand it to them as LP_E2E_VSIX, unless one is given already.
if (!process.env.LP_E2E_VSIX && files.some((f) => /^test\/e2e\/(package|vscode|fixes)\.test\.ts$/.test(f))) {
  const { packageVsix } = /** @type {typeof import('./e2e/packageVsix')} */ (await tsImport('./e2e/packageVsix.ts', import.meta.url));
  console.log('\n=== package the VSIX for the e2e tests');
  let vsix;
  try {
    vsix = packageVsix({ outFile: join('out', 'e2e', `test-${process.pid}.vsix`), log: (/** @type {string} */ line) => console.log(`package: ${line}`) });
  } catch (error) {
    console.error(`\npackaging failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  console.log(`${vsix.path}: ${(vsix.bytes / 1024).toFixed(1)} KiB, packaged in ${vsix.seconds.toFixed(1)} s`);
  process.env.LP_E2E_VSIX = vsix.path;
  process.on('exit', () => rmSync(vsix.path, { force: true }));
}

run('tests', 'node', ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
