/**
 * One open document under analysis: its chunks, their schema summaries and cached checks, and the
 * document-wide schema facts. Edits re-parse and re-summarise only the touched chunks; checks are
 * recomputed only for those chunks and for chunks that mention a key whose column type changed.
 * Everything it returns is plain data with LSP-style positions; it knows nothing of LSP itself.
 */
import type { ParseOptions } from '../api';
import type { FieldType, Point, Position } from '../model';
import { tableFromParts, tableParts } from '../parse/table';
import { Chunk, CHUNK_CHARS, ChunkedText, OPEN_CHUNK_CHARS } from './chunks';
import { checkChunk, timestampBounds, type CheckContext, type ChunkDiagnostic, type Severity } from './check';
import { parseRegion } from '../parse/region';
import { chunkKeys, chunkStats, columnOfKey, ConflictScope, measurementOfKey, SchemaFacts, typeName, type ColumnKind, type MeasurementStats, type Occurrence } from './schema';
import type { RegionAnalysis, RegionFact } from './region';
import type { CheckerSettings } from './settings';
import { currentTimeNs } from './time';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** A range moved `by` lines. */
function shiftLines(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/** A chunk that stands for the text before an analysed one (offset -1: before every chunk). */
function beforeText(): Chunk {
  const c = new Chunk('', parseRegion('', 0, 0));
  c.offset = -1;
  return c;
}

/** Whether position `a` comes at or before `b`. */
export function atOrBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** A quick fix's input, carried with the diagnostic (LSP `data`). */
export type FixPayload =
  | { readonly fix: 'set-type'; readonly type: FieldType; readonly from: FieldType }
  | { readonly fix: 'crlf' }
  | { readonly fix: 'trailing-whitespace' }
  | { readonly fix: 'remove-field' }
  /** Tried only when asked for: a backslash before a space or comma of `line` up to the diagnostic's start. */
  | { readonly fix: 'escape'; readonly line: Range };

export interface RelatedInfo {
  readonly range: Range;
  readonly message: string;
}

export interface AnalysisDiagnostic {
  readonly range: Range;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
  readonly fix?: FixPayload;
}

/** A line of the document as the analysis sees it: where it is and what it parsed to. */
export interface LineAt {
  readonly chunk: Chunk;
  readonly index: number;
  /** Absolute offset of the chunk: add it to the chunk-relative spans of `point`. */
  readonly base: number;
}

export interface AnalysisOptions {
  /** The clock (tests pin it). */
  readonly now?: () => bigint;
  /** Chunk length edits re-cut to (default CHUNK_CHARS). */
  readonly chunkSize?: number;
  /** Chunk length a whole text is cut to (default OPEN_CHUNK_CHARS, or `chunkSize` when that is given). */
  readonly openChunkSize?: number;
  /**
   * The time the first check pass uses instead of asking `now` (parts of one text checked apart,
   * see region.ts, must agree on it).
   */
  readonly firstNowNs?: bigint;
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
}

/** A column fact set before the analysed text: its kind, and where, in the whole input. */
export interface PriorFact {
  readonly kind: ColumnKind;
  /** 1-based line where the data line that set it begins. */
  readonly line: number;
  /** The key's range (0-based lines of the whole input). */
  readonly range: Range;
}

export function parseOptionsOf(settings: CheckerSettings): ParseOptions {
  return { target: settings.profile.parser, stringLimit: settings.profile.stringLimit };
}

export class DocumentAnalysis {
  private text: ChunkedText;
  private keys = new WeakMap<Chunk, Map<string, Occurrence>>();
  private stats = new WeakMap<Chunk, Map<string, MeasurementStats>>();
  private checks = new WeakMap<Chunk, ChunkDiagnostic[]>();
  /** Chunks whose text is still a view of a larger string (see appendRegion). */
  private views: Chunk[] = [];
  private facts: SchemaFacts;
  /** Stands for the text before this one in the occurrences of `options.priorFacts` (never in the chunk list). */
  private readonly before: Chunk | undefined;
  private readonly priors: PriorFact[];
  /** `options.lineOffset`, 0 when not given. */
  private readonly lineOffset: number;
  private ctx!: CheckContext;
  private readonly now: () => bigint;

  constructor(
    text: string,
    private settingsValue: CheckerSettings,
    private readonly options: AnalysisOptions = {},
  ) {
    this.now = options.now ?? currentTimeNs;
    this.facts = new SchemaFacts((c) => this.keysOf(c));
    this.priors = [...(options.priorFacts?.values() ?? [])];
    this.before = this.priors.length > 0 ? beforeText() : undefined;
    this.lineOffset = options.lineOffset ?? 0;
    this.text = this.cut(text, parseOptionsOf(settingsValue));
    this.resetContext(options.firstNowNs);
  }

  private cut(text: string, parseOptions: ParseOptions): ChunkedText {
    const { chunkSize, openChunkSize } = this.options;
    return new ChunkedText(text, parseOptions, chunkSize ?? CHUNK_CHARS, openChunkSize ?? chunkSize ?? OPEN_CHUNK_CHARS);
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

  /**
   * Re-checks everything (new text, new settings, or a new day for retention) in one pass that
   * builds the schema facts as it goes: a column's fact is its first occurrence, so in document
   * order every line finds its facts already set.
   */
  private resetContext(nowNs = this.now()): void {
    const scope = new ConflictScope(this.settingsValue, nowNs);
    this.keys = new WeakMap();
    this.stats = new WeakMap();
    this.checks = new WeakMap();
    this.ctx = {
      settings: this.settingsValue,
      scope,
      facts: this.facts,
      parseOptions: parseOptionsOf(this.settingsValue),
      nowNs,
      bounds: timestampBounds(this.settingsValue, nowNs),
      precisionSetting: this.options.precisionSetting ?? 'influxLineProtocol.precision',
      building: true,
    };
    this.facts.clear();
    if (this.before !== undefined) {
      let k = 0;
      for (const [key, prior] of this.options.priorFacts ?? []) this.facts.claim(key, { chunk: this.before, line: k++, kind: prior.kind });
    }
    for (const c of this.text.chunks) this.checks.set(c, checkChunk(c, this.ctx));
    this.ctx.building = false;
    this.ctx.known = undefined;
  }

  /**
   * This analysis as plain data, for appending to the analysis of the text before it (see
   * region.ts): each chunk's length, table and checks, and the first occurrence of every key.
   */
  exportRegion(): RegionAnalysis {
    const chunks = this.text.chunks;
    const index = new Map<Chunk, number>(chunks.map((c, k) => [c, k]));
    const facts: RegionFact[] = [];
    for (const [key, occ] of this.facts.entries()) facts.push([key, index.get(occ.chunk) as number, occ.line, occ.kind]);
    return {
      nowNs: this.ctx.nowNs,
      chunks: chunks.map((c) => ({ length: c.text.length, hasCR: c.hasCR, table: tableParts(c.table), checks: this.checksOf(c) })),
      facts,
    };
  }

  /**
   * Appends the analysis of the text that follows this one (`text`, analysed apart with the same
   * settings, chunk sizes and time). Returns false, changing nothing, when this text does not end
   * at a data-line boundary (a quoted string runs on past it): then the parts cannot be joined.
   *
   * The part was checked as if it were the whole text, so its facts are its own first occurrences.
   * A key this text already has keeps its fact here; where the kinds agree, the part's checks are
   * exactly what one pass would have found; where they differ, the part's chunks that write that
   * key are checked again against the joined facts.
   *
   * The new chunks' texts are views of `text` (copying 25 MB would delay the first diagnostics):
   * call `detachTexts` once they are published, so that `text` is not kept alive.
   */
  appendRegion(text: string, region: RegionAnalysis): boolean {
    const own = this.text.chunks;
    if (!own[own.length - 1].table.endsAtBoundary || region.nowNs !== this.ctx.nowNs) return false;
    const added: Chunk[] = [];
    let offset = 0;
    for (const part of region.chunks) {
      const chunk = new Chunk(text.slice(offset, offset + part.length), tableFromParts(part.table), part.hasCR);
      this.checks.set(chunk, part.checks as ChunkDiagnostic[]);
      added.push(chunk);
      offset += part.length;
    }
    this.text.append(added);
    this.views.push(...added);
    const changed: string[] = [];
    for (const [key, k, line, kind] of region.facts) {
      const fact = this.facts.claim(key, { chunk: added[k], line, kind });
      if (fact.kind !== kind) changed.push(key);
    }
    if (changed.length > 0) {
      for (const c of added) {
        const firsts = this.keysOf(c);
        if (changed.some((key) => firsts.has(key))) this.checks.delete(c);
      }
    }
    return true;
  }

  /** Gives the chunks `appendRegion` made texts of their own (the same characters). */
  detachTexts(): void {
    for (const c of this.views) c.detach();
    this.views = [];
  }

  /** The first occurrence in a chunk of each conflict key (made on demand: only edits need it). */
  keysOf(chunk: Chunk): Map<string, Occurrence> {
    let k = this.keys.get(chunk);
    if (k === undefined) {
      k = chunkKeys(chunk, this.ctx.scope);
      this.keys.set(chunk, k);
    }
    return k;
  }

  /** Per-measurement statistics of a chunk (made on demand, for hovers, completion, the outline). */
  statsOf(chunk: Chunk): Map<string, MeasurementStats> {
    let s = this.stats.get(chunk);
    if (s === undefined) {
      s = chunkStats(chunk);
      this.stats.set(chunk, s);
    }
    return s;
  }

  setSettings(settings: CheckerSettings): void {
    const old = parseOptionsOf(this.settingsValue);
    this.settingsValue = settings;
    const next = parseOptionsOf(settings);
    if (old.target !== next.target || old.stringLimit !== next.stringLimit) {
      this.text = this.cut(this.text.getText(), next);
    }
    this.resetContext();
  }

  /** Re-checks with a fresh clock (retention and "now" shard windows move with time). */
  refresh(): void {
    this.resetContext();
  }

  /** Applies one change: a range replaced by text, or the whole text when `range` is undefined. */
  applyChange(range: Range | undefined, insert: string): void {
    if (range === undefined) {
      this.text = this.cut(insert, this.ctx.parseOptions);
      this.resetContext();
      return;
    }
    const from = this.text.offsetAt(range.start);
    const to = this.text.offsetAt(range.end);
    const splice = this.text.replace(from, Math.max(from, to), insert);
    const changed = this.facts.update(this.text.chunks, splice);
    if (changed.size === 0) return;
    for (const c of this.text.chunks) {
      const firsts = this.keysOf(c);
      for (const key of changed) {
        if (firsts.has(key)) {
          this.checks.delete(c);
          break;
        }
      }
    }
  }

  private checksOf(chunk: Chunk): ChunkDiagnostic[] {
    let d = this.checks.get(chunk);
    if (d === undefined) {
      d = checkChunk(chunk, this.ctx);
      this.checks.set(chunk, d);
    }
    return d;
  }

  /** The document's diagnostics in order, at most `maxDiagnostics`. */
  diagnostics(): AnalysisDiagnostic[] {
    const max = this.settingsValue.maxDiagnostics;
    const out: AnalysisDiagnostic[] = [];
    const columnLimit = this.columnLimitDiagnostics();
    for (const c of this.text.chunks) {
      for (const d of this.checksOf(c)) {
        if (out.length >= max) return out;
        out.push(this.publish(c, d));
      }
    }
    for (const d of columnLimit) {
      if (out.length >= max) break;
      out.push(d);
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
      const checks = this.checksOf(c);
      if (first === undefined && n + checks.length > max) first = this.rangeOf(c, checks[max - n].start, checks[max - n].end);
      n += checks.length;
    }
    const columnLimit = this.columnLimitDiagnostics();
    if (first === undefined && n + columnLimit.length > max) first = columnLimit[max - n].range;
    n += columnLimit.length;
    return first === undefined ? undefined : { count: n - max, first };
  }

  /** Every diagnostic of one code, without the cap (for "fix all"). */
  diagnosticsWithCode(code: string): AnalysisDiagnostic[] {
    const out: AnalysisDiagnostic[] = [];
    for (const c of this.text.chunks) for (const d of this.checksOf(c)) if (d.code === code) out.push(this.publish(c, d));
    return out;
  }

  /** How many diagnostics have this code (without publishing them). */
  countWithCode(code: string): number {
    let n = 0;
    for (const c of this.text.chunks) for (const d of this.checksOf(c)) if (d.code === code) n++;
    return n;
  }

  rangeOf(chunk: Chunk, start: number, end: number): Range {
    return { start: this.relativePosition(chunk, start), end: this.relativePosition(chunk, end) };
  }

  relativePosition(chunk: Chunk, rel: number): Position {
    const l = chunk.lineAt(rel);
    return { line: chunk.line + l, character: rel - chunk.lineStart(l) };
  }

  /** 1-based line where an occurrence's line begins (counting `lineOffset` lines before the text). */
  lineNumberOf(occ: Occurrence): number {
    if (occ.chunk === this.before) return this.priors[occ.line].line;
    return this.lineOffset + occ.chunk.line + occ.chunk.lineAt(occ.chunk.table.start(occ.line)) + 1;
  }

  /** Range of a column's key in the line of an occurrence. */
  keyRange(occ: Occurrence, column: string): Range {
    const { chunk, line } = occ;
    // Before this text: lines counted from its start are negative.
    if (chunk === this.before) return shiftLines(this.priors[line].range, -this.lineOffset);
    const r = chunk.table.result(line, chunk.text, 0);
    if (r.ok) {
      const tokens = occ.kind === 'tag' ? r.point.tags.map((t) => t.key) : r.point.fields.map((f) => f.key);
      const token = tokens.find((t) => t.value === column);
      if (token !== undefined) return this.rangeOf(chunk, token.start, token.end);
    }
    const start = chunk.table.start(line);
    return this.rangeOf(chunk, start, start);
  }

  private publish(chunk: Chunk, d: ChunkDiagnostic): AnalysisDiagnostic {
    const range = this.rangeOf(chunk, d.start, d.end);
    let message = d.message;
    let related: RelatedInfo[] | undefined;
    if (d.relatedKey !== undefined) {
      const occ = this.facts.get(d.relatedKey);
      if (occ !== undefined) {
        message = message.replace('{first}', `line ${this.lineNumberOf(occ)}`);
        const column = d.relatedColumn ?? columnOfKey(d.relatedKey);
        const what = occ.kind === 'tag' ? 'a tag' : `a field of type ${typeName(occ.kind)}`;
        related = [{ range: this.keyRange(occ, column), message: `'${column}' first written here, as ${what}` }];
      } else {
        message = message.replace('{first}', 'an earlier line');
      }
    }
    let fix: FixPayload | undefined;
    const f = d.fix;
    if (f !== undefined) {
      if (f.fix === 'escape') fix = { fix: 'escape', line: this.rangeOf(chunk, f.lineStart, f.lineEnd) };
      else if (f.fix === 'set-type') fix = { fix: 'set-type', type: f.type, from: this.valueTypeAt(chunk, d.start) ?? f.type };
      else fix = f;
    }
    return { range, severity: d.severity, code: d.code, message, ...(related ? { related } : {}), ...(fix ? { fix } : {}) };
  }

  private valueTypeAt(chunk: Chunk, rel: number): FieldType | undefined {
    const i = lineIndexAt(chunk, rel);
    if (i < 0) return undefined;
    const r = chunk.table.result(i, chunk.text, 0);
    if (!r.ok) return undefined;
    return r.point.fields.find((f) => f.valueSpan.start === rel)?.value.type;
  }

  /** Columns beyond the target's per-table limit, at the first occurrence of each one too many. */
  private columnLimitDiagnostics(): AnalysisDiagnostic[] {
    const limit = this.settingsValue.profile.columnLimit;
    if (limit === undefined || !this.ctx.scope.perTable) return [];
    const perTable = new Map<string, [string, Occurrence][]>();
    for (const [key, occ] of this.facts.entries()) {
      const m = measurementOfKey(key);
      let list = perTable.get(m);
      if (list === undefined) perTable.set(m, (list = []));
      list.push([columnOfKey(key), occ]);
    }
    const out: AnalysisDiagnostic[] = [];
    const label = this.settingsValue.profile.label;
    for (const [m, columns] of perTable) {
      // The time column counts too.
      if (columns.length + 1 <= limit) continue;
      columns.sort(([, a], [, b]) => a.chunk.offset - b.chunk.offset || a.line - b.line);
      for (let n = limit - 1; n < columns.length; n++) {
        const [column, occ] = columns[n];
        // A column of the text before this one was reported with that text.
        if (occ.chunk === this.before) continue;
        out.push({
          range: this.keyRange(occ, column),
          severity: 'error',
          code: 'column-limit',
          message: `Column '${column}' would be column ${n + 2} of table '${m}' (time included): ${label} allows ${limit} columns per table and rejects the write. Use fewer tags and fields, or split the measurement.`,
        });
      }
    }
    return out;
  }

  /**
   * Every column fact, the prior ones included, as `priorFacts` for the text that follows this one
   * (positions in the whole input), in the order they were set.
   */
  priorFacts(): Map<string, PriorFact> {
    const out = new Map<string, PriorFact>();
    for (const [key, occ] of this.facts.entries()) {
      if (occ.chunk === this.before) {
        out.set(key, this.priors[occ.line]);
        continue;
      }
      out.set(key, { kind: occ.kind, line: this.lineNumberOf(occ), range: shiftLines(this.keyRange(occ, columnOfKey(key)), this.lineOffset) });
    }
    return out;
  }

  /** The data line at a position, if any (its chunk, index and the chunk's offset). */
  lineAt(position: Position): LineAt | undefined {
    const offset = this.text.offsetAt(position);
    const k = this.text.chunkIndexAt(offset);
    const chunk = this.text.chunks[k];
    const i = lineIndexAt(chunk, offset - chunk.offset);
    return i < 0 ? undefined : { chunk, index: i, base: chunk.offset };
  }

  /** The decoded point of a line, with chunk-relative spans. */
  pointOf(line: LineAt): Point | undefined {
    const r = line.chunk.table.result(line.index, line.chunk.text, 0);
    return r.ok ? r.point : undefined;
  }

  allStats(): Map<string, MeasurementStats>[] {
    return this.text.chunks.map((c) => this.statsOf(c));
  }

  factFor(key: string): Occurrence | undefined {
    return this.facts.get(key);
  }

  get scope(): ConflictScope {
    return this.ctx.scope;
  }

  /** The current time from the analysis clock (pinned in tests). */
  clock(): bigint {
    return this.now();
  }

  get nowNs(): bigint {
    return this.ctx.nowNs;
  }
}

/** Index of the data line of a chunk whose text holds `rel` (start ≤ rel ≤ end), or -1. */
export function lineIndexAt(chunk: Chunk, rel: number): number {
  const t = chunk.table;
  let lo = 0;
  let hi = t.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.start(mid) <= rel) lo = mid;
    else hi = mid - 1;
  }
  if (t.count === 0 || t.start(lo) > rel || t.end(lo) < rel) return -1;
  return lo;
}
