#!/usr/bin/env node
// @ts-check
// `npm run package`: production bundles + `vsce package` (offline) → out/<name>-<version>.vsix.
// Usage: node scripts/package.mjs [--out FILE]
import { tsImport } from 'tsx/esm/api';

const { packageVsix } = /** @type {typeof import('./e2e/packageVsix')} */ (await tsImport('./e2e/packageVsix.ts', import.meta.url));
const outIndex = process.argv.indexOf('--out');
try {
  const vsix = packageVsix({ outFile: outIndex >= 0 ? process.argv[outIndex + 1] : undefined, log: (/** @type {string} */ line) => console.log(`package: ${line}`) });
  console.log(`${vsix.path}\n${(vsix.bytes / 1024).toFixed(1)} KiB, packaged in ${vsix.seconds.toFixed(1)} s`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
