/**
 * `lp mcp` driven by the MCP SDK's own client over stdio: the real bundled CLI (dist/cli.js) as a
 * child process, writing to the in-repo server that answers as OSS 2.x does (write-api.md §3).
 * A sentinel token must appear in no response and nowhere on stderr.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI, ensureBuilt, runLp } from '../cli/builtCli';
import { startFakeInflux, type FakeInflux } from '../support/fakeInflux/server';
import { INFLUXD_FIX, influxdAvailable, startInfluxd, type Influxd } from '../../support/influxd';
import { requirePrerequisite } from '../support/prerequisite';

const TOKEN = 'mcp-sentinel-token-7e31b0';
const TIME = '1704067100000000000';
/** Line 2 gives `usage` another type than line 1 did: every product rejects it. */
const CONFLICT = 'cpu,host=a usage=1.5 1704067100000000000\ncpu,host=b usage="high" 1704067100000000001\ncpu,host=c usage=2 1704067100000000002\n';

interface Session {
  readonly client: Client;
  /** Everything the server printed on stderr so far. */
  stderr(): string;
  /** Every response text seen, for the token check. */
  readonly seen: string[];
  close(): Promise<void>;
}

async function connect(args: readonly string[], env: Record<string, string> = {}): Promise<Session> {
  ensureBuilt();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env: { PATH: process.env.PATH ?? '', LP_TEST_TOKEN: TOKEN, ...env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'lp-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, seen: [], close: () => client.close() };
}

async function call(session: Session, name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await session.client.callTool({ name, arguments: args })) as CallToolResult;
  session.seen.push(JSON.stringify(result));
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
  return { text, isError: result.isError === true };
}

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'lp-mcp-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

