/**
 * The language server and the stored schema over the real protocol (issue 12): the client sends
 * StoredSchemaNotification (protocol/src/protocol.ts); the server re-checks and re-publishes every
 * open document, forgets the schema on null, and hovers and completion say what is stored.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { StoredSchemaNotification, type StoredSchemaParams } from '../../protocol/src/protocol';
import { applyEdits, brief, TestClient } from '../server/client';

const T = 1700000000000000000n;

function schema(readAtMs: number): StoredSchemaParams {
  return {
    where: "bucket 'sensors'",
    readAtMs,
    measurements: [{ name: 'weather', tags: ['site'], fields: [{ name: 'temp', types: ['float'] }, { name: 'rain', types: ['boolean'] }] }],
  };
}

void describe('the language server applies the stored schema the client sends', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { target: 'cloud-serverless' } });
  });
  after(async () => {
    await client.dispose();
  });

  const a = 'file:///stored/a.lp';
  const b = 'file:///stored/b.lp';
  const textA = `weather,site=x temp=21i ${T}\n`;
  const textB = `weather site=1i ${T}\n`;

  void it('re-checks every open document when a schema arrives, and when it is forgotten', async () => {
    assert.deepEqual(await client.open(a, textA), []);
    assert.deepEqual(await client.open(b, textB), []);
    const nextA = client.nextDiagnostics(a);
    const nextB = client.nextDiagnostics(b);
    await client.connection.sendNotification(StoredSchemaNotification, schema(Date.now() - 2 * 60_000));
    const dA = await nextA;
    assert.deepEqual(dA.map((d) => brief(d).slice(0, 3)), [['stored-field-type', '0:20-0:23', 1]]);
    assert.equal(dA[0].message, "InfluxDB Cloud Serverless stores 'temp' of 'weather' as float in bucket 'sensors': this integer point is rejected. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).");
    assert.deepEqual((await nextB).map((d) => d.code), ['stored-tag-field']);

    // The quick fix writes the value with the stored type.
    const actions = await client.codeActions(a, dA[0].range, dA);
    const fix = actions.find((x) => x.title.startsWith('Write 21i as float'));
    assert.ok(fix?.edit?.changes, JSON.stringify(actions.map((x) => x.title)));
    assert.equal(applyEdits(textA, fix.edit.changes[a]), `weather,site=x temp=21.0 ${T}\n`);

    // A document opened later is checked against it too.
    const c = 'file:///stored/c.lp';
    assert.deepEqual((await client.open(c, `weather rain=1.5 ${T}\n`)).map((d) => d.code), ['stored-field-type']);

    const forgetA = client.nextDiagnostics(a);
    const forgetC = client.nextDiagnostics(c);
    await client.connection.sendNotification(StoredSchemaNotification, null);
    assert.deepEqual(await forgetA, []);
    assert.deepEqual(await forgetC, []);
  });

  void it("names the product that stores the schema (the connection's), when the checks follow another", async () => {
    const next = client.nextDiagnostics(a);
    await client.connection.sendNotification(StoredSchemaNotification, { ...schema(Date.now()), storedBy: 'InfluxDB 3 Core', where: "database 'sensors'" });
    const d = await next;
    assert.equal(d[0].message, "InfluxDB 3 Core stores 'temp' of 'weather' as float in database 'sensors': this integer point is rejected. Write the value as float (drop the i/u suffix, e.g. 1 or 1.0).");
    const forget = client.nextDiagnostics(a);
    await client.connection.sendNotification(StoredSchemaNotification, null);
    assert.deepEqual(await forget, []);
  });

  void it('hovers say the stored type and how old it is; completion offers stored names', async () => {
    const next = client.nextDiagnostics(a);
    await client.connection.sendNotification(StoredSchemaNotification, schema(Date.now() - 2 * 60_000 - 5_000));
    await next;
    const hover = await client.hover(a, { line: 0, character: 16 });
    const text = (hover?.contents as MarkupContent).value;
    assert.match(text, /Stored as float in bucket 'sensors', read 2 minutes ago\./);
    const tagHover = (await client.hover(a, { line: 0, character: 9 }))?.contents as MarkupContent;
    assert.match(tagHover.value, /Stored as a tag in bucket 'sensors', read 2 minutes ago\./);

    const d = 'file:///stored/d.lp';
    await client.open(d, 'weather,');
    const tags = await client.completion(d, { line: 0, character: 8 });
    assert.deepEqual(tags.map((i) => [i.label, i.detail]), [['site', "tag, stored in bucket 'sensors'"]]);
    await client.change(d, 2, [{ text: 'weather ' }]);
    const fields = await client.completion(d, { line: 0, character: 8 });
    assert.deepEqual(fields.map((i) => [i.label, i.detail]).sort(), [['rain', "boolean, stored in bucket 'sensors'"], ['temp', "float, stored in bucket 'sensors'"]]);
    await client.change(d, 3, [{ text: '' }]);
    const measurements = await client.completion(d, { line: 0, character: 0 });
    assert.deepEqual(measurements.map((i) => [i.label, i.detail]), [['weather', "stored in bucket 'sensors'"]]);
  });

  void it('ignores a malformed schema, saying so in the log', async () => {
    await client.connection.sendNotification(StoredSchemaNotification.method, { where: 'x', readAtMs: 1, measurements: [{ name: 3 }] });
    // The next request is answered after the notification was handled (messages are handled in order).
    await client.hover(a, { line: 0, character: 0 });
    assert.ok(client.logs.some((l) => l.includes("Ignored a stored schema the client sent: the stored schema's measurements are not")), client.logs.join('\n'));
  });
});

void describe('the language server and 1.x shard groups', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { target: 'v1', precision: 's' } });
  });
  after(async () => {
    await client.dispose();
  });

  void it('an error only in the shard group that holds another type (byShardGroup), a note elsewhere', async () => {
    // 2023-11-13 (a Monday) starts a 7-day shard group.
    const start = 1699833600n;
    const week = 7n * 86400n;
    const uri = 'file:///stored/v1.lp';
    assert.deepEqual(await client.open(uri, `weather temp=1i ${start + 60n}\nweather temp=2i ${start + week + 60n}\n`), []);
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification(StoredSchemaNotification, {
      where: "database 'db'",
      readAtMs: Date.now(),
      measurements: [{ name: 'weather', tags: [], fields: [{ name: 'temp', types: ['float'], byShardGroup: [{ startNs: String(start * 1_000_000_000n), endNs: String((start + week) * 1_000_000_000n), type: 'float' }] }] }],
    });
    assert.deepEqual((await next).map((d) => [d.range.start.line, d.code]), [
      [0, 'stored-field-type'],
      [1, 'stored-type-other-shard'],
    ]);
  });
});
