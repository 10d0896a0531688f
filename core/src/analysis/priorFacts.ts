/**
 * Where the schema facts were set, in the whole input: the command line checks a large input
 * region by region, carrying each region's facts (`PriorFact`s, with their lines and key ranges) to
 * the next; the checks judge the next region's lines against them exactly as one pass would, and
 * messages and related information point back to where each fact was set.
 */
import { parseRegion } from '../parse/parseRegion';
import { Chunk } from './chunks';
import { rangeOf, shiftLines, type Range } from './positions';
import { columnOfKey, flatKey, type ColumnKind, type ConflictScope, type Occurrence, type SchemaFacts } from './schema';
import { claimsOf } from './storedClaims';
import { StoredChunk, type StoredSchema } from './storedFacts';

/** A column fact set before the analysed text: its kind, and where, in the whole input. */
export interface PriorFact {
  readonly kind: ColumnKind;
  /** 1-based line where the data line that set it begins. */
  readonly line: number;
  /** The key's range (0-based lines of the whole input). */
  readonly range: Range;
}

/** A chunk that stands for the text before an analysed one (offset -1: before every chunk). */
function beforeText(): Chunk {
  const c = new Chunk('', parseRegion('', 0, 0));
  c.offset = -1;
  return c;
}

/** The lines and key ranges of an analysed text's facts, the prior ones included. */
export class FactPlaces {
  /** Stands for the text before this one in the occurrences of the prior facts (never in the chunk list). */
  private readonly before: Chunk | undefined;
  private readonly priors: PriorFact[];
  /** The stored schema of the bucket written to, whose facts come before every other (see storedFacts.ts). */
  private storedChunk: StoredChunk | undefined;

  constructor(
    private readonly priorFacts: ReadonlyMap<string, PriorFact> | undefined,
    /** Lines before this text in the input it was taken from: line numbers in messages count them too. */
    private readonly lineOffset: number,
  ) {
    this.priors = [...(priorFacts?.values() ?? [])];
    this.before = this.priors.length > 0 ? beforeText() : undefined;
  }

  get stored(): StoredSchema | undefined {
    return this.storedChunk?.schema;
  }

  /** Whether facts set by text before this one come after the stored schema's (see claimPriors). */
  get hasPriors(): boolean {
    return this.before !== undefined;
  }

  /** Replaces the stored schema keeping its stand-in (StoredChunk.rebase; a new one when there was none), for storedChange.ts. */
  rebaseStored(schema: StoredSchema | undefined): StoredChunk | undefined {
    if (schema === undefined) this.storedChunk = undefined;
    else if (this.storedChunk === undefined) this.storedChunk = new StoredChunk(schema);
    else this.storedChunk.rebase(schema);
    return this.storedChunk;
  }

  /** Sets (or, undefined, forgets) the stored schema; the next `claimPriors` applies it. */
  setStored(schema: StoredSchema | undefined): void {
    this.storedChunk = schema === undefined ? undefined : new StoredChunk(schema);
  }

  /**
   * Sets the stored schema's facts (storedClaims.ts), then every prior fact (as a line of the text
   * before this one), in the order they were set.
   */
  claimPriors(facts: SchemaFacts, scope: ConflictScope): void {
    const stored = this.storedChunk;
    if (stored !== undefined) {
      for (const [m, columns] of stored.schema.measurements) {
        for (const [column, kind] of claimsOf(stored.schema, columns, scope)) facts.claim(flatKey(m, column), { chunk: stored, line: 0, kind });
      }
    }
    if (this.before === undefined) return;
    let k = 0;
    for (const [key, prior] of this.priorFacts ?? []) facts.claim(key, { chunk: this.before, line: k++, kind: prior.kind });
  }

  /** 1-based line where an occurrence's line begins (counting `lineOffset` lines before the text). */
  lineNumberOf(occ: Occurrence): number {
    // A stored fact has no line: 0 says so (messages about stored facts never ask, see describe.ts).
    if (occ.chunk instanceof StoredChunk) return 0;
    if (occ.chunk === this.before) return this.priors[occ.line].line;
    return this.lineOffset + occ.chunk.line + occ.chunk.lineAt(occ.chunk.table.start(occ.line)) + 1;
  }

  /** Range of a column's key in the line of an occurrence. */
  keyRange(occ: Occurrence, column: string): Range {
    const { chunk, line } = occ;
    if (chunk instanceof StoredChunk) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    // Before this text: lines counted from its start are negative.
    if (chunk === this.before) return shiftLines(this.priors[line].range, -this.lineOffset);
    const r = chunk.table.result(line, chunk.text, 0);
    if (r.ok) {
      const tokens = occ.kind === 'tag' ? r.point.tags.map((t) => t.key) : r.point.fields.map((f) => f.key);
      const token = tokens.find((t) => t.value === column);
      if (token !== undefined) return rangeOf(chunk, token.start, token.end);
    }
    const start = chunk.table.start(line);
    return rangeOf(chunk, start, start);
  }

  /**
   * Every column fact, the prior ones included, as `priorFacts` for the text that follows this one
   * (positions in the whole input), in the order they were set. The stored schema's facts are not
   * among them: the text that follows is given the stored schema itself.
   */
  export(facts: SchemaFacts): Map<string, PriorFact> {
    const out = new Map<string, PriorFact>();
    for (const [key, occ] of facts.entries()) {
      if (occ.chunk instanceof StoredChunk) continue;
      if (occ.chunk === this.before) {
        out.set(key, this.priors[occ.line]);
        continue;
      }
      out.set(key, { kind: occ.kind, line: this.lineNumberOf(occ), range: shiftLines(this.keyRange(occ, columnOfKey(key)), this.lineOffset) });
    }
    return out;
  }
}
