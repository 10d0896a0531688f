/**
 * A real InfluxDB 1.x (`influxd`, Debian's 1.6.7) for tests, started the way write-api.md §5 says:
 * a temporary directory, loopback-only free ports for HTTP and the RPC bind address, no
 * reporting, no `_internal` database, optional auth and body limit. Stopped with SIGTERM.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INFLUXD_FIX = "install InfluxDB 1.x: 'apt-get update && apt-get install -y influxdb' (gives /usr/bin/influxd)";

let available: boolean | undefined;

/** True when an `influxd` binary runs here. */
export function influxdAvailable(): boolean {
  available ??= spawnSync('influxd', ['version'], { encoding: 'utf8' }).status === 0;
  return available;
}

export interface InfluxdOptions {
  /** `[http] auth-enabled`. With auth, an admin user is created first (see `admin`). */
  readonly auth?: boolean;
  /** `[http] max-body-size` in bytes (default 25000000). */
  readonly maxBodySize?: number;
}

export interface Influxd {
  readonly url: string;
  /** The admin's credentials when auth is on. */
  readonly admin: { readonly username: string; readonly password: string } | undefined;
  /** Runs an InfluxQL statement (as admin when auth is on); throws on an error answer. */
  query(q: string, db?: string): Promise<QueryResult>;
  stop(): Promise<void>;
}

export interface QueryResult {
  readonly results: { series?: { name: string; columns: string[]; values: unknown[][] }[]; error?: string }[];
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** An influxd 1.x configuration: everything in `dir`, loopback only, nothing reported or logged. */
export function influxdConfig(dir: string, httpPort: number, rpcPort: number, options: InfluxdOptions): string {
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"
[meta]
  dir = "${join(dir, 'meta')}"
[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = ${options.auth === true}
  log-enabled = false
  pprof-enabled = false
  max-body-size = ${options.maxBodySize ?? 25000000}
[logging]
  level = "error"
[continuous_queries]
  enabled = false
[subscriber]
  enabled = false
[[udp]]
  enabled = false
[[graphite]]
  enabled = false
[[collectd]]
  enabled = false
[[opentsdb]]
  enabled = false
`;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The environment for influxd: INFLUXDB_* variables override the config file, so never let them move ports or dirs. */
export function influxdEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('INFLUXDB_')));
}

/** Polls GET /ping until 204, the process exits, or the deadline passes. */
export async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`influxd exited before it was ready:\n${log()}`);
    try {
      const response = await fetch(`${url}/ping`);
      if (response.status === 204) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`influxd did not answer /ping with 204 within 30 s:\n${log()}`);
}

export async function startInfluxd(options: InfluxdOptions = {}): Promise<Influxd> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-influxd-'));
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const configPath = join(dir, 'influxdb.conf');
  writeFileSync(configPath, influxdConfig(dir, httpPort, rpcPort, options));
  const child = spawn('influxd', ['run', '-config', configPath, '-pidfile', join(dir, 'influxd.pid')], { env: influxdEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    stderr = (stderr + s).slice(-8000);
  });
  const url = `http://127.0.0.1:${httpPort}`;
  const exit = once(child, 'exit');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  const admin = options.auth ? { username: 'admin', password: 'admin-pw-for-tests' } : undefined;
  const query = async (q: string, db?: string): Promise<QueryResult> => {
    const params = new URLSearchParams({ q });
    if (db) params.set('db', db);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (admin) headers.authorization = basic(admin.username, admin.password);
    const response = await fetch(`${url}/query`, { method: 'POST', headers, body: params.toString() });
    const result = (await response.json()) as QueryResult & { error?: string };
    const error = result.error ?? result.results?.find((r) => r.error)?.error;
    if (response.status !== 200 || error) throw new Error(`influxd query '${q}' failed (${response.status}): ${error ?? ''}`);
    return result;
  };
  if (admin) {
    // The first user needs no credentials, and must be an admin.
    const params = new URLSearchParams({ q: `CREATE USER ${admin.username} WITH PASSWORD '${admin.password}' WITH ALL PRIVILEGES` });
    const response = await fetch(`${url}/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
    const body = await response.text();
    if (response.status !== 200 || body.includes('"error"')) {
      await stop();
      throw new Error(`influxd: creating the admin user failed (${response.status}): ${body}`);
    }
    // influxd answers before its authorizer sees the new user (seen under load: the next query was
    // refused with "create admin user first"): ask as the admin until it is known, a bounded number of times.
    for (let attempt = 1; ; attempt++) {
      try {
        await query('SHOW USERS');
        break;
      } catch (error) {
        if (attempt >= 100 || !String(error).includes('create admin user first')) {
          await stop();
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }
  return { url, admin, query, stop };
}

/** The rows of `SELECT …` as objects (column → value). */
export function rows(result: QueryResult): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of result.results) {
    for (const series of r.series ?? []) {
      for (const values of series.values) out.push(Object.fromEntries(series.columns.map((c, i) => [c, values[i]])));
    }
  }
  return out;
}
