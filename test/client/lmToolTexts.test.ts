/** The write tool's confirmation (client/src/lmToolTexts.ts): it names the line count, bucket and connection. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { readConnections } from '../../client/src/connections';
import { writeConfirmation } from '../../client/src/lmToolTexts';

const [prod] = readConnections([{ name: 'prod_eu', url: 'https://eu-central-1-1.aws.cloud2.influxdata.com', target: 'cloud-serverless', bucket: 'sensors', org: 'o' }]).connections;

void it('asks to write N data lines (comments and blank lines not counted) to the bucket of the connection', () => {
  const asked = writeConfirmation(prod, '# a comment\ncpu usage=1 1\n\ncpu usage=2 2\n', undefined);
  assert.equal(asked.title, 'Write line protocol to InfluxDB?');
  assert.equal(asked.invocationMessage, "Writing 2 data lines to bucket 'sensors' of connection 'prod_eu' (InfluxDB Cloud Serverless, https://eu-central-1-1.aws.cloud2.influxdata.com/)");
  assert.equal(
    asked.message,
    'Write **2 data lines** to bucket **sensors** of connection **prod\\_eu** (InfluxDB Cloud Serverless, https://eu\\-central\\-1\\-1\\.aws\\.cloud2\\.influxdata\\.com/)? The server keeps every point it accepts.',
  );
});

void it('names the file and counts one line', () => {
  const asked = writeConfirmation(prod, 'cpu usage=1 1', 'data/today.lp');
  assert.match(asked.invocationMessage, /^Writing 1 data line of data\/today\.lp to bucket 'sensors'/);
  assert.match(asked.message, /^Write \*\*1 data line\*\* of data\/today\\\.lp to bucket/);
});
