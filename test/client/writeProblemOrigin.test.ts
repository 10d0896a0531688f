/**
 * Write problems name the server that answered them and go when the active connection becomes
 * another (writeDiagnostics.ts; the VS Code side is proven in test/e2e/suite/writeProblemOrigin.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConnections } from '../../client/src/connections';
import { messageWithOrigin, originKey, originStillActive, type ProblemOrigin } from '../../client/src/writeDiagnostics';

const { connections } = readConnections([
  { name: 'l2', url: 'http://localhost:8086', target: 'v1', bucket: 'examples' },
  { name: 'core', url: 'http://localhost:8181', target: 'core', bucket: 'examples' },
  { name: 'l2-other', url: 'http://localhost:8086', target: 'v1', bucket: 'other' },
]);
const [l2, core, other] = connections;
const origin: ProblemOrigin = { connection: 'l2', where: "database 'examples'", key: originKey(l2) };

void describe('a write problem\'s origin', () => {
  void it('names the connection and database in the message', () => {
    assert.equal(messageWithOrigin('partial write: field type conflict', origin), "partial write: field type conflict (write to 'l2', database 'examples')");
    assert.equal(messageWithOrigin('x', undefined), 'x');
  });

  void it('is stale once another connection, bucket or URL is active, or none', () => {
    assert.equal(originStillActive(origin, originKey(l2)), true);
    assert.equal(originStillActive(origin, originKey(core)), false);
    assert.equal(originStillActive(origin, originKey(other)), false);
    assert.equal(originStillActive(origin, originKey({ ...l2, url: 'http://db2:8086' })), false);
    assert.equal(originStillActive(origin, undefined), false);
  });
});
