/**
 * The language server on a 50 MB document, over the real protocol (the bundled dist/server.js,
 * started as the extension starts it, and with --stdio as any LSP client may), against a baseline
 * measured in the same run: a full parse of the same text with the bundled core.
 * Run with `npm run bench -- --only server`. What each figure means: bench/README.md.
 */
import { buildSync } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type * as Core from '../core/src/index';
import { MemoryRequest } from '../protocol/src/protocol';
import { startServerProcess, type ServerTransport } from '../support/serverProcess';
import { cachedGeneratedFile } from './generate';

/** About 195 bytes a line: 260k lines make a 50 MB file. */
const LINES = Number(process.env.BENCH_SERVER_LINES ?? 260_000);
/** Another build of the server to measure (e.g. a copy of the previous dist/server.js, to compare in one run). */
const SERVER = process.env.BENCH_SERVER_JS ?? 'dist/server.js';
const EDITS = 100;
const OPENS = 7;
const HOVERS = 30;

const EDIT_GOAL = 0.02;
const OPEN_GOAL = 2;
const HEAP_GOAL = 3;

/** The parser as it ships (see parse.bench.ts: through tsx every imported constant is a getter call). */
function loadBundledCore(): typeof Core {
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'core-bundle.cjs');
  buildSync({ entryPoints: ['core/src/index.ts'], bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  return createRequire(__filename)(outfile) as typeof Core;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

function ms(seconds: number): string {
  return `${(seconds * 1000).toFixed(1)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** Parse the whole text and ask every line whether it is valid: the least a checker must do. */
function fullParse(core: typeof Core, text: string): number {
  const doc = core.parseLineProtocol(text);
  let ok = 0;
  for (let i = 0; i < doc.count; i++) if (doc.table.ok(i)) ok++;
  return ok;
}

class Client {
  private waiters: { uri: string; version: number; resolve: (d: Diagnostic[]) => void }[] = [];

  constructor(readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.version === p.version);
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p.diagnostics);
    });
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('client/registerCapability', () => undefined);
  }

  diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }
}

/** Starts the server as the extension does or as any LSP client may (see startServerProcess), and initializes it. */
async function startServer(transport: ServerTransport): Promise<{ connection: ProtocolConnection; client: Client }> {
  const { connection } = startServerProcess(transport, SERVER, ['--expose-gc']);
  const client = new Client(connection);
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { diagnosticsDelay: 0 },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return { connection, client };
}

async function stopServer(connection: ProtocolConnection): Promise<void> {
  await connection.sendRequest(ShutdownRequest.type);
  await connection.sendNotification(ExitNotification.type);
  connection.dispose();
}

interface Opens {
  readonly opens: number[];
  readonly floors: number[];
  readonly diagnostics: number;
  /** The URI and version of the document left open. */
  readonly uri: string;
  readonly version: number;
}

/**
 * Opens the document OPENS times (closed again in between, under a new URI each time), each
 * right after a baseline parse (`timeParse`), then times the protocol floor: a request carrying
 * the same text (an extra property of a hover on a document that is not open), which the server
 * decodes in full and answers at once. No analysis can start before that much time has passed.
 */
async function measureOpens(connection: ProtocolConnection, client: Client, text: string, timeParse: () => void, name: string): Promise<Opens> {
  let uri = '';
  const version = 1;
  const opens: number[] = [];
  let first: Diagnostic[] = [];
  for (let round = 0; round < OPENS; round++) {
    if (uri !== '') await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    uri = `file:///bench/${name}-${round}.lp`;
    timeParse();
    const t0 = now();
    const opened = client.diagnostics(uri, version);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'influxdb-line-protocol', version, text } });
    first = await opened;
    opens.push(now() - t0);
  }
  const floors: number[] = [];
  for (let round = 0; round < OPENS; round++) {
    const f0 = now();
    await connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///bench/not-open.lp' }, position: { line: 0, character: 0 }, text });
    floors.push(now() - f0);
  }
  return { opens, floors, diagnostics: first.length, uri, version };
}

function printOpens(label: string, o: Opens, parse: number): void {
  const open = median(o.opens);
  const floor = median(o.floors);
  console.log(`  ${label.padEnd(28)} ${ms(open)} (median of ${o.opens.length}: ${o.opens.map(ms).join(', ')}; ${o.diagnostics} diagnostics)  ${(open / parse).toFixed(2)}x full parse`);
  console.log(`    protocol floor             ${ms(floor)} (median of ${o.floors.length}: ${o.floors.map(ms).join(', ')}; a request as large, answered at once)  ${(floor / parse).toFixed(2)}x full parse`);
  console.log(`    analysis after the floor   ~${ms(open - floor)}  ${((open - floor) / parse).toFixed(2)}x full parse`);
}

