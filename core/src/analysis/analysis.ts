/**
 * One open document under analysis: its chunks, their schema summaries and cached checks, and the
 * document-wide schema facts (set by the lines the server stores: a rejected line sets nothing).
 * Edits re-parse and re-summarise only the touched chunks; checks are recomputed, in document
 * order, only for those chunks and for later chunks whose lines a changed fact may judge otherwise.
 * Everything it returns is plain data with LSP-style positions; it knows nothing of LSP itself.
 */
import type { ParseOptions } from '../api';
import type { FieldType, Point, Position } from '../model';
import { tableFromParts, tableParts } from '../parse/table';
import { Chunk, CHUNK_CHARS, ChunkedText, OPEN_CHUNK_CHARS } from './chunks';
import { checkChunk, isBefore, timestampBounds, type CheckContext, type ChunkCheck, type ChunkDiagnostic, type Severity } from './check';
import { parseRegion } from '../parse/parseRegion';
import { chunkMentions, chunkStats, columnOfKey, ConflictScope, flatKey, KIND_BIT, measurementOfKey, SchemaFacts, typeName, type ColumnKind, type MeasurementMentions, type MeasurementStats, type Occurrence } from './schema';
import type { PartAnalysis, PartFact } from './parts';
import type { CheckerSettings } from './settings';
import { currentTimeNs } from './time';

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Every column kind's bit (see KIND_BIT). */
const ALL_KINDS = 63;

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
   * see parts.ts, must agree on it).
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
  /** Per chunk, the first occurrence of each key among its stored lines (set by its check). */
  private keys = new WeakMap<Chunk, Map<string, Occurrence>>();
  private mentions = new WeakMap<Chunk, Map<string, MeasurementMentions>>();
  private stats = new WeakMap<Chunk, Map<string, MeasurementStats>>();
  private checks = new WeakMap<Chunk, ChunkDiagnostic[]>();
  /** Chunks whose text is still a view of a larger string (see appendPart). */
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
    this.facts = new SchemaFacts();
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
   * builds the schema facts as it goes: a column's fact is its first occurrence in a stored line,
   * so in document order every line finds its facts already set, and a line sets facts only once it
   * is judged stored.
   */
  private resetContext(nowNs = this.now()): void {
    const scope = new ConflictScope(this.settingsValue, nowNs);
    this.keys = new WeakMap();
    this.mentions = new WeakMap();
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
    for (const c of this.text.chunks) this.store(c, checkChunk(c, this.ctx));
    this.ctx.building = false;
    this.ctx.known = undefined;
  }

  /**
   * This analysis as plain data, for appending to the analysis of the text before it (see
   * parts.ts): each chunk's length, table and checks, and the first occurrence of every key.
   */
  exportPart(): PartAnalysis {
    const chunks = this.text.chunks;
    const index = new Map<Chunk, number>(chunks.map((c, k) => [c, k]));
    const facts: PartFact[] = [];
    for (const [key, occ] of this.facts.entries()) facts.push([key, index.get(occ.chunk) as number, occ.line, occ.kind]);
    return {
      nowNs: this.ctx.nowNs,
      chunks: chunks.map((c) => ({
        length: c.text.length,
        hasCR: c.hasCR,
        table: tableParts(c.table),
        checks: this.checksOf(c),
        keys: [...this.keysOf(c)].map(([key, occ]) => [key, occ.line, occ.kind] as const),
        mentions: this.mentionsOf(c),
      })),
      facts,
    };
  }

  /**
   * Appends the analysis of the text that follows this one (`text`, analysed apart with the same
   * settings, chunk sizes and time). Returns false, changing nothing, when this text does not end
   * at a data-line boundary (a quoted string runs on past it): then the parts cannot be joined.
   *
   * The part was checked as if it were the whole text, so its facts are its own first occurrences.
   * A key this text already has keeps its fact here, and the part's chunks whose lines that fact
   * may judge otherwise (a line of another kind; a table near the column limit) are checked again,
   * in order, against the joined facts (see markDirty).
   *
   * The new chunks' texts are views of `text` (copying 25 MB would delay the first diagnostics):
   * call `detachTexts` once they are published, so that `text` is not kept alive.
   */
  appendPart(text: string, region: PartAnalysis): boolean {
    const own = this.text.chunks;
    if (!own[own.length - 1].table.endsAtBoundary || region.nowNs !== this.ctx.nowNs) return false;
    const added: Chunk[] = [];
    let offset = 0;
    for (const part of region.chunks) {
      const chunk = new Chunk(text.slice(offset, offset + part.length), tableFromParts(part.table), part.hasCR);
      this.checks.set(chunk, part.checks as ChunkDiagnostic[]);
      this.keys.set(chunk, new Map(part.keys.map(([key, line, kind]) => [key, { chunk, line, kind }])));
      this.mentions.set(chunk, part.mentions);
      added.push(chunk);
      offset += part.length;
    }
    const from = own.length;
    this.text.append(added);
    this.views.push(...added);
    // The part's facts are its own first stored occurrences: a key this text already has keeps its
    // fact here, and the part's lines that read it are judged again where the verdict may differ.
    const partFacts = new Map<string, Occurrence>(region.facts.map(([key, k, line, kind]) => [key, { chunk: added[k], line, kind }]));
    const headFacts = new Map<string, Occurrence>();
    // Where columns per table are limited, a part's lines of a table this text has columns of
    // count those too: the part's chunks of such a table near the limit are judged again.
    const limit = this.ctx.scope.perTable ? this.settingsValue.profile.columnLimit : undefined;
    const counted: [Chunk, string, number][] = [];
    const mentioned = new Map<string, Set<string>>();
    for (const c of added) {
      for (const [m, mentions] of this.mentionsOf(c)) {
        if (this.facts.columnsOf(m, false) === undefined) continue;
        if (limit !== undefined) counted.push([c, m, mentions.maxColumns]);
        let keys = mentioned.get(m);
        if (keys === undefined) mentioned.set(m, (keys = new Set()));
        for (const k of mentions.columns.keys()) keys.add(k);
      }
    }
    // Every column of a key the part writes (on 1.x/2.x, of every shard group).
    for (const [m, keys] of mentioned) {
      for (const [column, head] of this.facts.columnsOf(m, false) ?? []) {
        const key = flatKey(m, column);
        if (keys.has(columnOfKey(key))) headFacts.set(key, head);
      }
    }
    for (const [key, occ] of partFacts) this.facts.claim(key, occ);
    const dirty = new Set<Chunk>();
    for (const [c, m, maxColumns] of counted) if ((this.facts.columnsOf(m, false)?.size ?? 0) + maxColumns + 1 > (limit as number)) dirty.add(c);
    for (const [key, head] of headFacts) this.markDirty(key, partFacts.get(key), head, from - 1, dirty);
    this.recheckFrom(from, dirty, new Map());
    return true;
  }

  /** Gives the chunks `appendPart` made texts of their own (the same characters). */
  detachTexts(): void {
    for (const c of this.views) c.detach();
    this.views = [];
  }

  /** The first occurrence of each conflict key among a chunk's stored lines (set when the chunk is checked). */
  keysOf(chunk: Chunk): Map<string, Occurrence> {
    let k = this.keys.get(chunk);
    if (k === undefined) {
      // Every chunk is checked when it enters the document: this is only a safety net.
      this.store(chunk, checkChunk(chunk, this.ctx));
      k = this.keys.get(chunk) as Map<string, Occurrence>;
    }
    return k;
  }

  /** The keys a chunk's checks read, per measurement (gathered by its check; made here only as a safety net). */
  mentionsOf(chunk: Chunk): Map<string, MeasurementMentions> {
    let m = this.mentions.get(chunk);
    if (m === undefined) {
      m = chunkMentions(chunk, this.ctx.scope);
      this.mentions.set(chunk, m);
    }
    return m;
  }

  private store(chunk: Chunk, check: ChunkCheck): void {
    this.checks.set(chunk, check.diagnostics);
    this.keys.set(chunk, check.keys);
    this.mentions.set(chunk, check.mentions);
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
    const { index, removed, added } = this.text.replace(from, Math.max(from, to), insert);
    // The facts the removed chunks' stored lines set are gone; the walk below finds the new ones.
    // Each is remembered at the start of the edited text, with its kind, to tell which later lines
    // may read it differently.
    const removedChunks = new Set<Chunk>(removed);
    const pending = new Map<string, Occurrence | undefined>();
    for (const c of removed) {
      for (const key of (this.keys.get(c) ?? new Map<string, Occurrence>()).keys()) {
        const fact = this.facts.get(key);
        if (fact === undefined || !removedChunks.has(fact.chunk)) continue;
        pending.set(key, { chunk: added[0], line: -1, kind: fact.kind });
        this.facts.set(key, undefined);
      }
    }
    this.recheckFrom(index, new Set(added), pending);
  }

  /**
   * Checks the `dirty` chunks again in document order from index `from`, and keeps the facts in
   * step: a chunk's stored lines depend on the facts before it, and the facts it sets decide how the
   * chunks after it are judged, so a change of a fact marks every later chunk whose verdicts it may
   * change (see markDirty). `pending`: keys whose facts the edit removed, with where they were.
   */
  private recheckFrom(from: number, dirty: Set<Chunk>, pending: Map<string, Occurrence | undefined>): void {
    const chunks = this.text.chunks;
    for (let k = from; k < chunks.length && dirty.size > 0; k++) {
      const c = chunks[k];
      if (!dirty.delete(c)) continue;
      const previous = this.keys.get(c);
      const check = checkChunk(c, this.ctx);
      this.store(c, check);
      const candidates = new Map<string, Occurrence | undefined>(pending);
      pending.clear();
      for (const key of previous?.keys() ?? []) if (!candidates.has(key)) candidates.set(key, this.facts.get(key));
      for (const key of check.keys.keys()) if (!candidates.has(key)) candidates.set(key, this.facts.get(key));
      for (const [key, old] of candidates) {
        const current = this.facts.get(key);
        // A fact set before this chunk stays.
        if (current !== undefined && isBefore(current, c)) continue;
        let next = check.keys.get(key);
        for (let j = k + 1; next === undefined && j < chunks.length; j++) next = this.keys.get(chunks[j])?.get(key);
        this.facts.set(key, next);
        if (old !== next) this.markDirty(key, old, next, k, dirty);
      }
    }
  }

  /**
   * After the fact of `key` changed from `old` to `next` (both at or after chunk `at`), marks the
   * later chunks whose verdicts may differ: a line of kind x is rejected for the key exactly when a
   * fact before it has another kind (and says which), so a chunk is marked when that changes for a
   * kind it writes (or a fact lies inside it). Where the target limits columns per table, every later
   * chunk of a table near the limit is marked (its lines count the columns before them).
   */
  private markDirty(key: string, old: Occurrence | undefined, next: Occurrence | undefined, at: number, dirty: Set<Chunk>): void {
    const chunks = this.text.chunks;
    const m = measurementOfKey(key);
    // Mentions are by key: a 1.x/2.x field column's key without its shard group.
    const column = columnOfKey(key);
    const limit = this.ctx.scope.perTable ? this.settingsValue.profile.columnLimit : undefined;
    const tableColumns = limit === undefined ? 0 : (this.facts.columnsOf(m, false)?.size ?? 0) + 1;
    for (let j = at + 1; j < chunks.length; j++) {
      const c = chunks[j];
      if (dirty.has(c)) continue;
      // Both facts before the chunk, of one kind: its lines see the same kind and the same number
      // of columns (the usual case after an edit, decided without reading the chunk).
      if (old !== undefined && next !== undefined && old.kind === next.kind && isBefore(old, c) && isBefore(next, c)) continue;
      const mentions = this.mentionsOf(c).get(m);
      if (mentions === undefined) continue;
      if (limit !== undefined && tableColumns + mentions.maxColumns + 1 > limit) {
        dirty.add(c);
        continue;
      }
      const kinds = mentions.columns.get(column);
      if (kinds === undefined) continue;
      if (old?.chunk === c || next?.chunk === c) {
        dirty.add(c);
        continue;
      }
      const oldBit = old !== undefined && isBefore(old, c) ? KIND_BIT[old.kind] : 0;
      const nextBit = next !== undefined && isBefore(next, c) ? KIND_BIT[next.kind] : 0;
      if (oldBit === nextBit) continue;
      // A line of kind x reads the fact's kind when it differs from x (its message names it): that
      // changes for every kind, except the old fact's own kind when no fact is left, and the new
      // fact's own kind when there was none.
      let changed = ALL_KINDS;
      if (nextBit === 0) changed &= ~oldBit;
      if (oldBit === 0) changed &= ~nextBit;
      if ((changed & kinds) !== 0) dirty.add(c);
    }
  }

  private checksOf(chunk: Chunk): ChunkDiagnostic[] {
    let d = this.checks.get(chunk);
    if (d === undefined) {
      // Every chunk is checked when it enters the document: this is only a safety net.
      const check = checkChunk(chunk, this.ctx);
      this.store(chunk, check);
      d = check.diagnostics;
    }
    return d;
  }

  /** The document's diagnostics in order, at most `maxDiagnostics`. */
  diagnostics(): AnalysisDiagnostic[] {
    const max = this.settingsValue.maxDiagnostics;
    const out: AnalysisDiagnostic[] = [];
    for (const c of this.text.chunks) {
      for (const d of this.checksOf(c)) {
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
      const checks = this.checksOf(c);
      if (first === undefined && n + checks.length > max) first = this.rangeOf(c, checks[max - n].start, checks[max - n].end);
      n += checks.length;
    }
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
