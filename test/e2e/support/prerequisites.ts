/**
 * What every code-server test needs before it can start: Chromium, influxd, and Node 24 +
 * code-server in the cache (installed by `npm run setup`, npm test's first stage; when missing, put
 * there now: about 3 minutes once, then cached). Debian packages are never installed here (that is
 * set-up's job). Outside CI a missing piece skips the test with the fix; under CI=true it fails.
 */
import type { TestContext } from 'node:test';
import { chromiumAvailable, CHROMIUM, e2eCacheDir, installE2eTools, missingE2eDebianPackages, type E2eTools } from '../../../scripts/e2e/install';
import { influxdAvailable, INFLUXD_FIX } from '../../../support/influxd';
import { requirePrerequisite } from '../../support/prerequisite';

export function e2ePrerequisites(t: TestContext): E2eTools | undefined {
  const missing = missingE2eDebianPackages();
  if (missing.length > 0) t.diagnostic(`Debian packages missing ('npm run setup' installs them as root): ${missing.join(' ')}`);
  if (!requirePrerequisite(t, chromiumAvailable(), `Chromium (${CHROMIUM})`, "run 'apt-get install -y chromium'")) return undefined;
  if (!requirePrerequisite(t, influxdAvailable(), 'InfluxDB 1.x (influxd)', INFLUXD_FIX)) return undefined;
  try {
    return installE2eTools((line) => t.diagnostic(line));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    requirePrerequisite(t, false, `code-server and Node 24 in ${e2eCacheDir()}`, `the install failed (see below); it needs the Debian packages NATIVE_BUILD_PACKAGES of scripts/prerequisites.mjs ('npm run setup' installs them, as .ci/run does)\n${reason}`);
    return undefined;
  }
}
