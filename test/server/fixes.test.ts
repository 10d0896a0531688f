/**
 * The quick fixes added for issue #10 over the real protocol: bare words quoted as strings (with
 * the message that says why), the escape fix naming its character, timestamps that look like
 * another precision, the fixes a client runs as commands (end of line, precision), and the note
 * on the problems beyond maxDiagnostics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { FIX_COMMANDS } from '../../protocol/src/protocol';
import { applyEdits, brief, messageOf, TestClient, type Settings } from './client';

const BOOLEANS = 'only t, T, true, True, TRUE, f, F, false, False, FALSE are booleans';

void describe('quick fixes: edits', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(async () => {
    await client.dispose();
  });

  let n = 0;
  /** Opens `text` with `settings`; the first diagnostic of `code`, and the actions offered for it. */
  async function offered(text: string, code: string, settings: Settings = {}): Promise<{ uri: string; d: Diagnostic; actions: CodeAction[] }> {
    client.settings = settings;
    const uri = `file:///fixes/${++n}.lp`;
    const diagnostics = await client.open(uri, text);
    const d = diagnostics.find((x) => x.code === code);
    assert.ok(d, `a ${code} diagnostic in ${JSON.stringify(text)}: ${JSON.stringify(diagnostics.map(brief))}`);
    const actions = await client.codeActions(uri, d.range, [d]);
    await client.close(uri);
    return { uri, d, actions };
  }

  for (const target of ['v1', 'oss-v2'] as const) {
    void test(`${target}: a bare word as a value is an invalid boolean; the message says which words are booleans; quote it`, async () => {
      const text = 'weather,loc=a temperature=warm 1700000000000000000\n';
      const { uri, d, actions } = await offered(text, 'InvalidBoolean', { target });
      assert.equal(brief(d)[1], '0:26-0:30');
      assert.match(messageOf(d), new RegExp(`^invalid boolean\\. 'warm' is not a value\\. An unquoted word is read as a boolean, and ${BOOLEANS}: write a string in double quotes \\("warm"\\)\\.$`));
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Write warm as a string: "warm"'],
      );
      assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), 'weather,loc=a temperature="warm" 1700000000000000000\n');
    });
  }

  for (const target of ['cloud-serverless', 'core'] as const) {
    void test(`${target}: humidity=i has no fields for the InfluxDB 3 parser; the message names the word; quote it`, async () => {
      const text = 'weather humidity=i\n';
      const { uri, d, actions } = await offered(text, 'FieldSetMissing', { target });
      assert.match(messageOf(d), new RegExp(`'i' is not a value\\. An unquoted word is read as a boolean, and ${BOOLEANS}: write a string in double quotes \\("i"\\)\\.`));
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Write i as a string: "i"'],
      );
      assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), 'weather humidity="i"\n');
    });
  }

  void test('several bare words after the error are quoted together; tag values are left alone', async () => {
    const text = 'w,site=north a=1,b=warm,c=cold 1700000000000000000\n';
    const { uri, actions } = await offered(text, 'CannotParseEntireLine', { target: 'core' });
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Write "warm", "cold" as strings'],
    );
    assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), 'w,site=north a=1,b="warm",c="cold" 1700000000000000000\n');
  });

  void test('a boolean spelling is no bare word: no quote fix for t=true', async () => {
    const uri = 'file:///fixes/bool.lp';
    assert.deepEqual(await client.open(uri, 'm t=true,f=F 1700000000000000000\n'), []);
    await client.close(uri);
  });

  void test('a timestamp that looks like seconds under ns: rewrite it in nanoseconds (the precision is a setting: no edit for it)', async () => {
    const text = 'm f=1 1700000000\n';
    const { uri, actions } = await offered(text, 'timestamp-precision');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Write the timestamp in nanoseconds: 1700000000000000000'],
    );
    assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), 'm f=1 1700000000000000000\n');
  });

  void test('a timestamp in ms under ns is rewritten exactly', async () => {
    const text = 'm f=1 1700000000123\n';
    const { uri, actions } = await offered(text, 'timestamp-precision');
    assert.equal(applyEdits(text, actions[0].edit!.changes![uri]), 'm f=1 1700000000123000000\n');
  });

  void test('beyond maxDiagnostics: one information note at the first problem not shown, with the count and lp check', async () => {
    client.settings = { maxDiagnostics: 3 };
    const uri = 'file:///fixes/over%20the%20cap.lp';
    const d = await client.open(uri, 'a\nb\nc\nd\ne\n');
    assert.deepEqual(
      d.map((x) => brief(x)),
      [
        ['ExpectedSpace', '0:1-0:1', 1, d[0].message],
        ['ExpectedSpace', '1:1-1:1', 1, d[1].message],
        ['ExpectedSpace', '2:1-2:1', 1, d[2].message],
        [
          'more-problems',
          '3:1-3:1',
          3,
          '2 more problems are not shown, from here on: the editor shows at most 3 (influxLineProtocol.maxDiagnostics). Run `lp check "over the cap.lp"` to list them all.',
        ],
      ],
    );
    // The default cap, over several chunks of the document.
    const big = 'file:///fixes/big.lp';
    client.settings = {};
    const lines = Array.from({ length: 2500 }, (_, i) => `m${i} f=${i}x`).join('\n');
    const all = await client.open(big, `${lines}\n`);
    assert.equal(all.length, 1001);
    // At the problem of line 1001, the first not shown.
    assert.deepEqual(brief(all[1000]).slice(0, 3), ['more-problems', '1000:12-1000:13', 3]);
    assert.match(messageOf(all[1000]), /^1,500 more problems are not shown, from here on: the editor shows at most 1,000 \(influxLineProtocol\.maxDiagnostics\)\. Run `lp check big\.lp` to list them all\.$/);
    await client.close(big);
    client.settings = { maxDiagnostics: 3 };
    // At the cap exactly: no note.
    const exact = await client.change(uri, 2, [{ text: 'a\nb\nc\n' }]);
    assert.deepEqual(exact.map((x) => x.code), ['ExpectedSpace', 'ExpectedSpace', 'ExpectedSpace']);
    await client.close(uri);
  });
});

