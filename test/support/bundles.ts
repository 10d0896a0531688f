/**
 * The bundles in dist/ as the tests run them: rebuilt first when missing or older than the sources
 * they are built from, so a test never runs stale code. `npm test` builds before the tests, so in a
 * full run nothing is rebuilt here (test files run in parallel and would otherwise build at once).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const ready = new Set<string>();

/**
 * The path of `dist/<name>.js`, built from `sources` (folders under the repository root) when
 * needed; throws with the build's output when it still is not there.
 */
export function ensureBundle(name: 'cli' | 'server', sources: readonly string[]): string {
  const bundle = join(ROOT, 'dist', `${name}.js`);
  if (ready.has(bundle)) return bundle;
  const newest = Math.max(...sources.map((s) => newestMtime(join(ROOT, s))));
  const fresh = (): boolean => existsSync(bundle) && statSync(bundle).mtimeMs >= newest;
  if (!fresh()) {
    const result = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    // The build may fail for another entry point and still produce this one.
    if (!fresh()) {
      throw new Error(
        `dist/${name}.js is missing or stale and 'node scripts/build.mjs' did not produce it (exit ${result.status}):\n${result.stdout}${result.stderr}\nFix the build, then rerun the tests.`,
      );
    }
  }
  ready.add(bundle);
  return bundle;
}

/** dist/server.js, current with server/ and core/. */
export function ensureServerBundle(): string {
  return ensureBundle('server', ['server/src', 'core/src']);
}
