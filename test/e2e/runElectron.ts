/**
 * The same extension-host suite as test/e2e/vscode.test.ts, under @vscode/test-electron: for an
 * ordinary machine that can download VS Code (or has one). Not run by `npm test` here: these
 * machines cannot reach VS Code's download servers (code-server is the runner that works here).
 *
 *   npx tsx test/e2e/runElectron.ts            # downloads VS Code stable into .vscode-test/
 *   VSCODE_EXECUTABLE=/path/to/code npx tsx test/e2e/runElectron.ts
 *   VSCODE_VERSION=1.138.0 npx tsx test/e2e/runElectron.ts   # the minimum engines.vscode
 *
 * Like the code-server runner it tests the packaged VSIX (installed into a fresh extensions
 * folder) with an empty placeholder as the development extension, and needs influxd on PATH.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { BASE_USER_SETTINGS, createPlaceholderExtension, createProfile } from '../../scripts/e2e/codeServer';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { CONFIG_ENV, type SuiteConfig, type SuiteResults } from './suite/config';
import { fixtureWorkspace, removeWorkspace, startE2eServers } from './support/servers';
import { copyExamples } from './support/examplesWorkspace';
import { bundleSuite } from './support/suiteBundle';
import { vsixUnderTest } from './support/vsix';

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE || (await downloadAndUnzipVSCode(process.env.VSCODE_VERSION || 'stable'));
  const vsix = vsixUnderTest('electron');
  const testsModule = bundleSuite(join(ROOT, 'out', 'e2e', 'suite-electron', 'index.js'));
  const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-electron-'));
  const profile = createProfile(temp, BASE_USER_SETTINGS);
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(executable);
  const install = spawnSync(cli, [...cliArgs, '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir, '--install-extension', vsix.path, '--force'], { encoding: 'utf8', stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`installing ${vsix.path} failed (exit ${install.status ?? install.signal})`);
  const servers = await startE2eServers();
  const workspace = fixtureWorkspace(servers.config);
  copyExamples(workspace);
  try {
    const config: SuiteConfig = { workspace, resultsFile: join(temp, 'results.json'), startedAt: Date.now(), servers: servers.config, grep: process.env.LP_E2E_GREP };
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: createPlaceholderExtension(join(temp, 'placeholder-extension')),
      extensionTestsPath: testsModule,
      extensionTestsEnv: { [CONFIG_ENV]: JSON.stringify(config) },
      launchArgs: [
        workspace,
        '--extensions-dir', profile.extensionsDir,
        '--user-data-dir', profile.userDataDir,
        '--disable-workspace-trust',
        '--use-inmemory-secretstorage',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
    const results = JSON.parse(readFileSync(config.resultsFile, 'utf8')) as SuiteResults;
    for (const [name, ms] of Object.entries(results.metrics)) console.log(`metric ${name}: ${ms} ms`);
    return results.tests.some((r) => r.state === 'failed') ? 1 : 0;
  } finally {
    await servers.stop();
    vsix.remove();
    removeWorkspace(workspace);
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
