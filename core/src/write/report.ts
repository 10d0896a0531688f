/**
 * Accumulates every line's final state; the counts always add up to the data lines seen. Every
 * text goes through `scrub` on its way in (credentials never reach a report).
 */
import { endLineOf, WireBatch, type Batch } from './batch';
import type { NotSent, Progress, Rejection, Unconfirmed, WriteFailure, WriteReport } from './types';

/** Every line of a batch, with one reason for all (a batch not sent, or sent with no readable answer). */
function eachLine(batch: Batch, reason: string): NotSent[] {
  if (!(batch instanceof WireBatch)) return batch.lines.map((line, i) => ({ line, endLine: endLineOf(batch, i), dataLine: batch.dataLines[i], reason }));
  const out: NotSent[] = new Array<NotSent>(batch.size);
  for (let i = 0; i < batch.size; i++) out[i] = { line: batch.firstLines[i], endLine: batch.lastLines[i], dataLine: batch.dataLineNumbers[i], reason };
  return out;
}

export class ReportBuilder {
  private writtenCount = 0;
  private readonly rejections: Rejection[] = [];
  private readonly unsent: NotSent[] = [];
  private readonly unknown: Unconfirmed[] = [];
  private readonly warnings: string[] = [];
  private failure: WriteFailure | undefined;

  constructor(
    private readonly total: number | undefined,
    private readonly onProgress: ((progress: Progress) => void) | undefined,
    private readonly scrub: (text: string) => string = (text) => text,
  ) {}

  written(count: number): void {
    this.writtenCount += count;
  }

  rejected(batch: Batch, reasons: ReadonlyMap<number, string>, status: number): void {
    for (const index of [...reasons.keys()].sort((a, b) => a - b)) {
      this.rejections.push({ line: batch.lines[index], endLine: endLineOf(batch, index), dataLine: batch.dataLines[index], message: this.scrub(reasons.get(index) as string), status });
    }
  }

  notSent(batch: Batch, why: string): void {
    this.unsent.push(...eachLine(batch, this.scrub(why)));
  }

  /** Every reason starts "unconfirmed:", so that a line's state reads from its reason alone. */
  unconfirmed(batch: Batch, why: string): void {
    const reason = /^unconfirmed\b/.test(why) ? why : `unconfirmed: ${why}`;
    this.unknown.push(...eachLine(batch, this.scrub(reason)));
  }

  warn(text: string): void {
    const warning = this.scrub(text);
    if (!this.warnings.includes(warning)) this.warnings.push(warning);
  }

  fail(failure: WriteFailure): void {
    this.failure ??= { ...failure, message: this.scrub(failure.message) };
  }

  get done(): number {
    return this.writtenCount + this.rejections.length + this.unsent.length + this.unknown.length;
  }

  progress(requests: number): void {
    this.onProgress?.({ linesDone: this.done, linesTotal: this.total, requests });
  }

  finish(requests: number): WriteReport {
    const byLine = (a: { dataLine: number }, b: { dataLine: number }): number => a.dataLine - b.dataLine;
    this.rejections.sort(byLine);
    this.unsent.sort(byLine);
    this.unknown.sort(byLine);
    this.progress(requests);
    const report: WriteReport = { requests, written: this.writtenCount, rejected: this.rejections, notSent: this.unsent, unconfirmed: this.unknown, warnings: this.warnings };
    return this.failure ? { ...report, failure: this.failure } : report;
  }
}
