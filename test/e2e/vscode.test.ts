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
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../../scripts/e2e/packageVsix';
import type { SuiteConfig, SuiteServer } from './suite/config';
import { e2ePrerequisites } from './support/prerequisites';
import { openSession } from './support/session';
import { Workbench } from './support/workbench';
import { fixtureWorkspace, removeWorkspace, startE2eServers } from './support/servers';
import { bundleSuite } from './support/suiteBundle';
import { runE2eSuite } from './support/suiteRun';
import { vsixUnderTest } from './support/vsix';

export const ARTIFACTS = join(ROOT, '.test-artifacts', 'e2e');

/** Writes to the stored-schema server as another program would: the editor learns of it only by reading. */
async function schemaWrite(server: SuiteServer, lines: string): Promise<void> {
  const response = await fetch(`${server.url}/api/v3/write_lp?db=${encodeURIComponent(server.bucket)}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}` }, body: lines });
  assert.equal(response.status, 204, `the schema server answered ${response.status}: ${await response.text()}`);
}

/** While working: LP_E2E_ONLY=suite or LP_E2E_ONLY=ui runs one of the two parts (unset: both). */
const ONLY = process.env.LP_E2E_ONLY;

void test('the packaged extension in VS Code (code-server)', { timeout: 10 * 60_000 }, async (t) => {
  const tools = e2ePrerequisites(t);
  if (!tools) return;
  const vsix = vsixUnderTest('vscode');
  t.diagnostic(`VSIX ${vsix.path} ${vsix.origin}`);
  const testsModule = bundleSuite(join(ROOT, 'out', 'e2e', `suite-${process.pid}`, 'index.js'));
  t.after(() => {
    vsix.remove();
    rmSync(dirname(testsModule), { recursive: true, force: true });
  });

  await t.test('the mocha suite inside the extension host', { skip: ONLY === 'ui' && 'LP_E2E_ONLY=ui' }, async () => {
    const { run, results, serverProblems } = await runE2eSuite({
      tools,
      vsix: vsix.path,
      testsModule,
      artifactsDir: join(ARTIFACTS, 'suite'),
      grep: process.env.LP_E2E_GREP,
      onLog: (line) => t.diagnostic(line),
    });
    const { installSeconds, serverStartSeconds, runSeconds } = run.timings;
    t.diagnostic(`timings: VSIX install ${installSeconds.toFixed(1)} s, code-server listening ${serverStartSeconds.toFixed(1)} s, workbench + suite ${runSeconds.toFixed(1)} s`);
    assert.notEqual(run.exitCode, undefined, `the suite never finished (no codeAutomationExit); extension host output:\n${run.log}`);
    assert.ok(results, `the suite wrote no results; extension host output:\n${run.log}`);
    for (const [name, ms] of Object.entries(results.metrics)) t.diagnostic(`metric ${name}: ${ms} ms`);
    const failed = results.tests.filter((r) => r.state === 'failed');
    assert.deepEqual(failed.map((f) => `${f.title}\n${f.error ?? ''}`), [], 'extension-host tests failed');
    assert.ok(results.tests.some((r) => r.state === 'passed'), 'the suite ran no test');
    assert.equal(run.exitCode, 0, `the suite exited ${run.exitCode}`);
    assert.deepEqual(serverProblems, []);
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
      assert.match(summary, /Wrote 4 lines to 'influxdb3-core' in 1 request\. 2 lines rejected\./);
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

      // Issue 9 §1: with the Output panel focused, Write to Bucket writes write.lp, never the log.
      const slow = servers.config.slow as NonNullable<SuiteConfig['servers']['slow']>;
      await ui.openFromExplorer('write.lp');
      await ui.runCommand('InfluxDB: Show Output');
      await step('output-panel-focused', () => ui.panelFocused('Output'));
      await ui.runCommand('Notifications: Clear All Notifications');
      // Writes only: the stored schema is read from the same server (after each write) too.
      const writes = (): typeof servers.core.requests => servers.core.requests.filter((r) => r.url.startsWith('/api/v3/write_lp'));
      const coreWrites = writes().length;
      await ui.runCommand('InfluxDB: Write to Bucket');
      const fromOutput = await step('write-with-output-focused', () => ui.notification(/Wrote \d+ lines? to 'influxdb3-core'/));
      assert.match(fromOutput, /Wrote 4 lines to 'influxdb3-core' in 1 request\. 2 lines rejected\./);
      assert.equal(writes().length, coreWrites + 1);
      assert.match(writes()[coreWrites].body, /^sensor,room=kitchen temp=21\.5,count=3i/m);
      assert.doesNotMatch(writes()[coreWrites].body, /Writing|POST http/);

      // §4: Cancel during a slow request aborts it and says so, with the counts.
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.runCommand('InfluxDB: Select Connection…');
      await ui.pickInQuickPick('slow-server', /slow-server/);
      // Saved (the setting is written) before the next write reads it.
      await ui.statusBarText(/writes go to 'slow-server'/);
      await ui.openFromExplorer('write.lp');
      await ui.runCommand('InfluxDB: Write to Bucket');
      await step('slow-server-token', () => ui.typeIntoInput(slow.token as string, { password: true }));
      await ui.page.keyboard.press('Enter');
      await servers.fault.waitForRequests('slow', 1);
      // §5: the progress says what it waits for, not only "Writing …".
      await step('slow-request-in-progress', () => ui.notification(/Writing write\.lp to 'slow-server': waiting for the server's answer to request 1/));
      await ui.clickNotificationButton(/Writing write\.lp to 'slow-server'/, 'Cancel');
      const cancelled = await step('write-cancelled', () => ui.notification(/Write cancelled/));
      assert.match(cancelled, /Write cancelled\. Wrote 0 lines to 'slow-server' in 1 request\. 6 lines unconfirmed/);
      await servers.fault.waitForAborts(1);

      // §5 and §8: a second connection to the same server offers the first one's credentials; a 429's wait is shown.
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.runCommand('InfluxDB: Select Connection…');
      await ui.pickInQuickPick('busy-server', /busy-server/);
      // Saved (the setting is written) before the next write reads it.
      await ui.statusBarText(/writes go to 'busy-server'/);
      await ui.openFromExplorer('write.lp');
      await ui.runCommand('InfluxDB: Write to Bucket');
      const credentialChoices = await step('same-server-credentials-offered', () => ui.quickPickRows(/No credentials are saved for connection 'busy-server'/));
      assert.match(credentialChoices[0], /Use the credentials saved for 'slow-server'/, credentialChoices.join(' | '));
      await ui.page.keyboard.press('Enter');
      const waiting = await step('server-busy-429-wait', () => ui.notification(/Server busy \(429\): retrying in/));
      assert.match(waiting, /Writing write\.lp to 'busy-server'[\s\S]*Server busy \(429\): retrying in 3 s \(attempt 2 of \d+\)/);
      const afterWait = await step('written-after-429', () => ui.notification(/Wrote \d+ lines? to 'busy-server'/));
      assert.match(afterWait, /Wrote 6 lines to 'busy-server' in 2 requests\./);
      assert.equal(servers.fault.stored.length, 6);

      // §8: Add Connection asks for the credentials right after the name, then confirms.
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.runCommand('InfluxDB: Add Connection…');
      await ui.pickInQuickPick('InfluxDB 3 Core', /InfluxDB 3 Core/);
      await ui.answerInput(/New InfluxDB connection: URL/, core.url);
      await ui.answerInput(/New InfluxDB connection: database/, core.bucket);
      await ui.answerInput(/New InfluxDB connection: name/, 'core-again');
      // The same server as 'influxdb3-core', whose token is saved: offered first; a new one can be typed.
      const addChoices = await step('add-connection-credentials-choice', () => ui.quickPickRows(/No credentials are saved for connection 'core-again'/));
      assert.match(addChoices[0], /Use the credentials saved for 'influxdb3-core'/, addChoices.join(' | '));
      assert.match(addChoices[1], /Enter credentials for 'core-again'/, addChoices.join(' | '));
      await ui.page.keyboard.press('ArrowDown');
      await ui.page.keyboard.press('Enter');
      await step('add-connection-token-box', () => ui.typeIntoInput(core.token as string, { password: true }));
      await ui.page.keyboard.press('Enter');
      const added = await step('connection-added', () => ui.notification(/Connection 'core-again' saved/));
      assert.match(added, /Connection 'core-again' saved and made active\. Writes go to database 'e2e_db' at http:\/\/127\.0\.0\.1:\d+ · InfluxDB 3 Core\./);
      // Core was not asked about column families (Parquet only); Enterprise is (issue 13 §3), the
      // first answer being its default since 3.11 (docs-v2 release notes v3.11.0: new clusters run
      // the upgraded storage engine, which stores fields by family). Enter keeps it.
      assert.doesNotMatch(added, /column family/);
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.runCommand('InfluxDB: Add Connection…');
      await ui.pickInQuickPick('InfluxDB 3 Enterprise', /InfluxDB 3 Enterprise/);
      await ui.answerInput(/New InfluxDB connection: URL/, core.url);
      await ui.answerInput(/New InfluxDB connection: database/, core.bucket);
      const familyChoices = await step('add-connection-column-families', () => ui.quickPickRows(/New InfluxDB connection: column families/));
      assert.equal(familyChoices.length, 2, familyChoices.join(' | '));
      assert.match(familyChoices[0], /Yes: fields are stored by column family[\s\S]*clusters created with 3\.11 or later/, familyChoices.join(' | '));
      assert.match(familyChoices[1], /No: fields are not stored by column family[\s\S]*created before 3\.11 and not upgraded/, familyChoices.join(' | '));
      await ui.page.keyboard.press('Enter');
      await ui.answerInput(/New InfluxDB connection: name/, 'enterprise-families');
      const reuse = await ui.quickPickRows(/No credentials are saved for connection 'enterprise-families'/);
      assert.match(reuse[0], /Use the credentials saved for/, reuse.join(' | '));
      await ui.page.keyboard.press('Enter');
      const addedEnterprise = await step('enterprise-connection-added', () => ui.notification(/Connection 'enterprise-families' saved/));
      assert.match(addedEnterprise, /· InfluxDB 3 Enterprise\. Fields are stored by column family\./);
      // What the walkthrough saved in the workspace settings: the answer, explicitly.
      const savedSettings = JSON.parse(readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8')) as Record<string, unknown>;
      const savedConnections = savedSettings['influxLineProtocol.connections'] as Record<string, unknown>[];
      assert.deepEqual(savedConnections.find((c) => c.name === 'enterprise-families'), { name: 'enterprise-families', url: core.url, target: 'enterprise', bucket: core.bucket, columnFamilies: true });
      assert.equal(savedConnections.find((c) => c.name === 'core-again')?.columnFamilies, undefined);

      // Issue 12: the stored schema. An InfluxDB 3 Core-style server holds temp as a float (written
      // by another program, not the editor); stored.lp writes it as an integer: an error before any write.
      const held = servers.config.schemaCore as NonNullable<SuiteConfig['servers']['schemaCore']>;
      await schemaWrite(held, `ui_schema,room=kitchen temp=21.5 1700000000000000000\n`);
      await ui.runCommand('Notifications: Clear All Notifications');
      await ui.runCommand('InfluxDB: Select Connection…');
      await ui.pickInQuickPick(held.connection, new RegExp(held.connection));
      await ui.statusBarText(new RegExp(`writes go to '${held.connection}'`));
      await ui.runCommand('InfluxDB: Set Token or Password…');
      await step('schema-server-token-typed', () => ui.typeIntoInput(held.token as string, { password: true }));
      await ui.page.keyboard.press('Enter');
      await ui.notification(new RegExp(`Credentials for '${held.connection}' saved`));
      await ui.openFromExplorer('stored.lp');
      const storedRows = await step('stored-type-error-before-any-write', () => ui.problems((rows) => rows.some((r) => /at line 2\b/.test(r) && r.includes("stores 'temp' of 'ui_schema' as float"))));
      t.diagnostic(`Problems view:\n  ${storedRows.join('\n  ')}`);
      assert.ok(!storedRows.some((r) => /at line 3\b/.test(r) && r.includes("'level'")), storedRows.join('\n'));
      const schemaStatus = await step('schema-language-status', () => ui.languageStatus(/Schema of 'e2e_stored'/));
      assert.match(schemaStatus, /Schema of 'e2e_stored': 1 measurement, read \d\d:\d\d/);
      await ui.page.keyboard.press('Escape');
      // The server's data changes; Refresh (command palette) reads it: line 3 now conflicts too.
      await schemaWrite(held, `ui_fresh,room=attic level=1.5 1700000000000000000\n`);
      await ui.runCommand('InfluxDB: Refresh Bucket Schema');
      const refreshed = await step('refreshed-schema-error', () => ui.problems((rows) => rows.some((r) => /at line 3\b/.test(r) && r.includes("stores 'level' of 'ui_fresh' as float"))));
      t.diagnostic(`Problems view:\n  ${refreshed.join('\n  ')}`);
      const afterRefresh = await step('schema-language-status-refreshed', () => ui.languageStatus(/Schema of 'e2e_stored': 2 measurements/));
      assert.match(afterRefresh, /Schema of 'e2e_stored': 2 measurements, read \d\d:\d\d/);
      await ui.page.keyboard.press('Escape');
      // Only the schema server's own origin saw its token, and every request carried it.
      assert.ok(servers.schema.requests.some((r) => r.path === '/api/v3/query_sql'));
      assert.ok(servers.schema.requests.every((r) => r.authorization === `Bearer ${held.token}` || r.authorization === `Token ${held.token}`));
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
    // A scratch copy, never the repository's own examples/ (the workbench saves automatically).
    assert.ok(!output.includes(`folder=${encodeURIComponent(join(ROOT, 'examples'))} `), output);
    assert.match(output, /opening a scratch copy of examples\//, output);
    assert.match(output, /InfluxDB .* (started on|is already running on) http:\/\/127\.0\.0\.1:8086/, output);
  });
});
