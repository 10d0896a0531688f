/** `parseLineProtocol`: a whole text parsed at once, with line/column conversion. */
import type { ParseOptions, ParsedDocument } from '../api';
import { LineIndex } from '../lineIndex';
import type { LineResult, Position } from '../model';
import { parseRegion } from './parseRegion';

export function parseLineProtocol(text: string, options?: ParseOptions): ParsedDocument {
  const table = parseRegion(text, 0, text.length, options);
  let index: LineIndex | undefined;
  return {
    text,
    table,
    count: table.count,
    result: (i: number): LineResult => table.result(i, text, 0),
    physicalLine: (i: number): number => table.physicalLine(i),
    positionAt: (offset: number): Position => {
      index ??= new LineIndex(text);
      return index.positionAt(offset);
    },
  };
}
