/** Shared pieces of the write tests: connections to a fake server, the accounting invariant. */
import assert from 'node:assert/strict';
import { splitDataLines } from '../../core/src/index';
import type { Product } from '../../core/src/products';
import { defaultConnectionLimits, type Connection, type WriteReport } from '../../core/src/write/index';

export function connectionTo(url: string, product: Product, extra: Partial<Connection> = {}): Connection {
  return { url, product, bucket: 'bucket', org: 'org', precision: 'ns', ...defaultConnectionLimits(product), gzip: false, ...extra };
}

/** Every data line ends in exactly one state: written, rejected, not sent or unconfirmed, each line once. */
export function assertAccounted(report: WriteReport, text: string): void {
  const dataLines = splitDataLines(text).length;
  assert.equal(report.written + report.rejected.length + report.notSent.length + report.unconfirmed.length, dataLines, 'written + rejected + notSent + unconfirmed = data lines');
  const named = [...report.rejected.map((r) => r.dataLine), ...report.notSent.map((n) => n.dataLine), ...report.unconfirmed.map((u) => u.dataLine)];
  assert.equal(new Set(named).size, named.length, 'no data line is both rejected and not sent, or listed twice');
}

/** A sleep that returns at once and remembers what was asked. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

export async function* pieces(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
