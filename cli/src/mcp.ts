/**
 * `lp mcp`: an MCP server over stdio (the official SDK) offering the agent tools of core/src/tools:
 * validate_line_protocol, get_bucket_schema, and write_line_protocol (only with --allow-write).
 * The connection comes from the same options and code as `lp write`; the token is read from the
 * environment and goes only to the server named by --url, never into a result or stderr.
 * Stdout carries the protocol alone; notes go to stderr.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import packageJson from '../../package.json';
import { PRODUCTS } from '../../core/src/products';
import { formatBucketSchema, formatWriteResult, readBucketSchema, TOOL_DESCRIPTIONS, TOOL_PRECISIONS, ToolInputError, validateLineProtocol } from '../../core/src/tools/index';
import { describeWait, writeLineProtocol } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/gzip';
import { redactUrl } from '../../core/src/write/endpoint';
import { UsageError, optionValue, parseArgs } from './args';
import { checkerSettings, DEFAULT_WHOLE_FILE_LIMIT } from './checkSettings';
import type { CliIo } from './io';
import { ReadError, readLineProtocolSource } from './sources';
import { chooseTarget, type TargetChoice } from './targets';
import { serverFrom, type ServerChoice } from './writeConnection';

const COMMAND = 'lp mcp';

const OPTIONS = [
  { name: 'url', takesValue: true },
  { name: 'target', takesValue: true },
  { name: 'bucket', takesValue: true },
  { name: 'org', takesValue: true },
  { name: 'precision', takesValue: true },
  { name: 'retention', takesValue: true },
  { name: 'shard-group', takesValue: true },
  { name: 'token-env', takesValue: true },
  { name: 'username-env', takesValue: true },
  { name: 'password-env', takesValue: true },
  { name: 'no-gzip', takesValue: false },
  { name: 'batch-lines', takesValue: true },
  { name: 'timeout-ms', takesValue: true },
  { name: 'ca-file', takesValue: true },
  { name: 'allow-write', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

export const MCP_HELP = `Usage: lp mcp [--target PRODUCT] [--precision P] [--url URL --bucket NAME [--org NAME]
              [--token-env NAME] [--allow-write]] [options]

Runs an MCP (Model Context Protocol) server over stdio for AI agents, with the tools:
  validate_line_protocol  {text?, uri?, target?, precision?}: the editor's checks of the text (or
                          of the file at uri, a path) for the product: a summary, then one line
                          per problem (line, column, severity, code, message), the first 50
  get_bucket_schema       the stored schema of --bucket (measurements, tag keys, field keys with
                          types), read with InfluxQL SHOW statements over /query (InfluxDB 3
                          Core/Enterprise: system.influxdb_schema over /api/v3/query_sql); needs
                          --url, and a token that may read
  write_line_protocol     {text?, uri?}: writes to the connection below, offered only with
                          --allow-write; reports written, rejected (the server's reason per line),
                          not sent and unconfirmed lines
Standard output carries only the protocol; notes go to standard error. The token is read from
the environment and sent only to --url: it is never in a tool result or a note.

  --target PRODUCT     the product validate checks against when a call names none, and the
                       product read and written: a product of 'lp write --help', or v3 or v2
                       as for 'lp check' (default v3, or LP_TARGET)
  --precision P        ns (default), us, ms or s: of the timestamps validated and written
  --retention D        retention period of the bucket, e.g. 30d (validate reports older points)
  --shard-group D      shard group duration for 1.x and OSS 2.x type conflicts
  --allow-write        offer write_line_protocol (needs --url, --target and --bucket)
  --url, --bucket, --org, --token-env, --username-env, --password-env, --ca-file, --no-gzip,
  --batch-lines, --timeout-ms
                       the connection, as for 'lp write' (see 'lp write --help'): the bucket
                       get_bucket_schema reads and write_line_protocol writes to
  -h, --help           this help

Example configuration of an MCP client (e.g. claude_desktop_config.json; .vscode/mcp.json
names the list "servers"), with lp on the PATH (else "command": "node", "args": ["/path/to/
dist/cli.js", "mcp", ...]):
  {"mcpServers": {"influxdb-lp": {"command": "lp", "args": ["mcp", "--target", "oss-v2",
    "--url", "http://localhost:8086", "--bucket", "b", "--org", "o", "--token-env",
    "INFLUX_TOKEN", "--allow-write"], "env": {"INFLUX_TOKEN": "…"}}}}

Exit status: 0 when the client closed the connection, 2 on a usage error.
`;

/** The connection of --url …: what get_bucket_schema reads and write_line_protocol writes to. */
function textResult(text: string, isError = false): CallToolResult {
  return { content: [{ type: 'text', text }], ...(isError ? { isError: true } : {}) };
}

