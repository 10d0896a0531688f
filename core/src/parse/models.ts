/** Placeholder until the `models` (1.x/2.x) parser lands: parses like v3. */
import type { ParserTarget } from '../model';
import type { TableBuilder } from './builder';
import { parseLineV3 } from './v3';

export function parseLineModels(s: string, ls: number, le: number, rb: number, b: TableBuilder, target: ParserTarget): number {
  void target;
  return parseLineV3(s, ls, le, rb, b, Number.MAX_SAFE_INTEGER);
}
