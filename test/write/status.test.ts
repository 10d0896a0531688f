/** The writer's table from an answer's status (and whether it is a per-line answer) to an action. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionFor, type StatusAction } from '../../core/src/write/status';

void describe('actionFor', () => {
  const never = (): boolean => assert.fail('asked whether an answer other than 403/429 is per line');
  const notPerLine = (): boolean => false;
  const table: [number, string, StatusAction][] = [
    [204, '', 'written'],
    [200, '  \n', 'written'],
    [200, '{"error":"partial write"}', 'judge'],
    [400, '', 'judge'],
    [422, '{}', 'judge'],
    [401, '', 'reauthorize'],
    [404, '', 'stop'],
    [413, '', 'split'],
    [429, '', 'retry'],
    [503, '', 'retry'],
    [500, '', 'maybeStored'],
    [502, '', 'maybeStored'],
    [504, '', 'maybeStored'],
    [301, '', 'stop'],
    [418, '', 'stop'],
  ];
  for (const [status, body, action] of table) {
    const perLine = status === 403 || status === 429 ? notPerLine : never;
    void it(`${status} ${JSON.stringify(body)} → ${action}`, () => assert.equal(actionFor(status, body, perLine), action));
  }

  void it('judges a 403 only when it is a per-line answer (IOx retention), else stops', () => {
    assert.equal(actionFor(403, '{}', () => true), 'judge');
    assert.equal(actionFor(403, '{}', () => false), 'stop');
  });

  void it('judges a 429 only when it is a per-line answer (an IOx service limit), else retries', () => {
    assert.equal(actionFor(429, '{}', () => true), 'judge');
    assert.equal(actionFor(429, '{}', () => false), 'retry');
  });
});
