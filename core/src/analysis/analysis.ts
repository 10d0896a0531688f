/**
 * One open document under analysis: its text (cut into chunks), its settings, and the checks of
 * its chunks with the document-wide schema facts (set by the lines the server stores: a rejected
 * line sets nothing). Edits re-parse and re-check only the touched chunks and the later chunks
 * whose lines a changed fact may judge otherwise (checkedChunks.ts); diagnostics are published on
 * demand (publish.ts). Everything it returns is plain data with LSP-style positions; it knows
 * nothing of LSP itself.
 */
import type { Point, Position } from '../model';
import { CheckedChunks } from './checkedChunks';
import { chunkedText, type ChunkedText, type ChunkSizes } from './chunkedText';
import type { Chunk } from './chunks';
import type { DiagnosticCode } from './codes';
import type { ChunkDiagnostic } from './findings';
import { DEFAULT_PRECISION_SETTING } from './messages';
import { joinPart, type PartAnalysis } from './parts';
import { lineAt, pointOf, rangeOf, type LineAt, type Range } from './positions';
import { FactPlaces, type PriorFact } from './priorFacts';
import { publish, type AnalysisDiagnostic } from './publish';
import type { ConflictScope, MeasurementMentions, Occurrence } from './schema';
import type { MeasurementStats } from './stats';
import { applyStoredChange, appliesInPlace } from './storedChange';
import type { StoredSchema } from './storedFacts';
import { parseOptionsOf, type CheckerSettings } from './settings';
import { currentTimeNs, type Clock } from './time';

export interface AnalysisOptions extends ChunkSizes {
  /** The clock, the one way to set the time (tests pin it; parts of one text share a first reading: clockStartingAt). */
  readonly now?: Clock;
  /** Lines before this text in the input it was taken from: line numbers in messages count them too. */
  readonly lineOffset?: number;
  /** What messages call the write precision choice (default the editor's setting, `influxLineProtocol.precision`). */
  readonly precisionSetting?: string;
  /**
   * Column facts set by text before this one (the command line checks a large input region by
   * region, carrying `priorFacts()` of each region to the next): the checks judge this text's
   * lines against them, exactly as one pass over the whole input would.
   */
  readonly priorFacts?: ReadonlyMap<string, PriorFact>;
  /** The stored schema of the bucket written to (storedFacts.ts): its facts come before the text's first line. */
  readonly stored?: StoredSchema;
}

export class DocumentAnalysis {
  private text: ChunkedText;
  private readonly checked: CheckedChunks;
  private readonly places: FactPlaces;
  /** Chunks whose text is still a view of a larger string (see appendPart). */
  private views: Chunk[] = [];
  private readonly now: Clock;

  constructor(
    text: string,
    private settingsValue: CheckerSettings,
    private readonly options: AnalysisOptions = {},
  ) {
    this.now = options.now ?? currentTimeNs;
    this.places = new FactPlaces(options.priorFacts, options.lineOffset ?? 0);
    this.places.setStored(options.stored);
    this.text = chunkedText(text, parseOptionsOf(settingsValue), options);
    this.checked = new CheckedChunks(this.text.chunks, settingsValue, this.now(), this.places, options.precisionSetting ?? DEFAULT_PRECISION_SETTING);
  }

  get settings(): CheckerSettings {
    return this.settingsValue;
  }

  get chunks(): readonly Chunk[] {
    return this.text.chunks;
  }

  get length(): number {
    return this.text.length;
  }

  getText(): string {
    return this.text.getText();
  }

  slice(from: number, to: number): string {
    return this.text.slice(from, to);
  }

  positionAt(offset: number): Position {
    return this.text.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.text.offsetAt(position);
  }

  /** Re-checks everything with a fresh clock (new text, new settings, or a new day for retention). */
  private checkAll(): void {
    this.checked.checkAll(this.text.chunks, this.settingsValue, this.now());
  }

  /**
   * Appends the analysis of the text that follows this one (`text`, analysed apart with the same
   * settings, chunk sizes and time, see parts.ts). Returns false, changing nothing, when this text
   * does not end at a data-line boundary: then the parts cannot be joined. Call `detachTexts` once
   * the diagnostics are published, so that `text` is not kept alive.
   */
  appendPart(text: string, part: PartAnalysis): boolean {
    const added = joinPart(this.text, this.checked, text, part);
    if (added === undefined) return false;
    this.views.push(...added);
    return true;
  }

  /** Gives the chunks `appendPart` made texts of their own (the same characters). */
  detachTexts(): void {
    for (const c of this.views) c.detach();
    this.views = [];
  }

  /** The first occurrence of each conflict key among a chunk's stored lines (set when the chunk is checked). */
  keysOf(chunk: Chunk): Map<string, Occurrence> {
    return this.checked.keysOf(chunk);
  }

  /** The keys a chunk's checks read, per measurement. */
  mentionsOf(chunk: Chunk): Map<string, MeasurementMentions> {
    return this.checked.mentionsOf(chunk);
  }

  /** Per-measurement statistics of a chunk (made on demand, for hovers, completion, the outline). */
  statsOf(chunk: Chunk): Map<string, MeasurementStats> {
    return this.checked.statsOf(chunk);
  }

  allStats(): Map<string, MeasurementStats>[] {
    return this.text.chunks.map((c) => this.checked.statsOf(c));
  }

