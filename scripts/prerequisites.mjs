// @ts-check
// The one list of Debian packages the tests and `npm start` need, a check of which are missing,
// and their installation (only as root, apt-get needs it, and only what is missing; elsewhere it
// says what to install). Installing is set-up's job: scripts/setup.mjs (`npm run setup`, run by
// .ci/run and as `npm test`'s first stage) and `npm start` call ensureDebianPackages; the test
// runner and the tests only call missingDebianPackages.
import { spawnSync } from 'node:child_process';

/** The Debian packages `npm test` installs: a real InfluxDB 1.x (influxd) for the write tests and npm start. */
export const DEBIAN_PACKAGES = ['influxdb'];
/** Debian packages code-server's native build needs (node-gyp against Node 24's headers). */
export const NATIVE_BUILD_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'python3', 'make', 'g++'];
/** Debian packages the browser tests need: the browser, and a font so that screenshots show text. */
export const BROWSER_PACKAGES = ['chromium', 'fonts-dejavu-core'];

/** Everything the full test run needs from Debian. */
export const ALL_PACKAGES = [...DEBIAN_PACKAGES, ...BROWSER_PACKAGES, ...NATIVE_BUILD_PACKAGES];

/** @param {string} pkg */
function installed(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
}

/** @param {readonly string[]} args */
function apt(args) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** The packages of `packages` that are not installed. @param {readonly string[]} packages */
export function missingDebianPackages(packages) {
  return packages.filter((p) => !installed(p));
}

/**
 * Installs what is missing of `packages`; returns the packages still missing afterwards (empty when all are there).
 * @param {readonly string[]} packages
 */
export function ensureDebianPackages(packages = DEBIAN_PACKAGES) {
  const missing = missingDebianPackages(packages);
  if (missing.length === 0) return [];
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.warn(`prerequisites: missing Debian packages ${missing.join(', ')}; install them with: sudo apt-get install -y ${missing.join(' ')}`);
    return missing;
  }
  console.log(`prerequisites: installing ${missing.join(', ')} with apt-get`);
  if (!apt(['update', '-qq']) || !apt(['install', '-y', '-qq', '--no-install-recommends', ...missing])) {
    console.warn(`prerequisites: apt-get could not install ${missing.join(', ')}`);
  }
  return missing.filter((p) => !installed(p));
}

// Usage: node scripts/prerequisites.mjs [--all]   (--all: the e2e tests' packages too, as .ci/run does)
if (import.meta.url === `file://${process.argv[1]}`) {
  const all = process.argv.includes('--all');
  const missing = ensureDebianPackages(all ? ALL_PACKAGES : DEBIAN_PACKAGES);
  process.exit(missing.length === 0 ? 0 : 1);
}
