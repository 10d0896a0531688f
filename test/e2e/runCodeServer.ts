/**
 * The extension-host suite in code-server, alone: packages the VSIX (or takes LP_E2E_VSIX),
 * installs code-server + Node 24 when missing (cached), starts influxd and the fake servers, runs
 * the suite and exits with its exit code (1 also when the servers' side found a problem).
 *
 *   npx tsx test/e2e/runCodeServer.ts          # LP_E2E_GREP=text runs only matching tests
 *
 * `npm test` runs the same through test/e2e/vscode.test.ts.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installE2eTools } from '../../scripts/e2e/install';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { bundleSuite } from './support/suiteBundle';
import { runE2eSuite } from './support/suiteRun';
import { vsixUnderTest } from './support/vsix';

async function main(): Promise<number> {
  const tools = installE2eTools();
  const vsix = vsixUnderTest('run');
  const testsModule = bundleSuite(join(ROOT, 'out', 'e2e', `suite-run-${process.pid}`, 'index.js'));
  try {
    const { run, results, serverProblems } = await runE2eSuite({
      tools,
      vsix: vsix.path,
      testsModule,
      artifactsDir: join(ROOT, '.test-artifacts', 'e2e', 'suite'),
      grep: process.env.LP_E2E_GREP,
      onLog: (line) => console.log(line),
    });
    for (const [name, ms] of Object.entries(results?.metrics ?? {})) console.log(`metric ${name}: ${ms} ms`);
    for (const problem of serverProblems) console.error(`server side: ${problem}`);
    if (run.exitCode === undefined) console.error('the suite never finished (no codeAutomationExit)');
    return run.exitCode === undefined ? 1 : run.exitCode || (serverProblems.length > 0 ? 1 : 0);
  } finally {
    vsix.remove();
    rmSync(dirname(testsModule), { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
