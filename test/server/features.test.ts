/**
 * The server's document lifecycle, settings and editor features over the real protocol:
 * open/change/close, per-resource settings and re-checks, hovers, completion, quick fixes applied
 * to the text, inlay hints and the outline.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { applyEdits, brief, TestClient } from './client';

const T = 1700000000000000000n;

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label).sort();
}

void describe('document lifecycle and settings', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(async () => {
    await client.dispose();
  });

  void test('open, incremental changes, close', async () => {
    client.settings = {};
    const uri = 'file:///life.lp';
    assert.deepEqual(await client.open(uri, `cpu usage=1.5 ${T}\n`), []);
    // Typing an `i` after the value makes it an integer: a conflict with line 1 once a second line exists.
    let d = await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `cpu usage=2 ${T}\n` }]);
    assert.deepEqual(d, []);
    d = await client.change(uri, 3, [{ range: { start: { line: 1, character: 11 }, end: { line: 1, character: 11 } }, text: 'i' }]);
    assert.deepEqual(
      d.map((x) => brief(x).slice(0, 3)),
      [['field-type-conflict', '1:10-1:12', 1]],
    );
    // Several changes in one notification apply in order.
    d = await client.change(uri, 4, [
      { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 12 } }, text: '' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'mem' },
    ]);
    assert.deepEqual(d, []);
    // A full-text change (no range) replaces everything.
    d = await client.change(uri, 5, [{ text: 'bad\n' }]);
    assert.deepEqual(d.map((x) => x.code), ['ExpectedSpace']);
    assert.deepEqual(await client.close(uri), []);
  });

  void test('settings are read per document URI and a change re-checks open documents', async () => {
    const a = 'file:///settings/a.lp';
    const b = 'file:///settings/b.lp';
    client.settings = (uri: string) => (uri === a ? { target: 'v1' } : { target: 'core' });
    const text = 'm f=1 \n';
    assert.deepEqual(await client.open(a, text), []);
    assert.deepEqual((await client.open(b, text)).map((d) => d.code), ['trailing-whitespace']);
    assert.ok(client.configurationRequests.includes(a) && client.configurationRequests.includes(b));
    // Both open documents are re-checked with the new settings.
    const nextB = client.nextDiagnostics(b);
    const dA = await client.changeSettings({ target: 'cloud-dedicated' }, a);
    assert.deepEqual(dA.map((d) => d.code), ['trailing-whitespace']);
    assert.match(String(dA[0].message), /InfluxDB Cloud Dedicated/);
    assert.match(String((await nextB)[0].message), /InfluxDB Cloud Dedicated/);
    // Precision changes move the timestamp checks.
    const dA2 = await client.changeSettings({ precision: 's' }, a);
    assert.deepEqual(dA2.map((d) => d.code), ['trailing-whitespace']);
    await client.close(a);
    await client.close(b);
  });

  void test('precision setting: the same timestamp is fine in seconds and suspicious in nanoseconds', async () => {
    const uri = 'file:///precision.lp';
    client.settings = { precision: 's' };
    assert.deepEqual(await client.open(uri, 'm f=1 1700000000\n'), []);
    const d = await client.changeSettings({ precision: 'ns' }, uri);
    assert.deepEqual(d.map((x) => x.code), ['timestamp-precision']);
    await client.close(uri);
  });
});

void test('diagnostics are debounced per document: quick edits publish once, for the last version', async () => {
  const client = await TestClient.start({ diagnosticsDelay: 250 });
  try {
    const uri = 'file:///debounce.lp';
    assert.deepEqual(await client.open(uri, 'm f=1\n'), []);
    const last = client.nextDiagnostics(uri, 4);
    await client.sendChange(uri, 2, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: 'i' }]);
    await client.sendChange(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'm f=2\n' }]);
    await client.sendChange(uri, 4, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'bad\n' }]);
    assert.deepEqual(
      (await last).map((d) => [d.code, d.range.start.line]),
      [
        ['ExpectedSpace', 1],
        ['field-type-conflict', 2],
      ],
    );
    assert.deepEqual(client.publishedVersions.get(uri), [1, 4]);
  } finally {
    await client.dispose();
  }
});

void test('a client without workspace/configuration pushes its settings', async () => {
  const client = await TestClient.start({ configuration: false, settings: { target: 'v1' } });
  try {
    const uri = 'file:///pushed.lp';
    // Defaults (Cloud Serverless) until settings arrive: trailing whitespace is rejected.
    assert.deepEqual((await client.open(uri, 'm f=1 \n')).map((d) => d.code), ['trailing-whitespace']);
    assert.deepEqual(await client.pushSettings({ target: 'v1' }, uri), []);
    assert.deepEqual(client.configurationRequests, []);
  } finally {
    await client.dispose();
  }
});

void describe('hover', () => {
  let client: TestClient;
  const uri = 'file:///hover.lp';
  const text = [
    'cpu,host=a usage=1.5,msg="a \\"q\\" \\\\ b",n=-3i,u=7u,ok=T 1700000000000000000',
    'cpu,host=b usage=2i 1700000003000000000',
    'cpu,usage=x v=1',
  ].join('\n');
  before(async () => {
    client = await TestClient.start({ settings: { target: 'cloud-serverless' } });
    await client.open(uri, text);
  });
  after(async () => {
    await client.dispose();
  });

  async function hover(line: number, character: number): Promise<[string, string] | null> {
    const h = await client.hover(uri, { line, character });
    if (h === null) return null;
    const r = h.range!;
    return [(h.contents as MarkupContent).value, `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`];
  }

  void test('measurement: points, tag keys, fields with types, time range', async () => {
    assert.deepEqual(await hover(0, 1), [
      [
        '**measurement** `cpu`: 3 points, first on line 1',
        '',
        '- time: 2023-11-14T22:13:20.000000000Z to 2023-11-14T22:13:23.000000000Z',
        '- tag keys (2): `host`, `usage`',
        '- fields (6): `msg` string, `n` integer, `ok` boolean, `u` unsigned integer, `usage` float / integer, `v` float',
      ].join('\n'),
      '0:0-0:3',
    ]);
  });

  void test('tag key, and the tag/field conflict', async () => {
    assert.deepEqual(await hover(0, 5), ['**tag key** `host` of `cpu`: in 2 points, first on line 1', '0:4-0:8']);
    assert.deepEqual(await hover(2, 5), [
      '**tag key** `usage` of `cpu`: in 1 point, first on line 3\n\n**Conflict:** `usage` is also a field (float in 1 point, set first on line 1; integer in 1 point, set first on line 2); InfluxDB Cloud Serverless keeps tags and fields in one set of columns, so whichever comes second is rejected.',
      '2:4-2:9',
    ]);
  });

  void test('field key: its types with the lines that set each', async () => {
    assert.deepEqual(await hover(0, 12), [
      '**field key** `usage` of `cpu`: float / integer, in 2 points, first on line 1\n\n**Conflict:** float in 1 point, set first on line 1; integer in 1 point, set first on line 2. The first type written sets the column; points with another type are rejected.\n\n**Conflict:** `usage` is also a tag of `cpu`.',
      '0:11-0:16',
    ]);
  });

  void test('field values: type and exact decoded value', async () => {
    assert.deepEqual(await hover(0, 18), ['**float** value of `usage`: `1.5`\n\nStored as a 64-bit IEEE-754 float.', '0:17-0:20']);
    assert.deepEqual(await hover(0, 26), ['**string** value of `msg`: `a "q" \\ b` (9 characters, escapes resolved)', '0:25-0:39']);
    assert.deepEqual(await hover(0, 44), ['**integer** value of `n`: `-3`\n\nMust fit a signed 64-bit integer: -9223372036854775808 to 9223372036854775807.', '0:42-0:45']);
    assert.deepEqual(await hover(0, 48), ['**unsigned integer** value of `u`: `7`\n\nMust fit an unsigned 64-bit integer: 0 to 18446744073709551615.', '0:48-0:50']);
    assert.deepEqual(await hover(0, 54), ['**boolean** value of `ok`: `true`', '0:54-0:55']);
  });

  void test('timestamp: the instant under the configured precision', async () => {
    assert.deepEqual(await hover(0, 60), ['**timestamp** 2023-11-14T22:13:20.000000000Z (UTC)\n\n`1700000000000000000` in nanoseconds (write precision `ns`)', '0:56-0:75']);
  });

  void test('no hover on a line that does not parse or between lines', async () => {
    const other = 'file:///hover-bad.lp';
    await client.open(other, 'bad line\n\n');
    assert.equal(await client.hover(other, { line: 0, character: 1 }), null);
    assert.equal(await client.hover(other, { line: 1, character: 0 }), null);
    await client.close(other);
  });
});

void describe('completion, inlay hints, outline', () => {
  let client: TestClient;
  const uri = 'file:///complete.lp';
  const text = ['cpu,host=a,region=eu usage=1.5,ok=true 1700000000000000000', 'mem,host=b free=2i', 'weather\\ station temp=1', ''].join('\n');
  before(async () => {
    client = await TestClient.start({ settings: { precision: 's' } });
    await client.open(uri, text);
  });
  after(async () => {
    await client.dispose();
  });

  async function at(line: string): Promise<CompletionItem[]> {
    // Writes `line` as a new last line, asks at its end, then removes it again.
    const doc = text + line;
    await client.change(uri, 2, [{ text: doc }]);
    const items = await client.completion(uri, { line: 3, character: line.length });
    await client.change(uri, 3, [{ text }]);
    return items;
  }

  void test('measurement names, escaped when inserted', async () => {
    const items = await at('');
    assert.deepEqual(labels(items), ['cpu', 'mem', 'weather station']);
    assert.equal(items.find((i) => i.label === 'weather station')?.textEdit?.newText, 'weather\\ station');
  });

  void test('tag keys, tag values and field keys of that measurement', async () => {
    assert.deepEqual(labels(await at('cpu,')), ['host', 'region']);
    assert.deepEqual(labels(await at('cpu,host=')), ['a']);
    const fields = await at('cpu,host=a ');
    assert.deepEqual(labels(fields), ['ok', 'usage']);
    assert.deepEqual(fields.map((f) => [f.label, f.detail]).sort(), [['ok', 'boolean'], ['usage', 'float']]);
    assert.deepEqual(labels(await at('mem,host=b free=1i,')), ['free']);
  });

  void test('boolean literals for a value, now for a timestamp', async () => {
    assert.deepEqual(labels(await at('cpu ok=')), ['false', 'true']);
    const before = BigInt(Math.floor(Date.now() / 1000));
    const ts = await at('cpu ok=true ');
    const after = BigInt(Math.floor(Date.now() / 1000));
    assert.equal(ts.length, 1);
    const value = BigInt(String(ts[0].label));
    assert.ok(value >= before && value <= after, `now in seconds: ${value}`);
    assert.match(String(ts[0].detail), /^now in seconds \(\d{4}-\d\d-\d\dT/);
  });

  void test('inlay hints show timestamps as date-times, and the setting turns them off', async () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } };
    // Precision s: the raw value is read as seconds (a far-future year).
    const other = 'file:///inlay.lp';
    client.settings = { precision: 'ms' };
    await client.changeSettings({ precision: 'ms' }, uri);
    await client.open(other, 'm f=1 1700000000000\nm f=2\nm f=3 1700000000001\n');
    const hints = await client.inlayHints(other, range);
    assert.deepEqual(
      hints.map((h) => [h.position.line, h.position.character, h.label]),
      [
        [0, 19, '2023-11-14T22:13:20.000000000Z'],
        [2, 19, '2023-11-14T22:13:20.001000000Z'],
      ],
    );
    await client.changeSettings({ precision: 'ms', inlayHints: { timestamps: false } }, other);
    assert.deepEqual(await client.inlayHints(other, range), []);
    await client.close(other);
  });

  void test('a settings change asks the editor to refresh its inlay hints, which then read the new precision (found by hand: a precision fix left the old hints)', async () => {
    const refreshing = await TestClient.start({ inlayHintRefresh: true, settings: { precision: 'ns' } });
    try {
      const doc = 'file:///inlay-refresh.lp';
      const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
      await refreshing.open(doc, 'm f=1 1700000060\n');
      assert.deepEqual((await refreshing.inlayHints(doc, range)).map((h) => h.label), ['1970-01-01T00:00:01.700000060Z']);
      const refreshed = refreshing.nextInlayHintRefresh();
      await refreshing.changeSettings({ precision: 's' }, doc);
      await refreshed;
      assert.deepEqual((await refreshing.inlayHints(doc, range)).map((h) => h.label), ['2023-11-14T22:14:20.000000000Z']);
      assert.equal(refreshing.inlayHintRefreshes, 1);
    } finally {
      await refreshing.dispose();
    }
  });

  void test('document symbols: one per measurement with its tags and fields', async () => {
    const symbols = await client.symbols(uri);
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.children?.map((c) => `${c.name}:${c.detail}`)]),
      [
        ['cpu', '1 point', ['host:tag, 1 point', 'region:tag, 1 point', 'usage:float', 'ok:boolean']],
        ['mem', '1 point', ['host:tag, 1 point', 'free:integer']],
        ['weather station', '1 point', ['temp:float']],
      ],
    );
    assert.deepEqual(symbols[2].selectionRange, { start: { line: 2, character: 0 }, end: { line: 2, character: 16 } });
  });
});

void describe('quick fixes applied to the text', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { target: 'cloud-serverless' } });
  });
  after(async () => {
    await client.dispose();
  });

  async function fixed(text: string, code: string, pick = 0): Promise<{ titles: string[]; result: string }> {
    const uri = `file:///fix/${code}-${pick}.lp`;
    const diagnostics = await client.open(uri, text);
    const d: Diagnostic | undefined = diagnostics.filter((x) => x.code === code)[pick];
    assert.ok(d, `a ${code} diagnostic in ${JSON.stringify(text)}: ${JSON.stringify(diagnostics.map(brief))}`);
    const actions = await client.codeActions(uri, d.range, [d]);
    await client.close(uri);
    assert.ok(actions.length > 0, 'at least one action');
    return { titles: actions.map((a) => a.title), result: applyEdits(text, actions[0].edit!.changes![uri]) };
  }

  /** `text` after the "fix all" (the second action) offered for its first diagnostic. */
  async function fixedAll(name: string, text: string): Promise<string> {
    const uri = `file:///fix/${name}.lp`;
    const diagnostics = await client.open(uri, text);
    const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics.slice(0, 1));
    await client.close(uri);
    return applyEdits(text, actions[1].edit!.changes![uri]);
  }

  void test('make a field type consistent: remove the suffix, add it, or .0', async () => {
    assert.deepEqual(await fixed('m f=1.5\nm f=2i\n', 'field-type-conflict'), { titles: ['Write 2i as float: 2.0'], result: 'm f=1.5\nm f=2.0\n' });
    assert.deepEqual((await fixed('m f=1i\nm f=2.0\n', 'field-type-conflict')).result, 'm f=1i\nm f=2i\n');
    assert.deepEqual((await fixed('m f=1u\nm f=2i\n', 'field-type-conflict')).result, 'm f=1u\nm f=2u\n');
    assert.deepEqual((await fixed('m f="a"\nm f=2i\n', 'field-type-conflict')).result, 'm f="a"\nm f="2i"\n');
  });

  void test('a fractional float has no exact integer form: no fix offered', async () => {
    const uri = 'file:///fix/none.lp';
    const [d] = await client.open(uri, 'm f=1i\nm f=2.5\n');
    assert.deepEqual(await client.codeActions(uri, d.range, [d]), []);
    await client.close(uri);
  });

  void test('convert CRLF to LF: one fix for the whole file (an editor keeps one end of line per document)', async () => {
    const text = 'm f=1\r\nm f=2\r\nm f=3\r\n';
    const one = await fixed(text, 'crlf', 1);
    assert.deepEqual(one.titles, ['Convert the line endings of the file from CRLF to LF']);
    assert.equal(one.result, 'm f=1\nm f=2\nm f=3\n');
  });

  void test('escape an unescaped space or comma: the title names the character and shows it escaped', async () => {
    assert.deepEqual(await fixed('my meas f=1\n', 'FieldSetMissing'), { titles: ['Escape the space with a backslash: my\\ meas f=1'], result: 'my\\ meas f=1\n' });
    assert.deepEqual(await fixed('m,t=a,b f=1\n', 'TagSetMalformedWithContext'), { titles: ['Escape the comma with a backslash: m,t=a\\,b f=1'], result: 'm,t=a\\,b f=1\n' });
  });

  void test('escape: tried when asked for, on the line without its CRLF, and fixed in every line at once', async () => {
    assert.equal((await fixed('my meas f=1\r\n', 'FieldSetMissing')).result, 'my\\ meas f=1\r\n');
    const two = await fixed('my meas f=1\nyour meas f=2\n', 'FieldSetMissing');
    assert.deepEqual(two.titles, ['Escape the space with a backslash: my\\ meas f=1', "Quote or escape on every line with this parse error (FieldSetMissing) (2)"]);
    assert.equal(await fixedAll('escape-all', 'my meas f=1\nyour meas f=2\nm f=1 1.5\n'), 'my\\ meas f=1\nyour\\ meas f=2\nm f=1 1.5\n');
  });

  void test('bare words: the fix-all quotes every one (found by hand: it offered a fix-all that changed nothing)', async () => {
    const resolving = await TestClient.start({ resolveCodeActions: true });
    try {
      const uri = 'file:///fix/bare-words.lp';
      const text = 'm temperature=warm 1\nm humidity=i 2\nm raining=yes 3\n';
      const diagnostics = await resolving.open(uri, text);
      const actions = await resolving.codeActions(uri, diagnostics[0].range, diagnostics.slice(0, 1));
      const all = actions.find((a) => a.title.startsWith('Quote or escape on every line'));
      assert.ok(all, JSON.stringify(actions.map((a) => a.title)));
      const resolved = await resolving.resolveCodeAction(all);
      assert.equal(applyEdits(text, resolved.edit!.changes![uri]), 'm temperature="warm" 1\nm humidity="i" 2\nm raining="yes" 3\n');
    } finally {
      await resolving.dispose();
    }
  });

  void test('escape: a client that resolves code actions gets the fix-all without its edit, worked out on resolve', async () => {
    const resolving = await TestClient.start({ resolveCodeActions: true });
    try {
      const uri = 'file:///fix/escape-resolve.lp';
      const text = 'my meas f=1\nyour meas f=2\nm f=1 1.5\n';
      const diagnostics = await resolving.open(uri, text);
      const [one, all] = await resolving.codeActions(uri, diagnostics[0].range, diagnostics.slice(0, 1));
      assert.equal(applyEdits(text, one.edit!.changes![uri]), 'my\\ meas f=1\nyour meas f=2\nm f=1 1.5\n');
      assert.deepEqual([all.title, all.edit], ['Quote or escape on every line with this parse error (FieldSetMissing)', undefined]);
      const resolved = await resolving.resolveCodeAction(all);
      assert.equal(applyEdits(text, resolved.edit!.changes![uri]), 'my\\ meas f=1\nyour\\ meas f=2\nm f=1 1.5\n');
      // Fixes found without trial keep their edit: a CRLF fix needs no resolve.
      const crlf = 'm f=1\r\nm f=2\r\n';
      const crlfUri = 'file:///fix/crlf-resolve.lp';
      const ds = await resolving.open(crlfUri, crlf);
      const actions = await resolving.codeActions(crlfUri, ds[0].range, ds.slice(0, 1));
      assert.equal(applyEdits(crlf, actions[0].edit!.changes![crlfUri]), 'm f=1\nm f=2\n');
    } finally {
      await resolving.dispose();
    }
  });

  void test('escape: no action when no escaped space or comma makes the line parse', async () => {
    const uri = 'file:///fix/escape-none.lp';
    const [d] = await client.open(uri, 'm f=1 1.5\n');
    assert.equal(d.code, 'CannotParseEntireLine');
    assert.deepEqual(await client.codeActions(uri, d.range, [d]), []);
    await client.close(uri);
  });

  void test('remove a duplicate field, and trailing whitespace', async () => {
    // The earlier occurrence goes: 1.x and 2.x keep the last value (the point stays as the server stores it).
    assert.equal((await fixed('m f=1,g=2,f=3\n', 'duplicate-field')).result, 'm g=2,f=3\n');
    assert.equal((await fixed('m f=1  \n', 'trailing-whitespace')).result, 'm f=1\n');
  });

  void test('source.fixAll removes every duplicate field in the file', async () => {
    const uri = 'file:///fix/source.lp';
    const text = 'm f=1,f=2\nm g=1,g=2,g=3\n';
    await client.open(uri, text);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    const dup = actions.find((a) => a.title.startsWith('Remove every duplicate field'));
    assert.ok(dup);
    assert.equal(applyEdits(text, dup.edit!.changes![uri]), 'm f=2\nm g=3\n');
    await client.close(uri);
  });
});
