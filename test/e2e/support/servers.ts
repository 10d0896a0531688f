/**
 * The servers "Write to Bucket" writes to during the e2e runs, all on 127.0.0.1: a real InfluxDB
 * 1.x (influxd) and the in-repo fake server as Cloud Serverless and as InfluxDB 3 Core. They run
 * in the node:test process, before code-server starts, and the suite learns about them through
 * its configuration (test/e2e/suite/config.ts).
 */
import { randomBytes } from 'node:crypto';
import { startFakeInflux, type FakeInflux } from '../../support/fakeInflux/server';
import { startInfluxd, type Influxd } from '../../support/influxd';
import type { SuiteConfig } from '../suite/config';

export interface E2eServers {
  readonly influxd: Influxd;
  readonly cloud: FakeInflux;
  readonly core: FakeInflux;
  readonly config: SuiteConfig['servers'];
  stop(): Promise<void>;
}

export async function startE2eServers(): Promise<E2eServers> {
  const influxd = await startInfluxd();
  const stopping: (() => Promise<void>)[] = [() => influxd.stop()];
  try {
    await influxd.query('CREATE DATABASE e2e');
    const cloudToken = `cloud-${randomBytes(12).toString('hex')}`;
    const coreToken = `apiv3_${randomBytes(12).toString('hex')}`;
    const cloud = await startFakeInflux({ product: 'cloud-serverless', bucket: 'e2e-bucket', org: 'e2e-org', token: cloudToken });
    stopping.push(() => cloud.close());
    const core = await startFakeInflux({ product: 'core', bucket: 'e2e_db', token: coreToken });
    stopping.push(() => core.close());
    return {
      influxd,
      cloud,
      core,
      config: {
        // influxd runs without auth: any token is accepted (and the extension still sends one).
        v1: { url: influxd.url, bucket: 'e2e', token: 'v1-token-unused-by-influxd' },
        cloud: { url: cloud.url, bucket: 'e2e-bucket', org: 'e2e-org', token: cloudToken },
        core: { url: core.url, bucket: 'e2e_db', token: coreToken },
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
