/**
 * `lp write FILE --url … --target … --bucket …`: streams a file from disk through the core write
 * pipeline and reports every line that was rejected or not sent, with its physical line.
 * Exit status: 0 all written, 2 some lines rejected or not sent (or a usage error), 1 the write failed.
 */
import { isProduct } from '../../core/src/products';
import { defaultConnectionLimits, isPrecision, PRECISIONS, writeLineProtocol, type Connection, type Credentials, type WriteReport } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { UsageError, optionValue, parseArgs, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { byteNotes, displayName, readLineProtocolSource } from './sources';
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
  { name: 'batch-lines', takesValue: true },
  { name: 'timeout-ms', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

export const WRITE_HELP = `Usage: lp write FILE --url URL --target PRODUCT --bucket NAME [options]

Writes FILE ('-' for standard input) to InfluxDB, streaming it from disk in batches, and reports
every line the server rejected or that was not sent, by its physical line. Bytes are never
rewritten: a byte that is not valid UTF-8 is sent as it is to 1.x and OSS 2.x, and its line is
not sent (with the reason) to InfluxDB 3 and Cloud, which reject such a body whole; a leading
byte order mark is left out (a note on stderr says so).

  --url URL            server, e.g. http://localhost:8086 (no credentials in it)
  --target PRODUCT     ${TARGET_NAMES.filter(isProduct).join(', ')}
  --bucket NAME        bucket, or database (Dedicated, Clustered, InfluxDB 3, 1.x)
  --org NAME           organisation (Cloud Serverless, OSS 2.x)
  --precision P        ns (default), us, ms or s
  --token-env NAME     read the token from environment variable NAME
  --username-env NAME  with --password-env NAME: Basic auth (1.x), read from the environment
  --no-gzip            send bodies uncompressed
  --batch-lines N      data lines per request (default 5000)
  --timeout-ms N       time limit of one request (default 30000)
  --json               print {"requests","written","rejected":[…],"notSent":[…]} on stdout

Exit status: 0 every line written, 2 some lines rejected or not sent (or a usage error),
1 the write failed (authentication, missing bucket, server unreachable).
`;

function required(parsed: ParsedArgs, name: string, example: string): string {
  const value = optionValue(parsed, name);
  if (value === undefined) throw new UsageError(`${COMMAND}: --${name} is required, e.g. '--${name} ${example}'. Run '${COMMAND} --help'.`);
  return value;
}

function positiveInteger(parsed: ParsedArgs, name: string): number | undefined {
  const value = optionValue(parsed, name);
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${COMMAND}: --${name} must be a positive whole number (got '${value}').`);
  return Number(value);
}

function fromEnv(io: CliIo, option: string, name: string): string {
  const value = io.env[name];
  if (value === undefined || value === '') {
    throw new UsageError(`${COMMAND}: the environment variable ${name} (named by --${option}) is not set or empty: export it first.`);
  }
  return value;
}

function credentialsFrom(parsed: ParsedArgs, io: CliIo): Credentials {
  const tokenEnv = optionValue(parsed, 'token-env');
  const userEnv = optionValue(parsed, 'username-env');
  const passwordEnv = optionValue(parsed, 'password-env');
  if (tokenEnv !== undefined && (userEnv !== undefined || passwordEnv !== undefined)) {
    throw new UsageError(`${COMMAND}: give either --token-env or --username-env/--password-env, not both.`);
  }
  if (tokenEnv !== undefined) return { kind: 'token', token: fromEnv(io, 'token-env', tokenEnv) };
  if ((userEnv === undefined) !== (passwordEnv === undefined)) {
    throw new UsageError(`${COMMAND}: --username-env and --password-env go together: give both.`);
  }
  if (userEnv !== undefined && passwordEnv !== undefined) {
    return { kind: 'basic', username: fromEnv(io, 'username-env', userEnv), password: fromEnv(io, 'password-env', passwordEnv) };
  }
  return { kind: 'none' };
}

function connectionFrom(parsed: ParsedArgs): Connection {
  const target = required(parsed, 'target', 'cloud-serverless');
  if (!isProduct(target)) {
    throw new UsageError(`${COMMAND}: --target must name a product (got '${target}'). Use one of: ${TARGET_NAMES.filter(isProduct).join(', ')}.`);
  }
  const precision = optionValue(parsed, 'precision') ?? 'ns';
  if (!isPrecision(precision)) {
    throw new UsageError(`${COMMAND}: unknown precision '${precision}'. Use one of: ${PRECISIONS.join(', ')}.`);
  }
  const defaults = defaultConnectionLimits(target);
  return {
    url: required(parsed, 'url', 'http://localhost:8086'),
    product: target,
    bucket: required(parsed, 'bucket', 'my-bucket'),
    org: optionValue(parsed, 'org'),
    precision,
    ...defaults,
    gzip: parsed.options.get('no-gzip') !== true,
    batchLines: positiveInteger(parsed, 'batch-lines') ?? defaults.batchLines,
    timeoutMs: positiveInteger(parsed, 'timeout-ms') ?? defaults.timeoutMs,
  };
}

/** The `--json` document: exactly these keys, lines physical and 1-based. */
function jsonReport(report: WriteReport): string {
  return `${JSON.stringify({
    requests: report.requests,
    written: report.written,
    rejected: report.rejected.map((r) => ({ line: r.line, dataLine: r.dataLine, message: r.message, status: r.status })),
    notSent: report.notSent.map((n) => ({ line: n.line, reason: n.reason })),
  })}\n`;
}

/** Not-sent lines grouped into runs of consecutive lines with the same reason: `FILE:3-9: reason`. */
function notSentRuns(report: WriteReport, file: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < report.notSent.length) {
    let j = i;
    while (j + 1 < report.notSent.length && report.notSent[j + 1].reason === report.notSent[i].reason && report.notSent[j + 1].dataLine === report.notSent[j].dataLine + 1) j++;
    const first = report.notSent[i].line;
    const last = report.notSent[j].line;
    out.push(`${file}:${first === last ? first : `${first}-${last}`}: ${report.notSent[i].reason}\n`);
    i = j + 1;
  }
  return out;
}

function exitStatus(report: WriteReport): number {
  if (report.failure) return 1;
  return report.rejected.length > 0 || report.notSent.length > 0 ? 2 : 0;
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
  const input = readLineProtocolSource(io, COMMAND, source);
  const report = await writeLineProtocol(input, connection, { credentials, compress: gzipWithZlib });
  const file = displayName(source);
  if (parsed.options.get('json') === true) {
    await io.stdout.write(jsonReport(report));
  } else {
    for (const r of report.rejected) await io.stdout.write(`${file}:${r.line}: ${r.message} (HTTP ${r.status})\n`);
    for (const line of notSentRuns(report, file)) await io.stdout.write(line);
    await io.stdout.write(
      `${COMMAND}: ${report.written} line(s) written, ${report.rejected.length} rejected, ${report.notSent.length} not sent, in ${report.requests} request(s).\n`,
    );
  }
  for (const warning of report.warnings) await io.stderr.write(`${COMMAND}: warning: ${warning}\n`);
  for (const note of byteNotes(file, input.facts, connection.product)) await io.stderr.write(`${COMMAND}: note: ${note}\n`);
  if (report.failure) await io.stderr.write(`${COMMAND}: ${report.failure.cancelled ? 'cancelled' : `the write failed: ${report.failure.message}`}\n`);
  return exitStatus(report);
}
