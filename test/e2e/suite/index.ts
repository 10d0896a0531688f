/**
 * The tests module VS Code's extension host loads (extensionTestsPath): runs the suites with mocha
 * (tdd) and writes the results for the node:test side. Used by both runners: code-server
 * (test/e2e/vscode.test.ts) and @vscode/test-electron (test/e2e/runElectron.ts).
 */
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import { metrics, readSuiteConfig, type SuiteResults, type SuiteTestResult } from './config';
import { registerActivationSuite } from './activation';
import { registerAutoPrecisionSuite } from './autoPrecision';
import { registerBytesSuite } from './bytes';
import { registerExamplesSuite } from './examples';
import { registerInfluxdb3CloudSuite } from './influxdb3Cloud';
import { registerLanguageSuite } from './language';
import { registerLmToolsSuite } from './lmTools';
import { registerSchemaReadTimeSuite } from './schemaReadTime';
import { registerStoredSchemaSuite } from './storedSchema';
import { registerWriteSuite } from './write';
import { registerWriteFaultsSuite } from './writeFaults';
import { registerWriteProblemOriginSuite } from './writeProblemOrigin';

export async function run(): Promise<void> {
  const config = readSuiteConfig();
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (config.grep) mocha.grep(config.grep);
  // The suites are bundled with this file: install mocha's tdd globals, then register them.
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  registerActivationSuite(config);
  registerLanguageSuite();
  registerWriteSuite(config);
  registerBytesSuite(config);
  registerWriteFaultsSuite(config);
  registerExamplesSuite(config);
  registerLmToolsSuite(config);
  registerAutoPrecisionSuite();
  registerInfluxdb3CloudSuite();
  registerStoredSchemaSuite(config);
  registerWriteProblemOriginSuite(config);
  registerSchemaReadTimeSuite(config);

  const tests: SuiteTestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', ms: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', ms: test.duration ?? 0, error: error.stack ?? String(error) }));
    runner.on('pending', (test) => tests.push({ title: test.fullTitle(), state: 'pending', ms: 0 }));
  });
  const results: SuiteResults = { tests, metrics };
  writeFileSync(config.resultsFile, JSON.stringify(results, null, 2));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
