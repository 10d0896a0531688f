/**
 * Bundles the in-extension-host suite (test/e2e/suite/index.ts and what it imports) into one
 * CommonJS file for VS Code's test loader. `vscode` is provided by the extension host; mocha
 * is loaded from node_modules (out/ is inside the repository, so require finds it).
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/e2e/packageVsix';

export const SUITE_BUNDLE = join(ROOT, 'out', 'e2e', 'suite', 'index.js');

export function bundleSuite(outfile = SUITE_BUNDLE): string {
  buildSync({
    entryPoints: [join(ROOT, 'test', 'e2e', 'suite', 'index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile,
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
    logOverride: { 'import-is-undefined': 'error' },
  });
  return outfile;
}
