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
  const open = new Set(['file:///a.lp', 'file:///b.lp', 'file:///notes.md']);
  const lp = (uri: string) => uri.endsWith('.lp');
  const activeLp = { uri: 'file:///a.lp', selection, isLineProtocol: true };
  const output = { uri: 'output:extension-output-lp-tools.influxdb-line-protocol-%231-InfluxDB%20Line%20Protocol', selection: empty, isLineProtocol: false };
  const facts = (argument: string | undefined, fromExplorer: boolean, active: typeof activeLp | undefined = activeLp) => ({ argument, fromExplorer, activeEditor: active, isOpen: (u: string) => open.has(u), isLineProtocol: lp });

  void it('writes the selected lines of the active editor from the palette, editor title or context menu', () => {
    assert.deepEqual(chooseSource(facts(undefined, false)), { kind: 'editor', uri: 'file:///a.lp', lines: { first: 2, last: 4 } });
    assert.deepEqual(chooseSource(facts('file:///a.lp', false)), { kind: 'editor', uri: 'file:///a.lp', lines: { first: 2, last: 4 } });
    assert.deepEqual(chooseSource(facts(undefined, false, { ...activeLp, selection: empty })), { kind: 'editor', uri: 'file:///a.lp', lines: undefined });
  });

  void it('writes an untitled document in the line protocol language', () => {
    assert.deepEqual(chooseSource(facts(undefined, false, { uri: 'untitled:Untitled-1', selection: empty, isLineProtocol: true })), { kind: 'editor', uri: 'untitled:Untitled-1', lines: undefined });
  });

  void it('writes the whole file from the Explorer, as shown when open, else from disk', () => {
    assert.deepEqual(chooseSource(facts('file:///a.lp', true)), { kind: 'document', uri: 'file:///a.lp' });
    assert.deepEqual(chooseSource(facts('file:///b.lp', false)), { kind: 'document', uri: 'file:///b.lp' });
    assert.deepEqual(chooseSource(facts('file:///big.lp', true)), { kind: 'file', uri: 'file:///big.lp' });
  });

  void it('never writes the Output panel or another language: the line protocol editor active last, else a choice, else nothing', () => {
    // The bug: "Show Output" then "Write to Bucket" wrote the extension's own log.
    const last = { uri: 'file:///b.lp', selection: empty, isLineProtocol: true };
    assert.deepEqual(chooseSource({ ...facts(undefined, false, output), lastLineProtocolEditor: last }), { kind: 'editor', uri: 'file:///b.lp', lines: undefined });
    assert.deepEqual(chooseSource({ ...facts(undefined, false, output), lastLineProtocolEditor: { ...last, selection } }), { kind: 'editor', uri: 'file:///b.lp', lines: { first: 2, last: 4 } });
    const markdown = { uri: 'file:///notes.md', selection, isLineProtocol: false };
    assert.deepEqual(chooseSource({ ...facts(undefined, false, markdown), openLineProtocol: ['file:///a.lp', 'file:///b.lp'] }), { kind: 'pick', uris: ['file:///a.lp', 'file:///b.lp'] });
    assert.deepEqual(chooseSource({ ...facts(undefined, false), activeEditor: undefined, openLineProtocol: ['file:///a.lp'] }), { kind: 'pick', uris: ['file:///a.lp'] });
    assert.deepEqual(chooseSource({ ...facts(undefined, false, output), openLineProtocol: [] }), { kind: 'none' });
  });

  void it('refuses an open document given by URI when it is not line protocol', () => {
    assert.deepEqual(chooseSource(facts('file:///notes.md', false)), { kind: 'notLineProtocol', uri: 'file:///notes.md' });
    assert.deepEqual(chooseSource(facts(output.uri, false, output)), { kind: 'notLineProtocol', uri: output.uri });
  });

  void it('has nothing to write without a file', () => {
    assert.deepEqual(chooseSource({ argument: undefined, fromExplorer: false, activeEditor: undefined, isOpen: () => false }), { kind: 'none' });
  });
});
