/**
 * The e2e runs' InfluxDB 3 Core-style server (support/schemaServer.ts) answers as documented:
 * writes set the types, system.influxdb_schema lists tags and typed fields (only the measurements
 * asked for), a wrong token is refused; read through the extension's own reader.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readBucketSchema } from '../../core/src/tools/bucketSchema';
import type { Connection } from '../../core/src/write/types';
import { defaultConnectionLimits } from '../../core/src/write/index';
import { startSchemaServer } from './support/schemaServer';

void test('the schema server stores writes and answers system.influxdb_schema as InfluxDB 3 does', async () => {
  const server = await startSchemaServer({ token: 'apiv3_test', database: 'db' });
  try {
    const write = (body: string): Promise<Response> => fetch(`${server.url}/api/v3/write_lp?db=db`, { method: 'POST', headers: { authorization: 'Bearer apiv3_test' }, body });
    assert.equal((await write('probe,room=kitchen temp=21.5 1700000000000000000\nother,host=a load=1i 1700000000000000000\n')).status, 204);
    // The type the first write set holds: an integer temp is rejected.
    assert.equal((await write('probe,room=hall temp=22i 1700000060000000000\n')).status, 400);
    const connection: Connection = { url: server.url, product: 'core', bucket: 'db', org: undefined, precision: 'ns', ...defaultConnectionLimits('core'), gzip: false, timeoutMs: 5000 };
    const read = await readBucketSchema(connection, { kind: 'token', token: 'apiv3_test' }, fetch, { measurements: ['probe', 'absent'] });
    assert.deepEqual(read, { ok: true, measurements: [{ name: 'probe', tags: ['room'], fields: [{ name: 'temp', types: ['float'] }] }] });
    const refused = await readBucketSchema(connection, { kind: 'token', token: 'wrong' }, fetch, { measurements: ['probe'] });
    assert.equal(refused.ok ? 'read' : refused.failure, 'credentials');
  } finally {
    await server.close();
  }
});
