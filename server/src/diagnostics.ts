/**
 * The life of an open document's diagnostics in one place: each open, edit and settings change is
 * applied in order on the document's analysis (a change that throws rebuilds the analysis from the
 * text, so one bad edit does not leave the document failing every later request), then checked
 * and published after a delay that follows the cost of the last check (cheap: at once), one timer
 * per document, cleared on close.
 */
import type { Connection, Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DocumentAnalysis, type CheckerSettings, type StoredSchema } from '../../core/src/analysis';
import { byteOrderMarkDiagnostics } from './byteOrderMark';
import { hiddenNote, toDiagnostic } from './convert';
import type { Documents, OpenDocument } from './documents';
import { DEFAULT_DIAGNOSTICS_DELAY } from '../../protocol/src/protocol';
import { describeError, type Logger } from './runner';

/** The clock and timers the debounce uses: injected by tests, which never wait on the real clock. */
export interface DiagnosticsRuntime {
  /** Milliseconds, to measure what a check cost. */
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemRuntime: DiagnosticsRuntime = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A check that took at most this long is published at once after an edit: waiting would only
 * delay the answer. A costlier one waits DEFAULT_DIAGNOSTICS_DELAY, so that quick typing in a
 * large document is checked once, for the last edit.
 */
export const CHEAP_CHECK_MS = 10;

/** The delay before publishing after an edit, from the cost of the document's last check. */
export function adaptiveDelay(lastCostMs: number | undefined): number {
  return lastCostMs !== undefined && lastCostMs <= CHEAP_CHECK_MS ? 0 : DEFAULT_DIAGNOSTICS_DELAY;
}

/** Settings compare themselves field by field (every field, so a new one needs no listing here). */
export function sameSettings(a: CheckerSettings, b: CheckerSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof CheckerSettings)[]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The text after `[from, to)` of a text of `length` characters was replaced by `insert`, read from
 * an analysis whose change threw: before its text was replaced (parsing the new chunks failed) or
 * after (re-checking failed). If its text reads as replaced, it is (were it not, the replaced
 * range would equal `insert` and both texts would be the same).
 */
function textAfter(a: DocumentAnalysis, from: number, to: number, length: number, insert: string): string {
  const replaced = a.length === length - (to - from) + insert.length && a.slice(from, from + insert.length) === insert;
  return replaced ? a.getText() : a.slice(0, from) + insert + a.slice(to, length);
}

/** Applies an edit's changes in order; a change that throws is reported and the analysis rebuilt from the text. */
export function applyChanges(analysis: DocumentAnalysis, changes: readonly TextDocumentContentChangeEvent[], onFailure: (error: unknown) => void): DocumentAnalysis {
  let a = analysis;
  for (const c of changes) {
    const range = 'range' in c ? c.range : undefined;
    const from = range === undefined ? 0 : a.offsetAt(range.start);
    const to = range === undefined ? a.length : Math.max(from, a.offsetAt(range.end));
    const length = a.length;
    try {
      a.applyChange(range, c.text);
    } catch (error) {
      onFailure(error);
      a = new DocumentAnalysis(range === undefined ? c.text : textAfter(a, from, to, length, c.text), a.settings, { stored: a.stored });
    }
  }
  return a;
}

/** Applies new settings (or re-checks with a fresh clock when they are the same); rebuilt from the text if that throws. */
export function applySettings(a: DocumentAnalysis, settings: CheckerSettings, onFailure: (error: unknown) => void): DocumentAnalysis {
  try {
    if (!sameSettings(settings, a.settings)) a.setSettings(settings);
    else a.refresh();
    return a;
  } catch (error) {
    onFailure(error);
    return new DocumentAnalysis(a.getText(), settings, { stored: a.stored });
  }
}

/** Checks against another stored schema (undefined: none); rebuilt from the text if that throws. */
export function applyStored(a: DocumentAnalysis, stored: StoredSchema | undefined, onFailure: (error: unknown) => void): DocumentAnalysis {
  try {
    a.setStored(stored);
    return a;
  } catch (error) {
    onFailure(error);
    return new DocumentAnalysis(a.getText(), a.settings, { stored });
  }
}

export interface DiagnosticsOptions {
  /** A fixed delay after an edit (initializationOptions.diagnosticsDelay); undefined: adaptive. */
  readonly delay?: number;
  readonly runtime?: DiagnosticsRuntime;
}

export class DocumentDiagnostics {
  /** The pending publication of each document (a newer edit replaces it). */
  private readonly timers = new Map<OpenDocument, unknown>();
  /** What each document's last check cost, in milliseconds. */
  private readonly costs = new WeakMap<OpenDocument, number>();
  private readonly runtime: DiagnosticsRuntime;
  /** Set by initialize: a fixed delay after an edit, else adaptive. */
  fixedDelay: number | undefined;

