/**
 * What the node:test side tells the suite running inside the extension host, through code-server's
 * environment (the only way in): the workspace, where to write results, and the servers to write to.
 */
export interface SuiteServer {
  /** The connection's name in the workspace settings (influxLineProtocol.connections). */
  readonly connection: string;
  readonly url: string;
  readonly bucket: string;
  readonly org?: string;
  /** The token the server accepts. */
  readonly token?: string;
  /** InfluxDB 1.x with auth on: username:password instead of a token. */
  readonly username?: string;
  readonly password?: string;
}

export interface SuiteConfig {
  /** Absolute path of the opened workspace folder (a temporary copy of test/e2e/fixtures/workspace). */
  readonly workspace: string;
  /** Where the suite writes its JSON results (SuiteResults). */
  readonly resultsFile: string;
  /** Date.now() when the node:test side started code-server, to time start → activated. */
  readonly startedAt: number;
  /** A real InfluxDB 1.x (influxd), a fake Cloud Serverless and a fake InfluxDB 3 Core. */
  readonly servers: {
    readonly v1?: SuiteServer;
    readonly cloud?: SuiteServer;
    readonly core?: SuiteServer;
    /** A Cloud Serverless-style server that never answers (bucket `slow`): Cancel aborts its request (support/faultServer.ts). */
    readonly slow?: SuiteServer;
    /** The same server, bucket `busy`: every other request answered 429 with Retry-After. */
    readonly busy?: SuiteServer;
    /** An InfluxDB 3 Core-style server holding data that answers system.influxdb_schema (support/schemaServer.ts): the stored schema's errors. */
    readonly schemaCore?: SuiteServer;
  };
  /** Only run tests whose full title contains this (from LP_E2E_GREP on the node side). */
  readonly grep?: string;
}

export interface SuiteTestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'pending';
  readonly ms: number;
  readonly error?: string;
}

export interface SuiteResults {
  readonly tests: SuiteTestResult[];
  /** Figures the suite measured (ms), e.g. start → activated. */
  readonly metrics: Record<string, number>;
}

export const CONFIG_ENV = 'LP_E2E_CONFIG';

export function readSuiteConfig(): SuiteConfig {
  const raw = process.env[CONFIG_ENV];
  if (!raw) throw new Error(`${CONFIG_ENV} is not set: the e2e suite must be started by test/e2e/integration.test.ts (or runElectron.ts), which sets it.`);
  return JSON.parse(raw) as SuiteConfig;
}

/** Figures recorded by suites, written with the results. */
export const metrics: Record<string, number> = {};
