/**
 * The connection walkthrough's defaults (productChoice.ts, connections.ts): the workspace's target
 * preselected, and the URL suggested for the product picked (1.x and 2.x listen on 8086, InfluxDB 3
 * Core and Enterprise on 8181).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRODUCTS } from '../../core/src/products';
import { defaultUrl } from '../../client/src/connections';
import { chosenTarget, productOrder } from '../../client/src/productChoice';

void describe('the walkthrough\'s product list', () => {
  void it('starts with the product the workspace\'s influxLineProtocol.target names', () => {
    const order = productOrder(chosenTarget({ workspaceValue: 'v1' }));
    assert.equal(order[0], 'v1');
    assert.deepEqual([...order].sort(), [...PRODUCTS].sort());
  });

  void it('takes the folder\'s setting over the workspace\'s, that over the user\'s; ignores a value that names no product', () => {
    assert.equal(chosenTarget({ workspaceFolderValue: 'core', workspaceValue: 'v1', globalValue: 'oss-v2' }), 'core');
    assert.equal(chosenTarget({ globalValue: 'oss-v2' }), 'oss-v2');
    assert.equal(chosenTarget({ workspaceValue: 'influx1' }), undefined);
    assert.equal(chosenTarget(undefined), undefined);
  });

  void it('keeps the usual order when no target is set', () => {
    assert.deepEqual(productOrder(undefined), [...PRODUCTS]);
  });
});

void describe('the walkthrough\'s URL', () => {
  void it('defaults per product', () => {
    assert.equal(defaultUrl('v1'), 'http://localhost:8086');
    assert.equal(defaultUrl('oss-v2'), 'http://localhost:8086');
    assert.equal(defaultUrl('core'), 'http://localhost:8181');
    assert.equal(defaultUrl('enterprise'), 'http://localhost:8181');
    assert.match(defaultUrl('cloud-serverless'), /^https:\/\//);
  });
});
