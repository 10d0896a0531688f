/**
 * Batches many small writes (one per line of output) into few large ones, and lets the producer
 * wait for a slow consumer between batches, so output of any size never piles up in memory.
 */
import type { TextSink } from './io';

const FLUSH_AT_CHARS = 64 * 1024;

export class BufferedWriter {
  private parts: string[] = [];
  private size = 0;
  private pending: Promise<void> | undefined;

  constructor(private readonly sink: TextSink) {}

  /** Cheap and synchronous: call it for every line; call `drain()` now and then to honour backpressure. */
  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT_CHARS) this.flushNow();
  }

  /** Waits until the consumer has taken what was written so far (flushing it first). */
  async drain(): Promise<void> {
    this.flushNow();
    while (this.pending) {
      const waiting = this.pending;
      this.pending = undefined;
      await waiting;
    }
  }

  private flushNow(): void {
    if (this.size === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    const result = this.sink.write(text);
    if (result) this.pending = this.pending ? Promise.all([this.pending, result]).then(() => undefined) : result;
  }
}
