/**
 * What every code-server test needs before it can start: Chromium, influxd, and Node 24 +
 * code-server in the cache (installed now when missing: about 3 minutes once, then cached).
 * Missing Debian packages are installed first when running as root. Outside CI a missing piece
 * skips the test with the fix; under CI=true it fails.
 */
import type { TestContext } from 'node:test';
import { chromiumAvailable, CHROMIUM, e2eCacheDir, ensureE2eDebianPackages, installE2eTools, type E2eTools } from '../../../scripts/e2e/install';
import { influxdAvailable, INFLUXD_FIX } from '../../../support/influxd';
import { requirePrerequisite } from '../../support/prerequisite';

export function e2ePrerequisites(t: TestContext): E2eTools | undefined {
  // As root, a fresh machine gets the Debian packages here (as npm test does for influxdb).
  const missing = ensureE2eDebianPackages();
  if (missing.length > 0) t.diagnostic(`Debian packages still missing: ${missing.join(' ')}`);
  if (!requirePrerequisite(t, chromiumAvailable(), `Chromium (${CHROMIUM})`, "run 'apt-get install -y chromium'")) return undefined;
  if (!requirePrerequisite(t, influxdAvailable(), 'InfluxDB 1.x (influxd)', INFLUXD_FIX)) return undefined;
  try {
    return installE2eTools((line) => t.diagnostic(line));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    requirePrerequisite(t, false, `code-server and Node 24 in ${e2eCacheDir()}`, `the install failed (see below); it needs the Debian packages NATIVE_BUILD_PACKAGES of scripts/prerequisites.mjs ('node scripts/prerequisites.mjs --all' installs them, as .ci/run does)\n${reason}`);
    return undefined;
  }
}
