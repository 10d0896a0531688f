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
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  t.after(() => {
    vsix.remove();
    rmSync(dirname(testsModule), { recursive: true, force: true });
  });

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
      await step('open-problems-lp-from-explorer', () => ui.openFromExplorer('problems.lp'));
      const found = await step('problems-view', () => ui.problems((rows) => rows.filter((r) => r.includes('generated by line protocol')).length >= 4));
      t.diagnostic(`Problems view:\n  ${found.join('\n  ')}`);
      const entries = found.filter((r) => r.includes('generated by line protocol'));
      assert.deepEqual(entries.map((r) => /at line (\d+) and character (\d+)/.exec(r)?.slice(1).join(':')), ['3:52', '4:26', '5:43', '6:43'], found.join('\n'));
      assert.match(entries[0], /Field 'humidity' of measurement 'weather' is float here but integer earlier/);
      assert.match(entries[1], /No fields were provided/);

      await ui.goTo(2, 47); // on "humidity" of line 2
      const fieldHover = await step('hover-field-key', () => ui.hoverAtCursor());
      assert.match(fieldHover, /field key humidity of weather: integer \/ float/);
      assert.match(fieldHover, /Conflict: integer in 1 point, set first on line 2; float in 1 point, set first on line 3/);
      await ui.closeHover();
      await ui.goTo(2, 60); // on the timestamp of line 2
      const timeHover = await step('hover-timestamp', () => ui.hoverAtCursor());
      assert.match(timeHover, /timestamp 2023-11-14T22:13:20\.000000000Z \(UTC\)/);
      await ui.closeHover();

      await step('open-write-lp-from-explorer', () => ui.openFromExplorer('write.lp'));
      await step('write-to-bucket-from-palette', () => ui.runCommand('InfluxDB: Write to Bucket'));
      await step('token-typed-into-password-box', () => ui.typeIntoInput(core.token as string, { password: true }));
      await ui.page.keyboard.press('Enter');
      const summary = await step('summary-notification', async () => {
        const text = await ui.notification(/Wrote \d/);
        // The progress notification ("Writing write.lp to …", with Cancel) closes when the write is done.
        await ui.noNotification(/Writing write\.lp/);
        return text;
      });
      assert.match(summary, /Wrote 4 points to 'influxdb3-core' in 1 request; 2 lines rejected\./);
      const problems = await step('rejected-lines-in-problems', () => ui.problems((rows) => rows.filter((r) => r.includes('generated by InfluxDB')).length >= 2));
      t.diagnostic(`Problems view:\n  ${problems.join('\n  ')}`);
      const rejected = problems.filter((r) => r.includes('generated by InfluxDB'));
      assert.deepEqual(rejected.map((r) => /at line (\d+)/.exec(r)?.[1]), ['4', '5'], problems.join('\n'));
      assert.match(rejected[0], /invalid column type for column 'count'/);
      // The token typed in the password box is what the server received.
      assert.ok(servers.core.requests.length > 0 && servers.core.requests.every((r) => r.headers.authorization === `Bearer ${core.token}` || r.headers.authorization === `Token ${core.token}`));

      await ui.openFromExplorer('problems.lp');
      await ui.goTo(3, 52); // on "55.0", the value in conflict
      const offered = await step('quick-fix-menu', () => ui.openQuickFixes());
      assert.ok(offered.some((e) => e.includes('Write 55.0 as integer: 55i')), offered.join(' | '));
      await ui.chooseQuickFix(/Write 55\.0 as integer: 55i/);
      const after = await step('quick-fix-applied', () => ui.problems((rows) => !rows.some((r) => r.includes("Field 'humidity'"))));
      assert.ok(!after.some((r) => r.includes("Field 'humidity'")), after.join('\n'));
      // The line as shown (an inlay hint with the timestamp's date may follow it).
      const shown = await ui.visibleLines();
      assert.ok(shown.some((l) => l.startsWith('weather,location=us-east temperature=75.1,humidity=55i 1700000060000000000')), shown.join('\n'));
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

  await t.test("npm start: builds, packages, starts InfluxDB and code-server on examples/, and the page loads", { skip: ONLY !== undefined && `LP_E2E_ONLY=${ONLY}` }, () => {
    const started = Date.now();
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    t.diagnostic(`npm start --check: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(run.status, 0, output);
    assert.match(output, /\/\?folder=[^ ]*examples answered 200/, output);
    assert.match(output, /InfluxDB .* (started on|is already running on) http:\/\/127\.0\.0\.1:8086/, output);
  });
});