void describe('quick fixes: commands, for a client that runs them (the extension)', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ fixCommands: true, resolveCodeActions: true });
  });
  after(async () => {
    await client.dispose();
  });

  void test('CRLF: the quick fix and source.fixAll switch the end of line with a command, no edit', async () => {
    client.settings = {};
    const uri = 'file:///commands/crlf.lp';
    const diagnostics = await client.open(uri, 'm f=1\r\nm f=2\r\n');
    const actions = await client.codeActions(uri, diagnostics[1].range, [diagnostics[1]]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.edit, a.command]),
      [
        [
          'Convert the line endings of the file from CRLF to LF',
          'quickfix',
          undefined,
          { title: 'Convert the line endings of the file from CRLF to LF', command: FIX_COMMANDS.endOfLineLF, arguments: [uri] },
        ],
      ],
    );
    const source = await client.codeActions(uri, diagnostics[0].range, [], ['source.fixAll']);
    assert.deepEqual(
      source.map((a) => [a.title, a.kind, a.edit, a.command?.command, a.command?.arguments]),
      [['Convert every CRLF line ending to LF (2)', 'source.fixAll', undefined, FIX_COMMANDS.endOfLineLF, [uri]]],
    );
    await client.close(uri);
  });

  void test('timestamp precision: set the precision where the client says it is set, or rewrite the timestamp', async () => {
    client.settings = { precision: 'ns', precisionPlace: "connection 'prod'" };
    const uri = 'file:///commands/precision.lp';
    const text = 'm f=1 1700000000\n';
    const [d] = await client.open(uri, text);
    // The message sends the reader to the connection too: its precision is the one that applies.
    assert.match(messageOf(d), /Set the write precision to s \(connection 'prod'\) or write the timestamp in nanoseconds\.$/);
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred, a.command?.command, a.command?.arguments]),
      [
        ["Set the write precision to s (seconds) in connection 'prod'", true, FIX_COMMANDS.setPrecision, [uri, 's']],
        ['Write the timestamp in nanoseconds: 1700000000000000000', false, undefined, undefined],
      ],
    );
    assert.equal(applyEdits(text, actions[1].edit!.changes![uri]), 'm f=1 1700000000000000000\n');
    await client.close(uri);
  });

  void test('timestamp precision: without a place from the client, the precision setting is named', async () => {
    client.settings = {};
    const uri = 'file:///commands/precision-setting.lp';
    const [d] = await client.open(uri, 'm f=1 1700000000\n');
    assert.match(messageOf(d), /Set the write precision to s \(influxLineProtocol\.precision\) or write/);
    const actions = await client.codeActions(uri, d.range, [d]);
    assert.equal(actions[0].title, 'Set the write precision to s (seconds) in the influxLineProtocol.precision setting');
    await client.close(uri);
  });
});