  setSettings(settings: CheckerSettings): void {
    const old = parseOptionsOf(this.settingsValue);
    this.settingsValue = settings;
    const next = parseOptionsOf(settings);
    if (old.target !== next.target || old.stringLimit !== next.stringLimit) {
      this.text = chunkedText(this.text.getText(), next, this.options);
    }
    this.checkAll();
  }

  /** The stored schema the document is checked against, if any. */
  get stored(): StoredSchema | undefined {
    return this.places.stored;
  }

  /**
   * Checks the document against another stored schema (undefined: none). Only the chunks whose
   * verdicts a changed stored fact may change are checked again (storedChange.ts), on the clock of
   * the last full check (`refresh` moves it); everything is checked again when the schema is of
   * another bucket or product.
   */
  setStored(schema: StoredSchema | undefined): void {
    const before = this.places.stored;
    if (schema === before) return;
    if (appliesInPlace(before, schema, this.places.hasPriors)) {
      applyStoredChange(this.checked, this.text.chunks, before, schema, this.places.rebaseStored(schema));
      return;
    }
    this.places.setStored(schema);
    this.checkAll();
  }

  /** Re-checks with a fresh clock (retention and "now" shard windows move with time). */
  refresh(): void {
    this.checkAll();
  }

  /** Applies one change: a range replaced by text, or the whole text when `range` is undefined. */
  applyChange(range: Range | undefined, insert: string): void {
    if (range === undefined) {
      this.text = chunkedText(insert, this.checked.ctx.parseOptions, this.options);
      this.checkAll();
      return;
    }
    const from = this.text.offsetAt(range.start);
    const to = this.text.offsetAt(range.end);
    const { index, removed, added } = this.text.replace(from, Math.max(from, to), insert);
    this.checked.replaced(this.text.chunks, index, removed, added);
    // precision=auto's mixed-unit note is judged against the document's first timestamp
    // (autoTimestamp.ts), which an edit of the first chunk may change: check everything again then.
    if (this.settingsValue.autoPrecision === true && index === 0) this.checkAll();
  }

  /** The document's diagnostics in order, at most `maxDiagnostics`. */
  diagnostics(): AnalysisDiagnostic[] {
    const max = this.settingsValue.maxDiagnostics;
    const out: AnalysisDiagnostic[] = [];
    for (const c of this.text.chunks) {
      for (const d of this.checked.checksOf(c)) {
        if (out.length >= max) return out;
        out.push(this.publish(c, d));
      }
    }
    return out;
  }

  /**
   * What `diagnostics()` leaves out beyond `maxDiagnostics`: how many problems, and the range of
   * the first of them (undefined when nothing is left out).
   */
  hiddenDiagnostics(): { readonly count: number; readonly first: Range } | undefined {
    const max = this.settingsValue.maxDiagnostics;
    let n = 0;
    let first: Range | undefined;
    for (const c of this.text.chunks) {
      const checks = this.checked.checksOf(c);
      if (first === undefined && n + checks.length > max) first = rangeOf(c, checks[max - n].start, checks[max - n].end);
      n += checks.length;
    }
    return first === undefined ? undefined : { count: n - max, first };
  }

  /** Every diagnostic of one code, without the cap (for "fix all"). */
  diagnosticsWithCode(code: DiagnosticCode): AnalysisDiagnostic[] {
    const out: AnalysisDiagnostic[] = [];
    for (const c of this.text.chunks) for (const d of this.checked.checksOf(c)) if (d.code === code) out.push(this.publish(c, d));
    return out;
  }

  /** How many diagnostics have this code (without publishing them). */
  countWithCode(code: DiagnosticCode): number {
    let n = 0;
    for (const c of this.text.chunks) for (const d of this.checked.checksOf(c)) if (d.code === code) n++;
    return n;
  }

  private publish(chunk: Chunk, d: ChunkDiagnostic): AnalysisDiagnostic {
    return publish(chunk, d, (key) => this.checked.facts.get(key), this.places);
  }

  /** 1-based line where an occurrence's line begins (counting `lineOffset` lines before the text). */
  lineNumberOf(occ: Occurrence): number {
    return this.places.lineNumberOf(occ);
  }

  /** Range of a column's key in the line of an occurrence. */
  keyRange(occ: Occurrence, column: string): Range {
    return this.places.keyRange(occ, column);
  }

  /**
   * Every column fact, the prior ones included, as `priorFacts` for the text that follows this one
   * (positions in the whole input), in the order they were set.
   */
  priorFacts(): Map<string, PriorFact> {
    return this.places.export(this.checked.facts);
  }

  /** The data line at a position, if any (its chunk, index and the chunk's offset). */
  lineAt(position: Position): LineAt | undefined {
    return lineAt(this.text, position);
  }

  /** The decoded point of a line, with chunk-relative spans. */
  pointOf(line: LineAt): Point | undefined {
    return pointOf(line);
  }

  factFor(key: string): Occurrence | undefined {
    return this.checked.facts.get(key);
  }

  get scope(): ConflictScope {
    return this.checked.ctx.scope;
  }

  /** The current time from the analysis clock (pinned in tests). */
  clock(): bigint {
    return this.now();
  }

  get nowNs(): bigint {
    return this.checked.ctx.nowNs;
  }
}
