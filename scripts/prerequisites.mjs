// Installs the Debian packages the tests and `npm start` need, so that the README's two commands
// do all set-up on a fresh machine. Only as root (apt-get needs it) and only what is missing;
// elsewhere it says what to install, and the tests that need it skip (or fail under CI=true).
import { spawnSync } from 'node:child_process';

/** Debian packages and why each is needed. */
export const DEBIAN_PACKAGES = {
  influxdb: 'a real InfluxDB 1.x (influxd) for the write tests and npm start',
};

function installed(pkg) {
  return spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;
}

function apt(args) {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Returns the packages still missing afterwards (empty when all are there). */
export function ensureDebianPackages(packages = Object.keys(DEBIAN_PACKAGES)) {
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const missing = ensureDebianPackages();
  process.exit(missing.length === 0 ? 0 : 1);
}
