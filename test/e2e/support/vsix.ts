/** The VSIX under test: LP_E2E_VSIX when given (a VSIX built elsewhere), else packaged now. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageVsix, ROOT } from '../../../scripts/e2e/packageVsix';

export interface VsixUnderTest {
  readonly path: string;
  /** Where it comes from: 'packaged in N s', or 'given as LP_E2E_VSIX'. */
  readonly origin: string;
  /** Removes the VSIX when this process packaged it (a given one is left alone). */
  remove(): void;
}

export function vsixUnderTest(label: string): VsixUnderTest {
  const given = process.env.LP_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`LP_E2E_VSIX=${given} does not exist: unset it to package the extension, or run 'npm run package'.`);
    return { path: given, origin: 'given as LP_E2E_VSIX', remove: () => undefined };
  }
  // One file per test process: the e2e test files run in parallel.
  const packaged = packageVsix({ outFile: join(ROOT, 'out', 'e2e', `${label}-${process.pid}.vsix`) });
  return { path: packaged.path, origin: `packaged in ${packaged.seconds.toFixed(1)} s`, remove: () => rmSync(packaged.path, { force: true }) };
}
