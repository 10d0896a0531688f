/**
 * The analysis of an opened document. A large one is cut in two at a data-line boundary: the
 * analysis worker checks the tail while this thread checks the head, and the two are joined into
 * exactly the analysis of one pass (core/src/analysis/parts.ts). Anything that goes wrong on the
 * way (the worker fails, or the cut falls inside a quoted string) falls back to one pass here.
 */
import { currentTimeNs, DocumentAnalysis, partCut, type CheckerSettings, type StoredSchema } from '../../core/src/analysis';
import type { AnalysisWorker } from './analysisWorker';
import { describeError, type Logger } from './runner';

/**
 * Below this many characters (2 MiB of text, a few tens of milliseconds of checks) one pass is
 * about as quick as posting half the text to the worker and back.
 */
export const PARALLEL_OPEN_MIN_CHARS = 2 * 1024 * 1024;

export interface ParallelOpen {
  readonly worker: AnalysisWorker;
  readonly minChars: number;
  /** Where a failing worker is reported. */
  readonly log: Logger;
}

/**
 * `stored`: the stored schema to check against. The worker's part knows none, so the joined
 * analysis is then checked against it once more here (the parts are still checked at once).
 */
export async function analyzeOpened(text: string, settings: CheckerSettings, parallel: ParallelOpen | undefined, stored?: StoredSchema): Promise<DocumentAnalysis> {
  const a = await analyzeText(text, settings, parallel, stored);
  // A no-op unless the parts were joined.
  a.setStored(stored);
  return a;
}

async function analyzeText(text: string, settings: CheckerSettings, parallel: ParallelOpen | undefined, stored: StoredSchema | undefined): Promise<DocumentAnalysis> {
  const at = parallel !== undefined && text.length >= parallel.minChars ? partCut(text) : undefined;
  if (parallel === undefined || at === undefined) return new DocumentAnalysis(text, settings, { stored });
  const nowNs = currentTimeNs();
  const tail = text.slice(at);
  // Posting copies the tail for the worker now; the head is checked while the worker checks it.
  const pending = parallel.worker.analyze(tail, settings, nowNs);
  const head = new DocumentAnalysis(text.slice(0, at), settings, { firstNowNs: nowNs });
  try {
    if (head.appendPart(tail, await pending)) {
      // The joined chunks read the didOpen text until they get texts of their own: a turn later,
      // once the caller has published the diagnostics.
      setImmediate(() => head.detachTexts());
      return head;
    }
  } catch (error) {
    parallel.log.error(`The analysis worker failed; checking the document on the server's thread instead: ${describeError(error)}`);
  }
  return new DocumentAnalysis(text, settings, { stored });
}
