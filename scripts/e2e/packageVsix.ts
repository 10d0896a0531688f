/**
 * Packages the extension into a VSIX the way it ships: `vsce package` (offline;
 * `--no-dependencies` because esbuild bundled everything), which first runs the manifest's
 * `vscode:prepublish` (the production build), as `vsce publish` would. `.vscodeignore` decides what
 * goes in (an allowlist).
 *
 * Why a staging copy under out/: packaging rebuilds dist/ minified, and other tests (the CLI's)
 * run dist/ at the same time; building in a copy never touches the working tree's dist/, and two
 * test processes can package side by side. The copy sits inside the repository so that the
 * bundler still finds node_modules by walking up.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** Top-level entries never copied into the staging folder: generated, large, or not ours. */
const NOT_STAGED = new Set(['node_modules', 'dist', 'out', '.git', '.bench', '.test-artifacts', '.vscode-test']);

export interface PackagedVsix {
  readonly path: string;
  readonly bytes: number;
  readonly seconds: number;
}

export interface PackageOptions {
  /** Where the .vsix goes (default: out/<name>-<version>.vsix). */
  readonly outFile?: string;
  /** Staging folder (default: out/vsix-staging-<pid>); removed afterwards. */
  readonly stagingDir?: string;
  readonly log?: (line: string) => void;
}

function run(what: string, command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`package: ${what} failed in ${cwd} (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`.trim());
  }
  return `${result.stdout}\n${result.stderr}`;
}

export function packageVsix(options: PackageOptions = {}): PackagedVsix {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const staging = options.stagingDir ?? join(ROOT, 'out', `vsix-staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const name of readdirSync(ROOT)) {
      if (NOT_STAGED.has(name) || name.endsWith('.vsix')) continue;
      cpSync(join(ROOT, name), join(staging, name), { recursive: true, verbatimSymlinks: true });
    }
    const manifest = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8')) as { name: string; version: string };
    const outFile = resolve(options.outFile ?? join(ROOT, 'out', `${manifest.name}-${manifest.version}.vsix`));
    mkdirSync(join(outFile, '..'), { recursive: true });
    // vsce runs the manifest's vscode:prepublish first: the production build (minified bundles).
    log(`production build and vsce package → ${outFile}`);
    const said = run('vsce package', process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', outFile], staging);
    // vsce's warnings (a missing field of the listing, a large file) are worth reading.
    for (const line of said.split('\n').filter((l) => /WARNING/.test(l))) log(line.trim());
    return { path: outFile, bytes: statSync(outFile).size, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