/** A file path, or a `file://` URI, as an agent may give either. */
function pathOf(uri: string): string {
  if (!/^file:/i.test(uri)) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    throw new ToolInputError(`'${uri}' is not a file URI or path.`);
  }
}

/** The text of a tool call: `text`, or the file at `uri` read as `lp check` reads it (bytes kept). */
async function sourceOf(io: CliIo, args: { text?: string; uri?: string }): Promise<{ text: string; source?: string; bom: boolean; fromFile: boolean }> {
  if ((args.text === undefined) === (args.uri === undefined)) throw new ToolInputError('Give either text (the line protocol itself) or uri (a file path), not both and not neither.');
  if (args.text !== undefined) return { text: args.text, bom: false, fromFile: false };
  const path = pathOf(args.uri as string);
  const input = readLineProtocolSource(io, COMMAND, path);
  let text = '';
  try {
    for await (const piece of input) {
      text += piece;
      if (text.length > DEFAULT_WHOLE_FILE_LIMIT) throw new ToolInputError(`${path} is larger than 64M characters: check it with 'lp check' instead.`);
    }
  } catch (error) {
    // ReadError says which file and why, with 'lp mcp:' in front: a tool result needs only the why.
    if (error instanceof ReadError) throw new ToolInputError(error.message.replace(`${COMMAND}: `, ''));
    throw error;
  }
  return { text, source: path, bom: input.facts.bom, fromFile: true };
}

async function connectionSetup(parsed: ReturnType<typeof parseArgs>, io: CliIo): Promise<ServerChoice | undefined> {
  if (optionValue(parsed, 'url') === undefined) {
    if (parsed.options.get('allow-write') === true) {
      throw new UsageError(`${COMMAND}: --allow-write needs a connection: give --url, --target and --bucket (and --org, --token-env as for 'lp write').`);
    }
    return undefined;
  }
  return serverFrom(parsed, io, COMMAND);
}

