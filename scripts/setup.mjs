#!/usr/bin/env node
// @ts-check
// `npm run setup`: installs what the tests need beyond npm's packages, skipping what is there:
// Debian's influxdb, chromium and code-server's native build tools (apt-get, only as root;
// elsewhere it prints the command), then Node 24 and code-server into the e2e cache
// (scripts/e2e/install.ts, about 3 minutes once). .ci/run calls it, and `npm test` runs it as
// its first stage (npm's `pretest`), so that the README's `npm test` sets up a fresh machine;
// the test runner (scripts/test.mjs) itself never installs anything.
// Under CI=true a piece still missing afterwards fails the set-up; elsewhere it is reported and
// the tests that need it skip.
import { tsImport } from 'tsx/esm/api';
import { ALL_PACKAGES, ensureDebianPackages } from './prerequisites.mjs';

const ci = process.env.CI === 'true';
console.log('=== setup: Debian packages and the e2e tools (npm run setup; installs only what is missing)');
const missing = ensureDebianPackages(ALL_PACKAGES);
let failed = missing.length > 0;
if (failed) console.warn(`setup: still missing Debian packages: ${missing.join(' ')}`);
const { installE2eTools, e2eCacheDir } = /** @type {typeof import('./e2e/install')} */ (await tsImport('./e2e/install.ts', import.meta.url));
try {
  installE2eTools((line) => console.log(`setup: ${line}`));
  console.log(`setup: Node 24 and code-server ready in ${e2eCacheDir()}`);
} catch (error) {
  failed = true;
  console.warn(`setup: the e2e tools could not be installed: ${error instanceof Error ? error.message : String(error)}`);
}
if (failed && ci) {
  console.error('setup: prerequisites are missing and CI=true: failing.');
  process.exit(1);
}
