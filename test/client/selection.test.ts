import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseSource, selectedLines } from '../../client/src/selection';

void describe('selectedLines', () => {
  const at = (line: number, character: number) => ({ line, character });
  void it('writes the whole document for an empty selection', () => {
    assert.equal(selectedLines({ start: at(2, 3), end: at(2, 3), isEmpty: true }), undefined);
  });
  void it('takes the whole lines a selection touches, not the line it ends at the start of', () => {
    assert.deepEqual(selectedLines({ start: at(1, 3), end: at(3, 2), isEmpty: false }), { first: 1, last: 3 });
    assert.deepEqual(selectedLines({ start: at(1, 0), end: at(3, 0), isEmpty: false }), { first: 1, last: 2 });
    assert.deepEqual(selectedLines({ start: at(1, 2), end: at(1, 4), isEmpty: false }), { first: 1, last: 1 });
  });
});

void describe('chooseSource', () => {
  const at = (line: number, character: number) => ({ line, character });
  const selection = { start: at(2, 0), end: at(4, 3), isEmpty: false };
  const empty = { start: at(0, 0), end: at(0, 0), isEmpty: true };
  const open = new Set(['file:///a.lp', 'file:///b.lp']);
  const facts = (argument: string | undefined, fromExplorer: boolean, active = { uri: 'file:///a.lp', selection }) => ({ argument, fromExplorer, activeEditor: active, isOpen: (u: string) => open.has(u) });

  void it('writes the selected lines of the active editor from the palette, editor title or context menu', () => {
    assert.deepEqual(chooseSource(facts(undefined, false)), { kind: 'editor', uri: 'file:///a.lp', lines: { first: 2, last: 4 } });
    assert.deepEqual(chooseSource(facts('file:///a.lp', false)), { kind: 'editor', uri: 'file:///a.lp', lines: { first: 2, last: 4 } });
    assert.deepEqual(chooseSource(facts(undefined, false, { uri: 'file:///a.lp', selection: empty })), { kind: 'editor', uri: 'file:///a.lp', lines: undefined });
  });

  void it('writes the whole file from the Explorer, as shown when open, else from disk', () => {
    assert.deepEqual(chooseSource(facts('file:///a.lp', true)), { kind: 'document', uri: 'file:///a.lp' });
    assert.deepEqual(chooseSource(facts('file:///b.lp', false)), { kind: 'document', uri: 'file:///b.lp' });
    assert.deepEqual(chooseSource(facts('file:///big.lp', true)), { kind: 'file', uri: 'file:///big.lp' });
  });

  void it('has nothing to write without a file', () => {
    assert.deepEqual(chooseSource({ argument: undefined, fromExplorer: false, activeEditor: undefined, isOpen: () => false }), { kind: 'none' });
  });
});
