/**
 * The extension in a real VS Code (code-server 4.139 = VS Code 1.139, here; see
 * ../shared/docs/vscode-e2e.md): the packaged VSIX is installed into a fresh profile, then
 *  1. the mocha suite in test/e2e/suite runs inside the extension host (the same suite
 *     test/e2e/runElectron.ts runs under @vscode/test-electron on ordinary machines);
 *  2. the UI scenario drives the workbench in headless Chromium with keys and clicks only.
 * Both write to a real influxd and to the fake Cloud Serverless / InfluxDB 3 Core servers.
 * Failures keep screenshots and logs in .test-artifacts/e2e/.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { runSuiteInCodeServer } from '../../scripts/e2e/runCodeServerSuite';
import { CONFIG_ENV, type SuiteConfig, type SuiteResults } from './suite/config';
import { e2ePrerequisites } from './support/prerequisites';
import { fixtureWorkspace, startE2eServers } from './support/servers';
import { bundleSuite } from './support/suiteBundle';
import { vsixUnderTest } from './support/vsix';

export const ARTIFACTS = join(ROOT, '.test-artifacts', 'e2e');

void test('the packaged extension in VS Code (code-server)', { timeout: 10 * 60_000 }, async (t) => {
  const tools = e2ePrerequisites(t);
  if (!tools) return;
  const vsix = vsixUnderTest('vscode');
  t.diagnostic(`VSIX ${vsix.path} packaged in ${vsix.seconds.toFixed(1)} s`);
  const testsModule = bundleSuite(join(ROOT, 'out', 'e2e', `suite-${process.pid}`, 'index.js'));

  await t.test('the mocha suite inside the extension host', async () => {
    const servers = await startE2eServers();
    const workspace = fixtureWorkspace(servers.config);
    const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-results-'));
    try {
      const config: SuiteConfig = {
        workspace,
        resultsFile: join(temp, 'results.json'),
        startedAt: Date.now(),
        servers: servers.config,
        grep: process.env.LP_E2E_GREP,
      };
      const run = await runSuiteInCodeServer({
        tools,
        vsix: vsix.path,
        testsModule,
        workspace,
        env: { [CONFIG_ENV]: JSON.stringify(config) },
        artifactsDir: join(ARTIFACTS, 'suite'),
        onLog: (line) => t.diagnostic(line),
      });
      const { installSeconds, serverStartSeconds, runSeconds } = run.timings;
      t.diagnostic(`timings: VSIX install ${installSeconds.toFixed(1)} s, code-server listening ${serverStartSeconds.toFixed(1)} s, workbench + suite ${runSeconds.toFixed(1)} s`);
      assert.notEqual(run.exitCode, undefined, `the suite never finished (no codeAutomationExit); extension host output:\n${run.log}`);
      const results = JSON.parse(readFileSync(config.resultsFile, 'utf8')) as SuiteResults;
      for (const [name, ms] of Object.entries(results.metrics)) t.diagnostic(`metric ${name}: ${ms} ms`);
      const failed = results.tests.filter((r) => r.state === 'failed');
      assert.deepEqual(failed.map((f) => `${f.title}\n${f.error ?? ''}`), [], 'extension-host tests failed');
      assert.ok(results.tests.some((r) => r.state === 'passed'), 'the suite ran no test');
      assert.equal(run.exitCode, 0, `the suite exited ${run.exitCode}`);
      if (process.env.LP_E2E_GREP === undefined) {
        // Seen from the servers' side: the token from SecretStorage was sent, the good points stored.
        for (const [fake, server] of [[servers.cloud, servers.config.cloud], [servers.core, servers.config.core]] as const) {
          assert.ok(fake.requests.length > 0, `nothing was sent to ${server?.connection}`);
          for (const request of fake.requests) assert.match(request.headers.authorization ?? '', new RegExp(`^(Token|Bearer) ${server?.token}$`));
          assert.equal(fake.store.lines.length, 4, `${server?.connection} stored ${fake.store.lines.join(' | ')}`);
        }
      }
    } finally {
      await servers.stop();
      rmSync(workspace, { recursive: true, force: true });
      rmSync(temp, { recursive: true, force: true });
    }
  });
});
