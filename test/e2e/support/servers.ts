/**
 * The servers "Write to Bucket" writes to during the e2e runs, all on 127.0.0.1: a real InfluxDB
 * 1.x (influxd, auth on) and the in-repo fake server as Cloud Serverless and as InfluxDB 3 Core
 * (each requiring its token). They run in the node:test process, before code-server starts; the
 * workspace settings name them as connections, and the suite learns the credentials through its
 * configuration (test/e2e/suite/config.ts).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../../../scripts/e2e/packageVsix';
import { startFakeInflux, type FakeInflux } from '../../support/fakeInflux/server';
import { startInfluxd, type Influxd } from '../../../support/influxd';
import { startFaultServer, type FaultServer } from './faultServer';
import { startSchemaServer, type SchemaServer } from './schemaServer';
import type { SuiteConfig } from '../suite/config';

export interface E2eServers {
  readonly influxd: Influxd;
  readonly cloud: FakeInflux;
  readonly core: FakeInflux;
  /** Buckets `slow` (never answers) and `busy` (429 with Retry-After, then 204). */
  readonly fault: FaultServer;
  /** InfluxDB 3 Core-style, answering system.influxdb_schema for what it stores. */
  readonly schema: SchemaServer;
  readonly config: SuiteConfig['servers'];
  stop(): Promise<void>;
}

export async function startE2eServers(): Promise<E2eServers> {
  const influxd = await startInfluxd({ auth: true });
  const stopping: (() => Promise<void>)[] = [() => influxd.stop()];
  try {
    await influxd.query('CREATE DATABASE e2e');
    const cloudToken = `cloud-${randomBytes(12).toString('hex')}`;
    const coreToken = `apiv3_${randomBytes(12).toString('hex')}`;
    const cloud = await startFakeInflux({ product: 'cloud-serverless', bucket: 'e2e-bucket', org: 'e2e-org', token: cloudToken });
    stopping.push(() => cloud.close());
    const core = await startFakeInflux({ product: 'core', bucket: 'e2e_db', token: coreToken });
    stopping.push(() => core.close());
    const fault = await startFaultServer({ token: `fault-${randomBytes(12).toString('hex')}` });
    stopping.push(() => fault.close());
    const schema = await startSchemaServer({ token: `apiv3_${randomBytes(12).toString('hex')}`, database: 'e2e_stored', slowDatabase: 'e2e_slow' });
    stopping.push(() => schema.close());
    const admin = influxd.admin as NonNullable<Influxd['admin']>;
    return {
      influxd,
      cloud,
      core,
      fault,
      schema,
      config: {
        v1: { connection: 'influxdb-1x', url: influxd.url, bucket: 'e2e', username: admin.username, password: admin.password },
        cloud: { connection: 'cloud-serverless', url: cloud.url, bucket: 'e2e-bucket', org: 'e2e-org', token: cloudToken },
        core: { connection: 'influxdb3-core', url: core.url, bucket: 'e2e_db', token: coreToken },
        slow: { connection: 'slow-server', url: fault.url, bucket: 'slow', org: fault.org, token: fault.token },
        busy: { connection: 'busy-server', url: fault.url, bucket: 'busy', org: fault.org, token: fault.token },
        schemaCore: { connection: 'schema-core', url: schema.url, bucket: schema.database, token: schema.token },
      },
      stop: async () => {
        await Promise.allSettled(stopping.reverse().map((stop) => stop()));
      },
    };
  } catch (error) {
    await Promise.allSettled(stopping.reverse().map((stop) => stop()));
    throw error;
  }
}

/** influxLineProtocol.connections for the servers (no credentials: those go to SecretStorage). */
export function connectionSettings(servers: SuiteConfig['servers']): Record<string, unknown>[] {
  const targets = { v1: 'v1', cloud: 'cloud-serverless', core: 'core', slow: 'cloud-serverless', busy: 'cloud-serverless', schemaCore: 'core' } as const;
  return (Object.keys(targets) as (keyof typeof targets)[]).flatMap((key) => {
    const server = servers[key];
    if (!server) return [];
    return [{ name: server.connection, url: server.url, target: targets[key], bucket: server.bucket, ...(server.org ? { org: server.org } : {}) }];
  });
}

/**
 * A fresh copy of test/e2e/fixtures/workspace (the suite edits and writes its files) whose
 * .vscode/settings.json names the servers as connections. Remove it with removeWorkspace().
 */
export function fixtureWorkspace(servers: SuiteConfig['servers'], settings: Record<string, unknown> = {}): string {
  // A plain folder name: the workbench shows it (and the README's screenshots do too).
  const dir = join(mkdtempSync(join(tmpdir(), 'lp-e2e-workspace-')), 'sensor-data');
  cpSync(join(ROOT, 'test', 'e2e', 'fixtures', 'workspace'), dir, { recursive: true });
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'influxLineProtocol.target': 'cloud-serverless', 'influxLineProtocol.connections': connectionSettings(servers), ...settings }, null, 2));
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dirname(dir), { recursive: true, force: true });
}
