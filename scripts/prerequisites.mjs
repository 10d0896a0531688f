// Installs the Debian packages the tests and `npm start` need, so that the README's two commands
// do all set-up on a fresh machine. Only as root (apt-get needs it) and only what is missing;
// elsewhere it says what to install, and the tests that need it skip (or fail under CI=true).
// The one list of Debian packages: .ci/run (`--all`), npm test, npm start and the e2e tests use it.
import { spawnSync } from 'node:child_process';

/** The Debian packages `npm test` installs: a real InfluxDB 1.x (influxd) for the write tests and npm start. */
export const DEBIAN_PACKAGES = ['influxdb'];
/** Debian packages code-server's native build needs (node-gyp against Node 24's headers). */
export const NATIVE_BUILD_PACKAGES = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'python3', 'make', 'g++'];
/** Debian packages the browser tests need: the browser, and a font so that screenshots show text. */
export const BROWSER_PACKAGES = ['chromium', 'fonts-dejavu-core'];

function installed(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
}

function apt(args) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Returns the packages still missing afterwards (empty when all are there). */
export function ensureDebianPackages(packages = DEBIAN_PACKAGES) {
  const missing = packages.filter((p) => !installed(p));
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
  const missing = ensureDebianPackages(all ? [...DEBIAN_PACKAGES, ...BROWSER_PACKAGES, ...NATIVE_BUILD_PACKAGES] : DEBIAN_PACKAGES);
  process.exit(missing.length === 0 ? 0 : 1);
}
