/** The shipped examples (examples/*.lp) copied into a fresh e2e workspace, under `examples/`. */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/e2e/packageVsix';

export function copyExamples(workspace: string): void {
  const from = join(ROOT, 'examples');
  mkdirSync(join(workspace, 'examples'), { recursive: true });
  // Copied byte for byte: crlf.lp keeps its CRLF line endings.
  for (const name of readdirSync(from).filter((n) => n.endsWith('.lp'))) cpSync(join(from, name), join(workspace, 'examples', name));
}
