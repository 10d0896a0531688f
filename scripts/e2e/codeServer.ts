/**
 * Starts code-server (VS Code 1.139's server + web workbench) the way test/e2e/README.md explains:
 * loopback only, no auth, fresh user-data and extensions folders, no telemetry or update checks,
 * and the smoke-test driver on (it makes the workbench honour the `payload` URL parameter that
 * carries extensionDevelopmentPath/extensionTestsPath, and expose codeAutomationExit/Log).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../support/influxd';
import type { E2eTools } from './install';

export { freePort };

/** Settings every run gets: quiet, deterministic, no AI agent host. */
export const BASE_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.hover.delay': 300,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export interface Profile {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** code-server's own config file (otherwise it writes ~/.config/code-server/config.yaml). */
  readonly configFile: string;
}

/** Creates the user-data and extensions folders under `dir`, with user settings. */
export function createProfile(dir: string, settings: Record<string, unknown> = {}): Profile {
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_USER_SETTINGS, ...settings }, null, 2));
  const configFile = join(dir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\n');
  return { userDataDir, extensionsDir, configFile };
}

/** `code-server --install-extension X.vsix` into the profile's extensions folder. */
export function installExtension(tools: E2eTools, profile: Profile, vsix: string): void {
  const result = spawnSync(tools.node, [tools.codeServerEntry, '--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** An empty development extension: extensionTestsPath is only honoured together with one. */
export function createPlaceholderExtension(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'e2e-placeholder', publisher: 'lp-tools-tests', version: '0.0.0', engines: { vscode: '*' }, description: 'Lets the test runner load the tests module; the extension under test is the installed VSIX.' }, null, 2),
  );
  return dir;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** code-server's own stdout and stderr so far (for failure messages). */
  output(): string;
  /** The remote extension host's log (contains 'Eager extensions activated' once it is up). */
  extensionHostLog(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly tools: E2eTools;
  readonly profile: Profile;
  /** Environment variables for code-server and so for the extension host (added to process.env). */
  readonly env?: Record<string, string>;
  readonly port?: number;
  /** Seconds to wait for 'HTTP server listening'. */
  readonly timeoutSeconds?: number;
  /**
   * `--vscode-option enable-smoke-test-driver` (default on): needed for the payload URL parameter
   * (extension tests); off for a person's session, because in that mode the workbench shows no
   * notification toasts.
   */
  readonly smokeTestDriver?: boolean;
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const { tools, profile } = options;
  // Positional FOLDER is not used: the workbench URL's ?folder= names the folder to open.
  const port = options.port ?? (await freePort());
  const args = [
    tools.codeServerEntry,
    '--config', profile.configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.smokeTestDriver === false ? [] : ['--vscode-option', 'enable-smoke-test-driver']),
  ];
  // Its own process group, so stop() ends code-server and the processes it started (extension
  // host, file watcher, pty host) together, and nothing else.
  const child = spawn(tools.node, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const append = (s: string): void => {
    output = (output + s).slice(-20000);
  };
  child.stdout?.setEncoding('utf8').on('data', append);
  child.stderr?.setEncoding('utf8').on('data', append);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone in the meantime.
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const timeoutMs = (options.timeoutSeconds ?? 60) * 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not listen on ${url} within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
      const onData = (): void => {
        if (output.includes('HTTP server listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal}) before listening on ${url}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, process: child, output: () => output, extensionHostLog: () => readExtensionHostLog(profile.userDataDir), stop };
}

/** The newest `logs/<session>/exthost*\/remoteexthost.log` under the user-data folder. */
export function readExtensionHostLog(userDataDir: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const sessions = readdirSync(logs).sort().reverse();
  for (const session of sessions) {
    const sessionDir = join(logs, session);
    for (const name of readdirSync(sessionDir).filter((n) => n.startsWith('exthost')).sort().reverse()) {
      const path = join(sessionDir, name, 'remoteexthost.log');
      if (existsSync(path)) return readFileSync(path, 'utf8');
    }
  }
  return '';
}

/** The workbench URL for a folder, with the smoke-test driver's payload when given. */
export function workbenchUrl(server: Pick<CodeServer, 'url' | 'port'>, folder: string, payload?: { extensionDevelopmentPath: string; extensionTestsPath: string }): string {
  let url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  if (payload) {
    // Only vscode-remote:// URIs with exactly the page's host:port are honoured; file:// is ignored.
    const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const entries = [
      ['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(payload.extensionTestsPath)],
    ];
    url += `&payload=${encodeURIComponent(JSON.stringify(entries))}`;
  }
  return url;
}
