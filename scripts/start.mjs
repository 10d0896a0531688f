#!/usr/bin/env node
// @ts-check
// `npm start`: try the extension in one command. Builds and packages it, starts a local InfluxDB 1.x
// on 127.0.0.1:8086, opens VS Code in the browser (code-server, installed once into
// ~/.cache/influx-lp-e2e) on a scratch copy of examples/, already connected to that InfluxDB, and prints the URL.
// When run as root it first installs what is missing from Debian: influxdb, and what code-server's
// one-time native build needs. Ctrl+C stops everything.
// Usage: node scripts/start.mjs [--port N] [--check]   (--check: start, check the page loads, stop)
import { tsImport } from 'tsx/esm/api';
import { ensureDebianPackages, NATIVE_BUILD_PACKAGES } from './prerequisites.mjs';

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;
const check = args.includes('--check');
const log = (/** @type {string} */ line) => console.log(`start: ${line}`);

// code-server's native modules are compiled once, on the first run: that needs the build packages.
const missing = ensureDebianPackages(['influxdb', ...NATIVE_BUILD_PACKAGES]);
const influxdInstalled = !missing.includes('influxdb');
const { tryIt } = /** @type {typeof import('./e2e/tryIt')} */ (await tsImport('./e2e/tryIt.ts', import.meta.url));
let session;
try {
  session = await tryIt({ influxdInstalled, port, log });
} catch (error) {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (check) {
  const response = await fetch(session.url);
  const ok = response.status === 200 && (await response.text()).includes('workbench');
  console.log(`start: ${session.url} answered ${response.status}${ok ? '' : ' without the workbench'}`);
  await session.stop();
  process.exit(ok ? 0 : 1);
}

console.log(`\nVS Code with the InfluxDB Line Protocol extension, on a scratch copy of examples/ (your edits there never reach the repository):\n\n  ${session.url}\n\nOpen it in a browser (from another machine: ssh -L ${session.server.port}:127.0.0.1:${session.server.port} this-host). Ctrl+C stops.\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('start: stopping');
  await session.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
session.server.process.once('exit', (/** @type {number | null} */ code) => {
  if (stopping) return;
  console.error(`start: code-server exited (${code}):\n${session.server.output()}`);
  void session.stop().then(() => process.exit(1));
});