  constructor(
    private readonly documents: Documents,
    private readonly connection: Pick<Connection, 'sendDiagnostics'>,
    private readonly log: Logger,
    options: DiagnosticsOptions = {},
  ) {
    this.runtime = options.runtime ?? systemRuntime;
    this.fixedDelay = options.delay;
  }

  opened(uri: string, version: number, text: string): void {
    this.schedule(this.documents.openDocument(uri, version, text), 0);
  }

  changed(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const doc = this.documents.get(uri);
    if (doc === undefined) return;
    doc.version = version;
    this.documents.update(doc, (a) => applyChanges(a, changes, (error) => this.log.error(`Applying an edit to ${uri} failed; its analysis was rebuilt from the text: ${describeError(error)}`)));
    this.schedule(doc, this.fixedDelay ?? adaptiveDelay(this.costs.get(doc)));
  }

  /** The configuration changed: every document re-reads its settings and is published again. */
  settingsChanged(): void {
    for (const doc of this.documents.all()) {
      this.documents.update(doc, async (a) =>
        applySettings(a, await this.documents.settingsFor(doc.uri), (error) => this.log.error(`Applying new settings to ${doc.uri} failed; its analysis was rebuilt from the text: ${describeError(error)}`)),
      );
      this.schedule(doc, 0);
    }
  }

  /** The client sent a stored schema (or forgot it): every document is checked against it and published again. */
  storedChanged(stored: StoredSchema | undefined): void {
    this.documents.stored = stored;
    for (const doc of this.documents.all()) {
      this.documents.update(doc, (a) => applyStored(a, this.documents.stored, (error) => this.log.error(`Applying the stored schema to ${doc.uri} failed; its analysis was rebuilt from the text: ${describeError(error)}`)));
      this.schedule(doc, 0);
    }
  }

  closed(uri: string): void {
    const doc = this.documents.close(uri);
    if (doc === undefined) return;
    this.cancel(doc);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private cancel(doc: OpenDocument): void {
    const timer = this.timers.get(doc);
    if (timer !== undefined) this.runtime.clearTimeout(timer);
    this.timers.delete(doc);
  }

  private schedule(doc: OpenDocument, ms: number): void {
    this.cancel(doc);
    const timer = this.runtime.setTimeout(() => {
      if (this.timers.get(doc) === timer) this.timers.delete(doc);
      void this.publish(doc);
    }, ms);
    this.timers.set(doc, timer);
  }

  /** True when a newer edit or a close since this publication was scheduled publishes its own result. */
  private superseded(doc: OpenDocument): boolean {
    return this.documents.get(doc.uri) !== doc || this.timers.has(doc);
  }

  private async publish(doc: OpenDocument): Promise<void> {
    let analysis: DocumentAnalysis;
    try {
      analysis = await doc.ready;
    } catch (error) {
      this.log.error(`Analysis of ${doc.uri} failed: ${String(error)}`);
      return;
    }
    if (this.superseded(doc)) return;
    const version = doc.version;
    try {
      const encoding = await byteOrderMarkDiagnostics(doc.uri, analysis.slice(0, 1));
      if (this.superseded(doc) || doc.version !== version) return;
      // The cost the delay saves on quick edits: applying an edit re-checks at once, while building
      // and sending the list is done once per publication.
      const started = this.runtime.now();
      const diagnostics: Diagnostic[] = [...encoding, ...analysis.diagnostics().map((d) => toDiagnostic(doc.uri, d, this.documents.precisionPlace(doc.uri)))];
      // Counting the rest checks every chunk: only worth it when the list is full.
      const hidden = diagnostics.length >= analysis.settings.maxDiagnostics ? analysis.hiddenDiagnostics() : undefined;
      if (hidden !== undefined) diagnostics.push(hiddenNote(doc.uri, hidden, analysis.settings.maxDiagnostics));
      this.costs.set(doc, this.runtime.now() - started);
      await this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
    } catch (error) {
      this.log.error(`Diagnostics of ${doc.uri} failed: ${describeError(error)}`);
    }
  }
}
