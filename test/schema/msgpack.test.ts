/** The MessagePack reader of the 1.x shard-group queries (core/src/tools/msgpack.ts), on bytes influxd 1.6.7 sent. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeMsgpack, MsgFloat } from '../../core/src/tools/msgpack';

void it('keeps a float and an integer apart, as influxd 1.6.7 answered SELECT "f" … LIMIT 1', () => {
  // {"results":[{"statement_id":0,"series":[{"name":"a","columns":["time","f"],"values":[[<time ext>, 1.5]]}]}]}
  const float = Buffer.from('81a7726573756c74739182ac73746174656d656e745f696400a67365726965739183a46e616d65a161a7636f6c756d6e7392a474696d65a166a676616c7565739192c70c0500000000001e848000000000cb3ff8000000000000', 'hex');
  const integer = Buffer.from('81a7726573756c74739182ac73746174656d656e745f696400a67365726965739183a46e616d65a161a7636f6c756d6e7392a474696d65a166a676616c7565739192c70c0500000000000f42400000000001', 'hex');
  const valueOf = (bytes: Uint8Array) => {
    const root = decodeMsgpack(bytes) as Map<string, unknown>;
    const result = (root.get('results') as Map<string, unknown>[])[0];
    assert.equal(result.get('statement_id'), 0n);
    const series = (result.get('series') as Map<string, unknown>[])[0];
    assert.deepEqual(series.get('columns'), ['time', 'f']);
    return (series.get('values') as unknown[][])[0][1];
  };
  assert.deepEqual(valueOf(float), new MsgFloat(1.5));
  assert.equal(valueOf(integer), 1n);
  assert.throws(() => decodeMsgpack(Buffer.from('92', 'hex')), /truncated/);
});
