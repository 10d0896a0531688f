/**
 * `lp write FILE --url … --target … --bucket …`: streams a file from disk through the core write
 * pipeline and reports every line that was rejected, not sent or unconfirmed, with its physical
 * line. Exit status: 0 all written, 2 some lines rejected, not sent or unconfirmed (or a usage
 * error), 1 the write failed, 130/143 stopped by SIGINT/SIGTERM (after printing the report).
 */
import { acceptsAuto, choosePrecision } from '../../core/src/autoPrecision';
import { isProduct, PROFILES } from '../../core/src/products';
import { defaultConnectionLimits, describeWait, writeLineProtocol, type Connection, type Credentials, type WriteReport } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { fetchTrusting } from '../../core/src/write/node/httpFetch';
import { shownUrl } from '../../core/src/write/url';
import { UsageError, optionValue, parseArgs, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { byteNotes, displayName, readLineProtocolBytes } from './sources';
import { TARGET_NAMES } from './targets';

const COMMAND = 'lp write';

const OPTIONS = [
  { name: 'url', takesValue: true },
  { name: 'target', takesValue: true },
  { name: 'bucket', takesValue: true },
  { name: 'org', takesValue: true },
  { name: 'precision', takesValue: true },
  { name: 'token-env', takesValue: true },
  { name: 'username-env', takesValue: true },
  { name: 'password-env', takesValue: true },
  { name: 'no-gzip', takesValue: false },
  { name: 'no-accept-partial', takesValue: false },
  { name: 'batch-lines', takesValue: true },
  { name: 'timeout-ms', takesValue: true },
  { name: 'ca-file', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

export const WRITE_HELP = `Usage: lp write FILE --url URL --target PRODUCT --bucket NAME [options]

Writes FILE ('-' for standard input) to InfluxDB, streaming it from disk in batches, and reports
every line the server rejected, that was not sent, or that is unconfirmed, by its physical line.
Bytes are never rewritten: a byte that is not valid UTF-8 is sent as it is to 1.x and OSS 2.x,
and its line is not sent (with the reason) to InfluxDB 3 and Cloud, which reject such a body
whole; a leading byte order mark is left out (a note on stderr says so).

  --url URL            server, e.g. http://localhost:8086 (no credentials, no query string in it)
  --target PRODUCT     ${TARGET_NAMES.filter(isProduct).join(', ')}
  --bucket NAME        bucket, or database (Dedicated, Clustered, InfluxDB 3, 1.x)
  --org NAME           organisation (Cloud Serverless, OSS 2.x)
  --precision P        ns (default), us, ms or s; also auto (the unit read from each timestamp's
                       magnitude) and n, u, second, … for core, enterprise, influxdb3-cloud; n, u for v1
  --token-env NAME     read the token from environment variable NAME
  --username-env NAME  with --password-env NAME: Basic auth (1.x), read from the environment
  --ca-file FILE       trust the certificate authority (PEM) in FILE for https, in addition to
                       the built-in ones: for a self-signed or private-CA server certificate
  --no-gzip            send bodies uncompressed
  --no-accept-partial  core, enterprise, influxdb3-cloud: send accept_partial=false (a rejected
                       line refuses its request; it is reported and the other lines sent again)
  --batch-lines N      data lines per request (default 5000)
  --timeout-ms N       time limit of one request (default 30000)
  --json               print {"requests","written","rejected":[…],"notSent":[…],
                       "unconfirmed":[{"line","reason"}]} on stdout, and when the write
                       failed or was stopped "failure":{"message","status"?,"cancelled"?}

Each line ends written, rejected (the server's reason), not sent (why), or unconfirmed: its request
was sent but the answer was missing or unreadable (a timeout, a closed connection, a cut or
malformed answer, a cancel), so the server may or may not have stored it. Such a request is sent
again only when every line in it has a timestamp (identical points overwrite themselves); lines
without one are never sent twice: they stay unconfirmed and the write stops there.
Waits (429 Retry-After, backoff after errors) are shown on stderr as they start. A refused
connection or unknown host at the first request, and an untrusted certificate, stop at once.
A plain http:// URL to another machine gets a warning: the token would travel unencrypted.
SIGINT (Ctrl+C) or SIGTERM stops the write like a cancel and prints the report; a second one
exits at once.

Exit status: 0 every line written, 2 some lines rejected, not sent or unconfirmed (or a usage
error), 1 the write failed (authentication, missing bucket, server unreachable, untrusted
certificate), 130 stopped by SIGINT, 143 stopped by SIGTERM.
`;

function required(parsed: ParsedArgs, name: string, example: string, command: string): string {
  const value = optionValue(parsed, name);
  if (value === undefined) throw new UsageError(`${command}: --${name} is required, e.g. '--${name} ${example}'. Run '${command} --help'.`);
  return value;
}

function positiveInteger(parsed: ParsedArgs, name: string, command: string): number | undefined {
  const value = optionValue(parsed, name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${command}: --${name} must be a positive whole number (got '${value}').`);
  return Number(value);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/** A credential from the environment; its value never appears in a message. */
function fromEnv(io: CliIo, option: string, name: string, command: string): string {
  const value = io.env[name];
  if (value === undefined || value === '') {
    throw new UsageError(`${command}: the environment variable ${name} (named by --${option}) is not set or empty: export it first.`);
  }
  if (CONTROL.test(value)) {
    throw new UsageError(
      `${command}: the environment variable ${name} (named by --${option}) contains a control character (such as a line break, often picked up when copying or reading a file): an HTTP header cannot carry it. Export it again without it, e.g. ${name}="$(printf %s "$${name}" | tr -d '\\r\\n')".`,
    );
  }
  return value;
}

/** The credentials `--token-env` or `--username-env`/`--password-env` name (shared with `lp mcp`). */
export function credentialsFrom(parsed: ParsedArgs, io: CliIo, command = COMMAND): Credentials {
  const tokenEnv = optionValue(parsed, 'token-env');
  const userEnv = optionValue(parsed, 'username-env');
  const passwordEnv = optionValue(parsed, 'password-env');
  if (tokenEnv !== undefined && (userEnv !== undefined || passwordEnv !== undefined)) {
    throw new UsageError(`${command}: give either --token-env or --username-env/--password-env, not both.`);
  }
  if (tokenEnv !== undefined) return { kind: 'token', token: fromEnv(io, 'token-env', tokenEnv, command) };
  if ((userEnv === undefined) !== (passwordEnv === undefined)) {
    throw new UsageError(`${command}: --username-env and --password-env go together: give both.`);
  }
  if (userEnv !== undefined && passwordEnv !== undefined) {
    return { kind: 'basic', username: fromEnv(io, 'username-env', userEnv, command), password: fromEnv(io, 'password-env', passwordEnv, command) };
  }
  return { kind: 'none' };
}

/** The connection `--url --target --bucket --org --precision …` describe (shared with `lp mcp`). */
export function connectionFrom(parsed: ParsedArgs, command = COMMAND): Connection {
  const target = required(parsed, 'target', 'cloud-serverless', command);
  if (!isProduct(target)) {
    throw new UsageError(`${command}: --target must name a product (got '${target}'). Use one of: ${TARGET_NAMES.filter(isProduct).join(', ')}.`);
  }
  const choice = choosePrecision(optionValue(parsed, 'precision') ?? 'ns', target, PROFILES[target].label);
  if (!choice.ok) throw new UsageError(`${command}: ${choice.message}`);
  const precision = choice.precision;
  if (parsed.options.get('no-accept-partial') === true && !acceptsAuto(target)) {
    throw new UsageError(`${command}: --no-accept-partial applies only to /api/v3/write_lp (core, enterprise, influxdb3-cloud), not to ${target}.`);
  }
  const defaults = defaultConnectionLimits(target);
  const url = required(parsed, 'url', 'http://localhost:8086', command);
  if (/[?#]/.test(url)) {
    throw new UsageError(
      `${command}: --url '${shownUrl(url)}' has a query string or fragment, which would be dropped: give only the server's address (and a path prefix if it has one), and the bucket, org and precision with --bucket, --org and --precision.`,
    );
  }
  return {
    url,
    product: target,
    bucket: required(parsed, 'bucket', 'my-bucket', command),
    org: optionValue(parsed, 'org'),
    precision,
    ...(choice.auto ? { autoPrecision: true } : {}),
    ...defaults,
    gzip: parsed.options.get('no-gzip') !== true,
    ...(parsed.options.get('no-accept-partial') === true ? { acceptPartial: false } : {}),
    batchLines: positiveInteger(parsed, 'batch-lines', command) ?? defaults.batchLines,
    timeoutMs: positiveInteger(parsed, 'timeout-ms', command) ?? defaults.timeoutMs,
  };
}

/** The `--json` document: exactly these keys, lines physical and 1-based. */
function jsonReport(report: WriteReport): string {
  return `${JSON.stringify({
    requests: report.requests,
    written: report.written,
    rejected: report.rejected.map((r) => ({ line: r.line, dataLine: r.dataLine, message: r.message, status: r.status })),
    notSent: report.notSent.map((n) => ({ line: n.line, reason: n.reason })),
    unconfirmed: report.unconfirmed.map((u) => ({ line: u.line, reason: u.reason })),
    // Only when the write stopped early: scripts tell a failed write from rejected lines by it.
    ...(report.failure
      ? { failure: { message: report.failure.message, ...(report.failure.status === undefined ? {} : { status: report.failure.status }), ...(report.failure.cancelled ? { cancelled: true } : {}) } }
      : {}),
  })}\n`;
}

interface Entry {
  /** Where the entry sorts: its first data line. */
  readonly dataLine: number;
  readonly text: string;
}

/** Lines grouped into runs of consecutive lines with the same reason: `FILE:3-9: reason`. */
function runs(items: readonly { line: number; dataLine: number; reason: string }[], file: string): Entry[] {
  const out: Entry[] = [];
  let i = 0;
  while (i < items.length) {
    let j = i;
    while (j + 1 < items.length && items[j + 1].reason === items[i].reason && items[j + 1].dataLine === items[j].dataLine + 1) j++;
    const first = items[i].line;
    const last = items[j].line;
    out.push({ dataLine: items[i].dataLine, text: `${file}:${first === last ? first : `${first}-${last}`}: ${items[i].reason}\n` });
    i = j + 1;
  }
  return out;
}

/** Every line that was not written, in file order: rejected one by one, the others in runs. */
function textEntries(report: WriteReport, file: string): string[] {
  const entries: Entry[] = [
    ...report.rejected.map((r) => ({ dataLine: r.dataLine, text: `${file}:${r.line}: ${r.message} (HTTP ${r.status})\n` })),
    ...runs(report.notSent, file),
    ...runs(report.unconfirmed, file),
  ];
  return entries.sort((a, b) => a.dataLine - b.dataLine).map((e) => e.text);
}

/** The host is this machine: plain http:// does not cross a network there. */
export function isLoopback(hostname: string): boolean {
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(hostname);
}

export async function readCaFile(io: CliIo, path: string, command = COMMAND): Promise<string> {
  let text = '';
  // Streaming decode: a piece may be bytes (from disk) that split a character.
  const decoder = new TextDecoder();
  try {
    for await (const piece of io.readFile(path)) text += typeof piece === 'string' ? piece : decoder.decode(piece, { stream: true });
    text += decoder.decode();
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    throw new UsageError(`${command}: cannot read the CA file '${path}'${typeof code === 'string' ? ` (${code})` : ''}: check the path given to --ca-file.`);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(`${command}: the CA file '${path}' holds no PEM certificate ('-----BEGIN CERTIFICATE-----'): give the certificate authority's certificate in PEM form.`);
  }
  return text;
}

const SIGNAL_STATUS = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_STATUS;

/**
 * SIGINT/SIGTERM during the write: the first cancels it (the report is still printed), a second
 * exits at once. Installed only while the write runs.
 */
function onStopSignals(controller: AbortController, io: CliIo): { received: () => StopSignal | undefined; dispose: () => void } {
  let received: StopSignal | undefined;
  const handlers = (Object.keys(SIGNAL_STATUS) as StopSignal[]).map((signal) => {
    const handler = (): void => {
      if (received !== undefined) process.exit(SIGNAL_STATUS[signal]);
      received = signal;
      void io.stderr.write(`${COMMAND}: ${signal}: stopping the write and printing its report (send ${signal} again to exit at once).\n`);
      controller.abort();
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return { received: () => received, dispose: () => handlers.forEach((off) => off()) };
}

function exitStatus(report: WriteReport, signal: StopSignal | undefined): number {
  if (signal !== undefined) return SIGNAL_STATUS[signal];
  if (report.failure) return report.failure.cancelled ? 130 : 1;
  return report.rejected.length > 0 || report.notSent.length > 0 || report.unconfirmed.length > 0 ? 2 : 0;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export async function runWrite(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.get('help') === true) {
    await io.stdout.write(WRITE_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`${COMMAND}: give exactly one FILE to write (got ${parsed.positionals.length}). Run '${COMMAND} --help'.`);
  }
  const source = parsed.positionals[0];
  const connection = connectionFrom(parsed);
  const credentials = credentialsFrom(parsed, io);
  const caFile = optionValue(parsed, 'ca-file');
  const ca = caFile === undefined ? undefined : await readCaFile(io, caFile);
  const target = new URL(connection.url);
  if (credentials.kind !== 'none' && target.protocol === 'http:' && !isLoopback(target.hostname)) {
    await io.stderr.write(`${COMMAND}: warning: http:// sends the ${credentials.kind === 'token' ? 'token' : 'username and password'} unencrypted to ${target.hostname}: use https:// unless the network is trusted.\n`);
  }
  const input = readLineProtocolBytes(io, COMMAND, source);
  const controller = new AbortController();
  const signals = onStopSignals(controller, io);
  let report: WriteReport;
  try {
    report = await writeLineProtocol(input, connection, {
      credentials,
      compress: gzipWithZlib,
      // Node's HTTP client: it reads the real answer after an interim 1xx, and trusts --ca-file.
      fetch: fetchTrusting(ca),
      signal: controller.signal,
      onWait: (wait) => void io.stderr.write(`${COMMAND}: ${describeWait(wait)}\n`),
    });
  } finally {
    signals.dispose();
  }
  const file = displayName(source);
  if (parsed.options.get('json') === true) {
    await io.stdout.write(jsonReport(report));
  } else {
    for (const line of textEntries(report, file)) await io.stdout.write(line);
    await io.stdout.write(
      `${COMMAND}: ${report.written} line(s) written, ${report.rejected.length} rejected, ${report.notSent.length} not sent, ${report.unconfirmed.length} unconfirmed, in ${report.requests} request(s).\n`,
    );
  }
  for (const warning of report.warnings) await io.stderr.write(`${COMMAND}: warning: ${warning}\n`);
  for (const note of byteNotes(file, input.facts, connection.product)) await io.stderr.write(`${COMMAND}: note: ${note}\n`);
  if (report.failure) {
    const counts = `${plural(report.written, 'line')} written, ${report.rejected.length} rejected, ${report.notSent.length} not sent, ${report.unconfirmed.length} unconfirmed.`;
    await io.stderr.write(`${COMMAND}: ${report.failure.cancelled ? report.failure.message : `The write failed. ${report.failure.message}`} ${counts}\n`);
  }
  if (report.unconfirmed.length > 0) {
    await io.stderr.write(
      `${COMMAND}: ${plural(report.unconfirmed.length, 'line')} unconfirmed: the server may or may not have stored them. Check with a query before writing them again (lines without a timestamp would be stored twice).\n`,
    );
  }
  return exitStatus(report, signals.received());
}
