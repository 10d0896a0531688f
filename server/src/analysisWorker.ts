/**
 * A worker thread that analyses the tail of a large document while the server's own thread
 * analyses the head (see core/src/analysis/parts.ts): on the 50 MB document VS Code may pass, the
 * first diagnostics come sooner. The worker runs the same bundle as the server (`dist/server.js`
 * started as a worker). It is started by the first large document, not with the server: an idle
 * worker holds about 17 MB, which users of small files should not pay for; that first document
 * waits about 0.15 s for it to load. It is kept for the next ones while they come, and stopped
 * after a minute without work, which gives its memory back; if it fails, documents are analysed on
 * the server's thread as before, and the next large document starts a new worker.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, Worker } from 'node:worker_threads';
import { analyzePart, partBuffers, type CheckerSettings, type PartAnalysis } from '../../core/src/analysis';
import { PROFILES } from '../../core/src/products';
import { describeError } from './runner';

/** `workerData.role` of the analysis worker, so that the bundle knows what to run. */
export const ANALYSIS_WORKER_ROLE = 'influx-lp-analysis';

interface AnalyzeMessage {
  readonly id: number;
  readonly kind: 'analyze';
  readonly text: string;
  readonly settings: CheckerSettings;
  readonly nowNs: bigint;
}

interface MemoryMessage {
  readonly id: number;
  readonly kind: 'memory';
}

type Reply = { readonly id: number; readonly region?: PartAnalysis; readonly heapUsed?: number; readonly error?: string };

/** The worker thread's side: answers each message in turn. */
export function runAnalysisWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error('runAnalysisWorker must run in a worker thread.');
  port.on('message', (m: AnalyzeMessage | MemoryMessage) => {
    try {
      if (m.kind === 'memory') {
        (globalThis as { gc?: () => void }).gc?.();
        port.postMessage({ id: m.id, heapUsed: getHeapStatistics().used_heap_size } satisfies Reply);
        return;
      }
      // The profile is data of this bundle: take it by its name rather than a clone of another thread's.
      const settings: CheckerSettings = { ...m.settings, profile: PROFILES[m.settings.product] };
      const region = analyzePart(m.text, settings, m.nowNs);
      port.postMessage({ id: m.id, region } satisfies Reply, partBuffers(region));
    } catch (error) {
      port.postMessage({ id: m.id, error: describeError(error) } satisfies Reply);
    }
  });
}

/**
 * How long an idle worker is kept. After checking half of a 50 MB document its heap is small again,
 * but the memory it took stays with the process until the thread ends; the next large document
 * starts a new one.
 */
export const ANALYSIS_WORKER_IDLE_MS = 60_000;

/** The server's side: one worker, started when first needed and stopped when idle. */
export class AnalysisWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  /** Requests awaiting a reply, with the worker they were sent to (a stopped worker fails only its own). */
  private readonly pending = new Map<number, { readonly worker: Worker; resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private idle: ReturnType<typeof setTimeout> | undefined;
  /** How many worker threads were started so far (for the memory report). */
  starts = 0;

  /** `script`: the bundle to start as the worker (the server's own, `dist/server.js`). */
  constructor(
    private readonly script: string,
    private readonly idleMs = ANALYSIS_WORKER_IDLE_MS,
  ) {}

  /** Analyses `text`, the tail of a document cut at a data-line boundary, with the head's settings and time. */
  async analyze(text: string, settings: CheckerSettings, nowNs: bigint): Promise<PartAnalysis> {
    const reply = await this.send({ kind: 'analyze', text, settings, nowNs });
    if (reply.region === undefined) throw new Error(reply.error ?? 'the analysis worker sent no result');
    return reply.region;
  }

  /** The worker's heap after a collection (undefined when it is not running). */
  async heapUsed(): Promise<number | undefined> {
    if (this.worker === undefined) return undefined;
    return (await this.send({ kind: 'memory' })).heapUsed;
  }

  dispose(): void {
    if (this.idle !== undefined) clearTimeout(this.idle);
    this.idle = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private send(message: Omit<AnalyzeMessage, 'id'> | Omit<MemoryMessage, 'id'>): Promise<Reply> {
    // Only analyses count as work: asking for the memory must not keep the worker alive.
    if (message.kind === 'analyze' && this.idle !== undefined) {
      clearTimeout(this.idle);
      this.idle = undefined;
    }
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  private running(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.script, { workerData: { role: ANALYSIS_WORKER_ROLE } });
    this.starts++;
    // An idle worker must not keep the server alive after the client has gone.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
      if (reply.heapUsed === undefined && this.pending.size === 0 && this.worker === worker) {
        this.idle = setTimeout(() => this.dispose(), this.idleMs);
        this.idle.unref();
      }
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, p] of this.pending) {
        if (p.worker !== worker) continue;
        this.pending.delete(id);
        p.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the analysis worker exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
