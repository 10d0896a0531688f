#!/usr/bin/env node
// @ts-check
// Installs Node 24 and code-server into the e2e cache (see scripts/e2e/install.ts), skipping what is
// already there. Usage: node scripts/e2e/install.mjs   (INFLUX_LP_E2E_CACHE moves the cache)
import { tsImport } from 'tsx/esm/api';

const { installE2eTools, e2eCacheDir } = /** @type {typeof import('./install')} */ (await tsImport('./install.ts', import.meta.url));
const started = Date.now();
try {
  installE2eTools();
  console.log(`e2e: tools ready in ${e2eCacheDir()} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
