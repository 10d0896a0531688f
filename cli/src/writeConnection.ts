/**
 * The server `lp write` and `lp mcp` write to, and `lp check --url` and `lp schema` read from:
 * the connection (`--url --target --bucket --org --precision …`), the credentials the environment
 * holds (`--token-env`, `--username-env`/`--password-env`, never their values in a message), and
 * a CA file to trust (`--ca-file`).
 */
import { acceptsAuto, choosePrecision } from '../../core/src/autoPrecision';
import { isProduct, PROFILES } from '../../core/src/products';
import { defaultConnectionLimits, type Connection, type Credentials } from '../../core/src/write/index';
import { fetchTrusting } from '../../core/src/write/node/httpFetch';
import { shownUrl } from '../../core/src/write/url';
import { UsageError, optionValue, type ParsedArgs } from './args';
import type { CliIo } from './io';
import { TARGET_NAMES } from './targets';

const COMMAND = 'lp write';

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

/** The server a command's `--url --target --bucket …` name, with the credentials to send and the fetch to send them with. */
export interface ServerChoice {
  readonly connection: Connection;
  readonly credentials: Credentials;
  /** Node's HTTP client, trusting `--ca-file` besides the built-in authorities. */
  readonly fetch: typeof fetch;
}

/** The server the options name (checked as `lp write` checks them), warning when plain http:// would carry credentials to another machine. */
export async function serverFrom(parsed: ParsedArgs, io: CliIo, command = COMMAND): Promise<ServerChoice> {
  const connection = connectionFrom(parsed, command);
  const credentials = credentialsFrom(parsed, io, command);
  const caFile = optionValue(parsed, 'ca-file');
  const ca = caFile === undefined ? undefined : await readCaFile(io, caFile, command);
  const url = new URL(connection.url);
  if (credentials.kind !== 'none' && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    await io.stderr.write(`${command}: warning: http:// sends the ${credentials.kind === 'token' ? 'token' : 'username and password'} unencrypted to ${url.hostname}: use https:// unless the network is trusted.\n`);
  }
  return { connection, credentials, fetch: fetchTrusting(ca) };
}
