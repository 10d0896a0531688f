/**
 * `lp write FILE --url … --target … --bucket …`: streams a file from disk through the core write
 * pipeline and reports every line that was rejected, not sent or unconfirmed, with its physical
 * line. Exit status: 0 all written, 2 some lines rejected, not sent or unconfirmed (or a usage
 * error), 1 the write failed, 130/143 stopped by SIGINT/SIGTERM (after printing the report).
 */
import { isProduct } from '../../core/src/products';
import { describeWait, writeLineProtocol, type WriteReport } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { UsageError, parseArgs } from './args';
import type { CliIo } from './io';
import { byteNotes, displayName, readLineProtocolBytes } from './sources';
import { onStopSignals } from './stopSignals';
import { TARGET_NAMES } from './targets';
import { serverFrom } from './writeConnection';
import { exitStatus, jsonReport, plural, textEntries } from './writeReport';

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
  const { connection, credentials, fetch } = await serverFrom(parsed, io);
  const input = readLineProtocolBytes(io, COMMAND, source);
  const controller = new AbortController();
  const signals = onStopSignals(controller, io);
  let report: WriteReport;
  try {
    report = await writeLineProtocol(input, connection, {
      credentials,
      compress: gzipWithZlib,
      // Node's HTTP client: it reads the real answer after an interim 1xx, and trusts --ca-file.
      fetch,
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