void describe('lp mcp without --allow-write', () => {
  let session: Session;
  let server: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'oss-v2', bucket: 'b', org: 'o', token: TOKEN, dbrpMapping: false });
    // The connection is given, but not the permission to write.
    session = await connect(['--target', 'oss-v2', '--url', server.url, '--bucket', 'b', '--org', 'o', '--token-env', 'LP_TEST_TOKEN']);
  });
  after(async () => {
    await session.close();
    await server.close();
  });

  void it('lists validate_line_protocol and get_bucket_schema, not write_line_protocol', async () => {
    const { tools } = await session.client.listTools();
    session.seen.push(JSON.stringify(tools));
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_bucket_schema', 'validate_line_protocol']);
    const validate = tools.find((t) => t.name === 'validate_line_protocol');
    assert.deepEqual(Object.keys(validate?.inputSchema.properties ?? {}).sort(), ['precision', 'target', 'text', 'uri']);
    assert.match(validate?.description ?? '', /before anything is written/);
  });

  void it('validates good text: no problems, with the data-line count', async () => {
    const r = await call(session, 'validate_line_protocol', { text: `cpu,host=a usage=1.5 ${TIME}\ncpu,host=b usage=2 ${TIME}\n` });
    assert.equal(r.isError, false);
    assert.equal(r.text, '2 data lines checked against InfluxDB OSS 2.x (target oss-v2, precision ns): no problems.');
  });

  void it('validates bad text: the type conflict on its line, for the target named in the call', async () => {
    const r = await call(session, 'validate_line_protocol', { text: CONFLICT, target: 'cloud-serverless' });
    const lines = r.text.split('\n');
    assert.match(lines[0], /^3 data lines checked against InfluxDB Cloud Serverless .*: 1 error, 0 warnings\./);
    assert.match(lines[1], /^line 2, column 18: error field-type-conflict: Field 'usage' of measurement 'cpu' is string here but float earlier/);
    assert.equal(lines.length, 2);
  });

  void it('validates a file given by uri, and says plainly when it cannot be read', async () => {
    const file = join(dir, 'bad.lp');
    writeFileSync(file, 'cpu usage=1i\ncpu usage=\n');
    const r = await call(session, 'validate_line_protocol', { uri: file });
    assert.match(r.text, new RegExp(`^2 data lines of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} checked against InfluxDB OSS 2.x`));
    assert.match(r.text, /\nline 2, column \d+: error /);
    const missing = await call(session, 'validate_line_protocol', { uri: join(dir, 'missing.lp') });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /cannot read '.*missing\.lp': no such file \(ENOENT\)/);
  });

  void it('reads a file by uri as lp check does: a byte that is not UTF-8 and a byte order mark are reported where they are', async () => {
    const file = join(dir, 'latin1.lp');
    writeFileSync(file, Buffer.concat([Buffer.from('\uFEFFroom,name=caf'), Buffer.from([0xe9]), Buffer.from(' t=1 1704067100000000000\n')]));
    const r = await call(session, 'validate_line_protocol', { uri: pathToFileURL(file).href, target: 'cloud-serverless' });
    const lines = r.text.split('\n');
    assert.match(lines[0], /^1 data line of .*latin1\.lp checked against InfluxDB Cloud Serverless .*: 1 error, 0 warnings, 1 information\./);
    assert.match(lines[1], /^line 1, column 1: information byte-order-mark: /);
    assert.match(lines[2], /^line 1, column 14: error invalid-utf8: /);
  });

  void it('refuses a call with neither text nor uri, and an unknown target', async () => {
    const neither = await call(session, 'validate_line_protocol', {});
    assert.equal(neither.isError, true);
    assert.match(neither.text, /Give either text .* or uri/);
    const unknown = await call(session, 'validate_line_protocol', { text: 'm f=1', target: 'v9' });
    assert.equal(unknown.isError, true);
  });

  void it('get_bucket_schema says why the schema cannot be read where InfluxQL knows no such bucket (no DBRP mapping)', async () => {
    const r = await call(session, 'get_bucket_schema', {});
    assert.equal(r.isError, true);
    // The fake's /query answers as OSS 2.x v2.7.12 does without a mapping: SHOW MEASUREMENTS lists
    // nothing, SHOW TAG KEYS says "default retention policy not set for: b" (test/support/fakeInflux/query.ts).
    assert.match(r.text, /^The stored schema of bucket 'b' \(InfluxDB OSS 2\.x at http:\/\/127\.0\.0\.1:\d+\/?\) could not be read: no DBRP mapping for bucket 'b' \(default retention policy not set for: b\): create one with 'influx v1 dbrp create --db b --rp autogen --bucket-id <bucket id> --default'.* OSS 2\.4 and later map each bucket by its own name unless the name holds a '\/'/);
    // Reading is not writing: the token went to the server's /query only.
    assert.ok(server.requests.every((q) => q.method === 'GET' && q.url.startsWith('/query?')));
  });

  void it('refuses write_line_protocol and sends nothing', async () => {
    let refused: string;
    try {
      const r = await call(session, 'write_line_protocol', { text: CONFLICT });
      assert.equal(r.isError, true);
      refused = r.text;
    } catch (error) {
      refused = String(error);
    }
    assert.match(refused, /write_line_protocol/);
    assert.ok(!server.requests.some((q) => q.method === 'POST'), 'nothing was written');
  });

  void it('never shows the token', () => {
    assert.match(session.stderr(), /no write_line_protocol \(needs --url and --allow-write\)/);
    for (const text of [...session.seen, session.stderr()]) assert.ok(!text.includes(TOKEN), text);
  });
});

