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
import { openSession } from './support/session';
import { Workbench } from './support/workbench';
import { fixtureWorkspace, removeWorkspace, startE2eServers } from './support/servers';
import { bundleSuite } from './support/suiteBundle';
import { vsixUnderTest } from './support/vsix';

export const ARTIFACTS = join(ROOT, '.test-artifacts', 'e2e');

/** While working: LP_E2E_ONLY=suite or LP_E2E_ONLY=ui runs one of the two parts (unset: both). */
const ONLY = process.env.LP_E2E_ONLY;

void test('the packaged extension in VS Code (code-server)', { timeout: 10 * 60_000 }, async (t) => {
  const tools = e2ePrerequisites(t);
  if (!tools) return;
  const vsix = vsixUnderTest('vscode');
  t.diagnostic(`VSIX ${vsix.path} packaged in ${vsix.seconds.toFixed(1)} s`);
  const testsModule = bundleSuite(join(ROOT, 'out', 'e2e', `suite-${process.pid}`, 'index.js'));

  await t.test('the mocha suite inside the extension host', { skip: ONLY === 'ui' && 'LP_E2E_ONLY=ui' }, async () => {
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
      removeWorkspace(workspace);
      rmSync(temp, { recursive: true, force: true });
    }
  });

  await t.test('as a person uses it: keys and clicks in the workbench, a screenshot per step', { skip: ONLY === 'suite' && 'LP_E2E_ONLY=suite' }, async (t) => {
    const servers = await startE2eServers();
    const core = servers.config.core as NonNullable<SuiteConfig['servers']['core']>;
    const workspace = fixtureWorkspace(servers.config, { 'influxLineProtocol.activeConnection': core.connection });
    const shots = join(ARTIFACTS, 'ui');
    rmSync(shots, { recursive: true, force: true });
    const started = Date.now();
    const session = await openSession({ tools, vsix: vsix.path, workspace });
    const ui = new Workbench(session.page, shots);
    const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
      const at = Date.now();
      const result = await action();
      const shot = await ui.screenshot(name);
      t.diagnostic(`${name}: ${Date.now() - at} ms (${shot})`);
      return result;
    };
    try {
      await step('workbench', () => ui.waitUntilReady());
      await step('open-write-lp-from-explorer', () => ui.openFromExplorer('write.lp'));
      await step('write-to-bucket-from-palette', () => ui.runCommand('InfluxDB: Write to Bucket'));
      await step('token-typed-into-password-box', async () => {
        await ui.typeIntoInput(core.token as string, { password: true });
      });
      await ui.page.keyboard.press('Enter');
      const summary = await step('summary-notification', () => ui.notification(/Wrote \d/));
      assert.match(summary, /Wrote 4 points to 'influxdb3-core' in 1 request; 2 lines rejected\./);
      const problems = await step('rejected-lines-in-problems', () => ui.problems((rows) => rows.filter((r) => /InfluxDB/.test(r)).length >= 2));
      t.diagnostic(`Problems view:\n  ${problems.join('\n  ')}`);
      const rejected = problems.filter((r) => /InfluxDB/.test(r));
      assert.equal(rejected.length, 2, problems.join('\n'));
      assert.match(rejected[0], /line 4/i);
      assert.match(rejected[1], /line 5/i);
      // The token typed in the password box is what the server received.
      assert.ok(servers.core.requests.length > 0 && servers.core.requests.every((r) => r.headers.authorization === `Bearer ${core.token}` || r.headers.authorization === `Token ${core.token}`));
      t.diagnostic(`UI scenario: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      await ui.screenshot('failed').catch(() => undefined);
      session.saveLogs(shots);
      throw error;
    } finally {
      await session.close();
      await servers.stop();
      removeWorkspace(workspace);
    }
  });
});
