/**
 * `npm start` (scripts/start.mjs): the packaged extension in VS Code in the browser (code-server),
 * on a scratch copy of the examples/ workspace, connected to a local InfluxDB 1.x on 127.0.0.1:8086 whose database
 * `examples` exists: what examples/.vscode/settings.json names. Runs until Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfile, freePort, installExtension, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';
import { influxdConfig, influxdEnv, waitReady } from '../../support/influxd';
import { e2eCacheDir, installE2eTools } from './install';
import { packageVsix, ROOT } from './packageVsix';

/** Where examples/.vscode/settings.json expects InfluxDB. */
export const INFLUX_PORT = 8086;
export const INFLUX_URL = `http://127.0.0.1:${INFLUX_PORT}`;
export const EXAMPLES_DATABASE = 'examples';

async function ping(url: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
    return response.status === 204 ? (response.headers.get('x-influxdb-version') ?? 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

/** A local influxd: one already answering on 8086 is used as it is; else one is started (data kept in the cache). */
async function localInfluxd(influxdInstalled: boolean, log: (s: string) => void): Promise<{ stop(): Promise<void> } | undefined> {
  const running = await ping(INFLUX_URL);
  if (running !== undefined) {
    log(`InfluxDB ${running} is already running on ${INFLUX_URL}: using it`);
    return { stop: async () => undefined };
  }
  if (!influxdInstalled) return undefined;
  const dir = join(e2eCacheDir(), 'start-influxd');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, influxdConfig(dir, INFLUX_PORT, await freePort(), { auth: false }));
  const child: ChildProcess = spawn('influxd', ['run', '-config', config], { env: influxdEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = once(child, 'exit');
  await waitReady(INFLUX_URL, child, () => '(its output is above)');
  log(`InfluxDB 1.x (influxd) started on ${INFLUX_URL}, data in ${dir}`);
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function createDatabase(): Promise<void> {
  const body = new URLSearchParams({ q: `CREATE DATABASE ${EXAMPLES_DATABASE}` });
  const response = await fetch(`${INFLUX_URL}/query`, { method: 'POST', body });
  if (response.status !== 200) throw new Error(`CREATE DATABASE ${EXAMPLES_DATABASE} failed on ${INFLUX_URL} (${response.status}): ${await response.text()}`);
}

export interface TryIt {
  readonly url: string;
  /** The scratch copy of examples/ the workbench opens (removed by stop). */
  readonly workspace: string;
  readonly server: CodeServer;
  stop(): Promise<void>;
}

export async function tryIt(options: { influxdInstalled: boolean; port?: number; log: (s: string) => void }): Promise<TryIt> {
  const { log } = options;
  const tools = installE2eTools(log);
  log('building and packaging the extension');
  const vsix = packageVsix({ log });
  log(`${vsix.path}: ${(vsix.bytes / 1024).toFixed(1)} KiB`);
  const influx = await localInfluxd(options.influxdInstalled, log);
  if (influx) await createDatabase();
  else log(`no InfluxDB on ${INFLUX_URL} and influxd is not installed ('apt-get install influxdb'): the editor features work, "Write to Bucket" will say the server is unreachable`);
  const temp = mkdtempSync(join(tmpdir(), 'lp-start-'));
  // A scratch copy: the workbench saves automatically, so quick fixes and Add Connection would
  // otherwise change the repository's tracked examples/*.lp and examples/.vscode/settings.json.
  const workspace = join(temp, 'examples');
  cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
  log(`opening a scratch copy of examples/ (${workspace}): edits there leave the repository unchanged and end with Ctrl+C`);
  const profile = createProfile(temp, { 'workbench.startupEditor': 'none' });
  installExtension(tools, profile, vsix.path);
  let server: CodeServer;
  try {
    server = await startCodeServer({ tools, profile, port: options.port ?? (await freePort()), smokeTestDriver: false });
  } catch (error) {
    await influx?.stop();
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return {
    url: workbenchUrl(server, workspace),
    workspace,
    server,
    stop: async () => {
      await server.stop();
      await influx?.stop();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}