void describe('lp mcp --allow-write', () => {
  let session: Session;
  let server: FakeInflux;
  before(async () => {
    server = await startFakeInflux({ product: 'oss-v2', bucket: 'b', org: 'o', token: TOKEN });
    session = await connect(['--target', 'oss-v2', '--url', server.url, '--bucket', 'b', '--org', 'o', '--token-env', 'LP_TEST_TOKEN', '--allow-write']);
  });
  after(async () => {
    await session.close();
    await server.close();
  });

  void it('lists all three tools', async () => {
    const { tools } = await session.client.listTools();
    session.seen.push(JSON.stringify(tools));
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_bucket_schema', 'validate_line_protocol', 'write_line_protocol']);
  });

  void it('writes, and reports the rejected line with the server reason', async () => {
    const r = await call(session, 'write_line_protocol', { text: CONFLICT });
    const lines = r.text.split('\n');
    assert.match(lines[0], /^Wrote 2 of 3 data lines \(InfluxDB OSS 2\.x at http:\/\/127\.0\.0\.1:\d+\/?, bucket 'b'\): 1 rejected, 0 not sent, 0 unconfirmed, in \d+ requests?\.$/);
    assert.match(lines[1], /^rejected line 2: field type conflict: input field "usage" on measurement "cpu" is type string, already exists as type float \(HTTP 422\)$/);
    assert.equal(r.isError, true, 'a line was not written');
    // Lines sent again to find the next rejection are stored once (identical points overwrite).
    assert.deepEqual([...new Set(server.store.lines)].sort(), [CONFLICT.split('\n')[0], CONFLICT.split('\n')[2]]);
    // The token went to the server, in its header, as `lp write` sends it.
    assert.equal(server.requests[0].headers.authorization, `Token ${TOKEN}`);
  });

  void it('writes clean text fully', async () => {
    const r = await call(session, 'write_line_protocol', { text: `mem,host=a used=1i ${TIME}\n` });
    assert.equal(r.isError, false);
    assert.match(r.text, /^Wrote 1 of 1 data line \(.*\): 0 rejected, 0 not sent, 0 unconfirmed, in 1 request\.$/);
  });

  void it('never shows the token', () => {
    assert.match(session.stderr(), /get_bucket_schema \(bucket 'b' at http:\/\/127\.0\.0\.1:\d+\/?\), write_line_protocol over stdio/);
    for (const text of [...session.seen, session.stderr()]) assert.ok(!text.includes(TOKEN), text);
  });
});

void describe('lp mcp against influxd 1.6.7', () => {
  let influx: Influxd | undefined;
  let session: Session | undefined;
  before(async () => {
    if (!influxdAvailable()) return;
    influx = await startInfluxd({ auth: true });
    await influx.query('CREATE DATABASE mcp_db');
    const admin = influx.admin as NonNullable<Influxd['admin']>;
    session = await connect(['--target', 'v1', '--url', influx.url, '--bucket', 'mcp_db', '--username-env', 'LP_TEST_USER', '--password-env', 'LP_TEST_PASSWORD', '--allow-write'], {
      LP_TEST_USER: admin.username,
      LP_TEST_PASSWORD: admin.password,
    });
  });
  after(async () => {
    await session?.close();
    await influx?.stop();
  });

  void it('writes, then get_bucket_schema reads the measurements, tags and field types it stored', async (t) => {
    if (!requirePrerequisite(t, session !== undefined, 'influxd (InfluxDB 1.x)', INFLUXD_FIX) || !session || !influx) return;
    const empty = await call(session, 'get_bucket_schema', {});
    assert.match(empty.text, /^bucket 'mcp_db' \(InfluxDB 1\.x at .*\) stores 0 measurements: it is empty, so any types can be written\.$/);
    const written = await call(session, 'write_line_protocol', { text: CONFLICT });
    assert.match(written.text, /^Wrote 2 of 3 data lines .*: 1 rejected, 0 not sent, 0 unconfirmed, in \d+ requests?\.\nrejected line 2: .*field type conflict.*/);
    const schema = await call(session, 'get_bucket_schema', {});
    assert.equal(schema.isError, false);
    assert.match(schema.text, /^bucket 'mcp_db' \(InfluxDB 1\.x at http:\/\/127\.0\.0\.1:\d+\/?\) stores 1 measurement\.\ncpu: tags host; fields usage \(float\)$/);
    const { password } = influx.admin as NonNullable<Influxd['admin']>;
    for (const text of [...session.seen, session.stderr()]) assert.ok(!text.includes(password), text);
  });
});

void describe('lp mcp usage', () => {
  void it('refuses --allow-write without a connection', async () => {
    const run = await runLp(['mcp', '--allow-write']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^lp mcp: --allow-write needs a connection: give --url, --target and --bucket/);
  });

  void it('lists mcp in lp --help and has its own --help', async () => {
    assert.match((await runLp(['--help'])).stdout, /\n {2}lp mcp \[--url \.\.\. --allow-write\]/);
    const help = await runLp(['mcp', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: lp mcp /);
  });
});