/** Builds the MCP server with its tools; exported for in-process tests. */
export function createLpMcpServer(
  io: CliIo,
  defaults: { target: TargetChoice; settings: ReturnType<typeof checkerSettings>; retention?: string; shardGroup?: string },
  remote: ServerChoice | undefined,
  allowWrite: boolean,
): McpServer {
  const server = new McpServer({ name: 'influxdb-line-protocol', version: packageJson.version });
  const run = async (body: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    try {
      return await body();
    } catch (error) {
      if (error instanceof ToolInputError) return textResult(error.message, true);
      throw error;
    }
  };

  server.registerTool(
    'validate_line_protocol',
    {
      title: 'Validate line protocol',
      description: TOOL_DESCRIPTIONS.validate_line_protocol,
      inputSchema: {
        text: z.string().optional().describe('The line protocol to check.'),
        uri: z.string().optional().describe('A file to check instead of text: a path or file:// URI.'),
        target: z.enum(PRODUCTS as [string, ...string[]]).optional().describe(`The InfluxDB product that will receive it (default ${defaults.target.rules}).`),
        precision: z.enum(TOOL_PRECISIONS as [string, ...string[]]).optional().describe(`Precision of the timestamps (default ${defaults.settings.precision}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      run(async () => {
        const input = await sourceOf(io, args);
        const result = validateLineProtocol(
          { text: input.text, target: args.target, precision: args.precision },
          {
            defaultTarget: defaults.target.rules,
            defaultPrecision: defaults.settings.precision,
            retentionPeriod: defaults.retention,
            shardGroupDuration: defaults.shardGroup,
            source: input.source,
            fromBytes: input.fromFile ? { byteOrderMark: input.bom } : undefined,
          },
        );
        return textResult(result.text);
      }),
  );

  server.registerTool(
    'get_bucket_schema',
    { title: 'Get bucket schema', description: TOOL_DESCRIPTIONS.get_bucket_schema, inputSchema: {}, annotations: { readOnlyHint: true } },
    async () => {
      if (remote === undefined) {
        return textResult(`No connection to read a schema from: lp mcp was started without --url. Start it with --url, --target and --bucket (and --org, --token-env as for 'lp write').`, true);
      }
      const read = await readBucketSchema(remote.connection, remote.credentials, remote.fetch);
      return textResult(formatBucketSchema(read, remote.connection, { credentials: remote.credentials }), !read.ok);
    },
  );

  if (remote !== undefined && allowWrite) {
    const { connection, credentials } = remote;
    server.registerTool(
      'write_line_protocol',
      {
        title: 'Write line protocol',
        description: `${TOOL_DESCRIPTIONS.write_line_protocol} Writes to bucket '${connection.bucket}' at ${redactUrl(connection.url)} (${connection.product}, precision ${connection.precision}).`,
        inputSchema: {
          text: z.string().optional().describe('The line protocol to write.'),
          uri: z.string().optional().describe('A file to write instead of text: a path or file:// URI.'),
        },
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
      },
      (args) =>
        run(async () => {
          const input = await sourceOf(io, args);
          const report = await writeLineProtocol(input.text, connection, {
            credentials,
            compress: gzipWithZlib,
            fetch: remote.fetch,
            onWait: (wait) => void io.stderr.write(`${COMMAND}: ${describeWait(wait)}\n`),
          });
          const text = formatWriteResult(report, { url: connection.url, product: connection.product, bucket: connection.bucket }, { credentials, source: input.source });
          const allWritten = report.failure === undefined && report.rejected.length + report.notSent.length + report.unconfirmed.length === 0;
          return textResult(text, !allWritten);
        }),
    );
  }
  return server;
}

export async function runMcp(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.get('help') === true) {
    await io.stdout.write(MCP_HELP);
    return 0;
  }
  if (parsed.positionals.length > 0) throw new UsageError(`${COMMAND}: takes no FILE (got '${parsed.positionals[0]}'): tools are given text or a uri. Run '${COMMAND} --help'.`);
  const target = chooseTarget(COMMAND, optionValue(parsed, 'target'), io.env);
  const retention = optionValue(parsed, 'retention');
  const shardGroup = optionValue(parsed, 'shard-group');
  const settings = checkerSettings(COMMAND, target, { precision: optionValue(parsed, 'precision'), retention, shardGroup });
  const remote = await connectionSetup(parsed, io);
  const allowWrite = parsed.options.get('allow-write') === true;

  const server = createLpMcpServer(io, { target, settings, retention, shardGroup }, remote, allowWrite);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    // The client ends the session by closing our stdin.
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  const bucket = remote ? ` (bucket '${remote.connection.bucket}' at ${redactUrl(remote.connection.url)})` : ' (no connection: --url not given)';
  const tools = `validate_line_protocol, get_bucket_schema${bucket}, ${remote && allowWrite ? 'write_line_protocol' : 'no write_line_protocol (needs --url and --allow-write)'}`;
  await io.stderr.write(`${COMMAND}: serving ${tools} over stdio; checks follow ${target.rules} unless a call names a target.\n`);
  await closed;
  return 0;
}