async function main(): Promise<void> {
  const core = loadBundledCore();
  const path = await cachedGeneratedFile(LINES);
  const text = readFileSync(path, 'utf8');
  const bytes = Buffer.byteLength(text, 'utf8');
  console.log(`\n${LINES.toLocaleString('en-US')} lines, ${mb(bytes)} (${path}), server ${SERVER}`);

  // Baseline: a warm-up, then one full parse before each open (below), so both are timed under the
  // same load.
  fullParse(core, text);
  const parses: number[] = [];
  const timeParse = (): void => {
    const t0 = now();
    fullParse(core, text);
    parses.push(now() - t0);
  };

  // First as any LSP client starts the server (for information), then as the extension does: the
  // goals are measured on that one, the server VS Code users run.
  const plain = await startServer('stdio');
  const stdio = await measureOpens(plain.connection, plain.client, text, timeParse, 'stdio');
  await stopServer(plain.connection);
  const { connection, client } = await startServer('extension');
  const opened = await measureOpens(connection, client, text, timeParse, 'extension');
  const { uri } = opened;
  let { version } = opened;
  const parse = median(parses);
  const open = median(opened.opens);
  console.log(`  baseline full parse          ${ms(parse)} (median of ${parses.length}: ${parses.map(ms).join(', ')})`);
  printOpens('open -> first diagnostics', opened, parse);
  printOpens('  the same over --stdio', stdio, parse);

  const memory = await connection.sendRequest(MemoryRequest);
  // The analysis worker's heap counts too: it is the server's memory, in another thread.
  const workerHeap = memory.workerHeapUsed ?? 0;
  const heap = memory.heapUsed + memory.arrayBuffers + workerHeap;
  const worker = memory.workerHeapUsed === undefined ? 'no worker' : `worker heap ${mb(workerHeap)}`;
  console.log(`  server heap after open       ${mb(heap)} (heap ${mb(memory.heapUsed)} + buffers ${mb(memory.arrayBuffers)} + ${worker}, rss ${mb(memory.rss)}, gc ${memory.collected ? 'yes' : 'no'})  ${(heap / bytes).toFixed(2)}x document`);

  // Single-character edits in the middle of a float value: insert a digit, then delete it again.
  const lines = text.split('\n', LINES / 2 + 1);
  let line = LINES >> 1;
  while (!/=\d+\.\d/.test(lines[line])) line--;
  const character = /=\d+\.\d/.exec(lines[line])!.index + 1;
  const edits: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    version++;
    const insert = i % 2 === 0;
    const range = { start: { line, character }, end: { line, character: insert ? character : character + 1 } };
    const next = client.diagnostics(uri, version);
    const e0 = now();
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? '7' : '' }] });
    await next;
    edits.push(now() - e0);
  }
  const editMedian = median(edits);
  const editP95 = percentile(edits, 95);
  console.log(`  edit -> diagnostics          median ${ms(editMedian)}, p95 ${ms(editP95)}  (${((editMedian / parse) * 100).toFixed(2)}% / ${((editP95 / parse) * 100).toFixed(2)}% of a full parse)`);

  const hover = async (h: { line: number; character: number }): Promise<number[]> => {
    const times: number[] = [];
    for (let i = 0; i < HOVERS; i++) {
      const h0 = now();
      await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: h });
      times.push(now() - h0);
    }
    return times;
  };
  const valueHover = await hover({ line, character });
  const measurementHover = await hover({ line, character: 1 });
  console.log(`  hover on a value             median ${ms(median(valueHover))}, p95 ${ms(percentile(valueHover, 95))}`);
  console.log(`  hover on a measurement       median ${ms(median(measurementHover))}, p95 ${ms(percentile(measurementHover, 95))} (merges every chunk's summary)`);

  const later = await connection.sendRequest(MemoryRequest);
  console.log(`  server memory after the edits heap ${mb(later.heapUsed)} + buffers ${mb(later.arrayBuffers)}`);

  await stopServer(connection);

  const editOk = editMedian <= EDIT_GOAL * parse;
  const openOk = open <= OPEN_GOAL * parse;
  const heapOk = heap < HEAP_GOAL * bytes;
  console.log(`  ${verdict(editOk)} edit median <= ${EDIT_GOAL * 100}% of a full parse (${((editMedian / parse) * 100).toFixed(2)}%)`);
  console.log(`  ${verdict(openOk)} first diagnostics <= ${OPEN_GOAL}x a full parse (${(open / parse).toFixed(2)}x)`);
  console.log(`  ${verdict(heapOk)} server heap < ${HEAP_GOAL}x document size (${(heap / bytes).toFixed(2)}x)`);
  console.log(`\nserver bench: ${editOk && openOk && heapOk ? 'all goals met' : 'some goals missed'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
