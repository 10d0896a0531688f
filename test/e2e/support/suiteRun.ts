/**
 * One run of the extension-host suite in code-server, with everything it writes to: the servers
 * started, a fresh fixture workspace naming them, the suite run, its results read, and what the
 * servers received checked from their side. Used by test/e2e/vscode.test.ts (in npm test) and by
 * test/e2e/runCodeServer.ts (alone, ending with the suite's exit code).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { E2eTools } from '../../../scripts/e2e/install';
import { runSuiteInCodeServer, type SuiteRunResult } from '../../../scripts/e2e/runCodeServerSuite';
import { CONFIG_ENV, type SuiteConfig, type SuiteResults } from '../suite/config';
import { fixtureWorkspace, removeWorkspace, startE2eServers } from './servers';
import { copyExamples } from './examplesWorkspace';

export interface SuiteOutcome {
  readonly run: SuiteRunResult;
  /** What the suite wrote; undefined when it never got that far. */
  readonly results: SuiteResults | undefined;
  /** What the servers' side found wrong (empty: the tokens arrived and the good points were stored). */
  readonly serverProblems: readonly string[];
}

export async function runE2eSuite(options: { tools: E2eTools; vsix: string; testsModule: string; artifactsDir: string; grep?: string; onLog?: (line: string) => void }): Promise<SuiteOutcome> {
  const servers = await startE2eServers();
  const workspace = fixtureWorkspace(servers.config);
  copyExamples(workspace);
  const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-results-'));
  try {
    const config: SuiteConfig = { workspace, resultsFile: join(temp, 'results.json'), startedAt: Date.now(), servers: servers.config, grep: options.grep };
    const run = await runSuiteInCodeServer({
      tools: options.tools,
      vsix: options.vsix,
      testsModule: options.testsModule,
      workspace,
      env: { [CONFIG_ENV]: JSON.stringify(config) },
      artifactsDir: options.artifactsDir,
      onLog: options.onLog,
      // The whole suite takes 2–3 minutes on 2 busy cores (more with the stored-schema suites): room to finish.
      timeoutSeconds: 360,
    });
    let results: SuiteResults | undefined;
    try {
      results = JSON.parse(readFileSync(config.resultsFile, 'utf8')) as SuiteResults;
    } catch {
      results = undefined;
    }
    const serverProblems: string[] = [];
    if (options.grep === undefined) {
      // Seen from the servers' side: the token from SecretStorage was sent, the good points stored.
      for (const [fake, server] of [[servers.cloud, servers.config.cloud], [servers.core, servers.config.core]] as const) {
        if (fake.requests.length === 0) serverProblems.push(`nothing was sent to ${server?.connection}`);
        for (const request of fake.requests) {
          const header = request.headers.authorization ?? '';
          if (header !== `Token ${server?.token}` && header !== `Bearer ${server?.token}`) serverProblems.push(`${server?.connection} received Authorization '${header.split(' ')[0]} …', not the token set in SecretStorage`);
        }
        // The write suite's points (measurement sensor); the bytes suite writes its own measurement.
        const sensor = fake.store.lines.filter((line) => line.startsWith('sensor,'));
        if (sensor.length !== 4) serverProblems.push(`${server?.connection} stored ${sensor.length} sensor points, not 4: ${sensor.join(' | ')}`);
        const replaced = fake.store.lines.filter((line) => line.includes('\uFFFD'));
        if (replaced.length > 0) serverProblems.push(`${server?.connection} stored U+FFFD in place of a byte: ${replaced.join(' | ')}`);
      }
    }
    return { run, results, serverProblems };
  } finally {
    await servers.stop();
    removeWorkspace(workspace);
    rmSync(temp, { recursive: true, force: true });
  }
}
