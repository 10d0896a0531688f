/**
 * A large text checked in parts at once: the part after a data-line boundary is analysed on its own
 * (in another thread, by the language server) while the part before it is analysed as usual, and
 * the results are joined with `DocumentAnalysis.appendPart`. The diagnostics are exactly those of
 * one pass over the whole text. Everything here is plain data, so a part can cross threads: tables
 * as typed arrays whose buffers are transferred, not copied.
 */
import { tableBuffers, tableFromParts, tableParts, type TableParts } from '../parse/table';
import { CheckedChunks } from './checkedChunks';
import { nearFullFamily } from './familyCounts';
import { chunkedText, type ChunkedText, type ChunkSizes } from './chunkedText';
import { Chunk } from './chunks';
import type { ChunkDiagnostic } from './findings';
import { DEFAULT_PRECISION_SETTING } from './messages';
import { FactPlaces } from './priorFacts';
import { columnOfKey, flatKey, type ColumnKind, type MeasurementMentions, type Occurrence } from './schema';
import { parseOptionsOf, type CheckerSettings } from './settings';

/** One chunk of a part: its length in the part's text, its table and its checks. */
export interface PartChunk {
  readonly length: number;
  /** Whether its text holds a '\r' (so that the joining thread need not look). */
  readonly hasCR: boolean;
  readonly table: TableParts;
  readonly checks: readonly ChunkDiagnostic[];
  /** The first occurrence of each conflict key among its stored lines: key, data line, kind. */
  readonly keys: readonly (readonly [key: string, line: number, kind: ColumnKind])[];
  /** The columns its checks read (see chunkMentions). */
  readonly mentions: Map<string, MeasurementMentions>;
}

/** The first occurrence in a part of a conflict key among its stored lines: the key, chunk index, data line in the chunk, kind. */
export type PartFact = readonly [key: string, chunk: number, line: number, kind: ColumnKind];

export interface PartAnalysis {
  /** The time its checks used (the parts of one text must agree on it). */
  readonly nowNs: bigint;
  readonly chunks: readonly PartChunk[];
  readonly facts: readonly PartFact[];
}

/**
 * Where to cut a text into a head and a tail analysed apart: after the first '\n' past the middle
 * (undefined when there is none). Whether that '\n' ends a data line (and not a line inside a
 * quoted string) is known only once the head is parsed: `appendPart` says.
 */
export function partCut(text: string): number | undefined {
  const nl = text.indexOf('\n', text.length >> 1);
  return nl < 0 || nl + 1 >= text.length ? undefined : nl + 1;
}

/** Analyses `text` (the tail of a larger text, starting at a data-line boundary) as a part, at the time `nowNs`. */
export function analyzePart(text: string, settings: CheckerSettings, nowNs: bigint, sizes: ChunkSizes = {}): PartAnalysis {
  const chunks = chunkedText(text, parseOptionsOf(settings), sizes).chunks;
  return exportPart(chunks, new CheckedChunks(chunks, settings, nowNs, new FactPlaces(undefined, 0), DEFAULT_PRECISION_SETTING));
}

/** The buffers to transfer (not copy) when a part is posted to another thread. */
export function partBuffers(part: PartAnalysis): ArrayBuffer[] {
  return part.chunks.flatMap((c) => tableBuffers(c.table));
}

/**
 * An analysis as plain data, for appending to the analysis of the text before it: each chunk's
 * length, table and checks, and the first occurrence of every key.
 */
export function exportPart(chunks: readonly Chunk[], checked: CheckedChunks): PartAnalysis {
  const index = new Map<Chunk, number>(chunks.map((c, k) => [c, k]));
  const facts: PartFact[] = [];
  for (const [key, occ] of checked.facts.entries()) facts.push([key, index.get(occ.chunk) as number, occ.line, occ.kind]);
  return {
    nowNs: checked.ctx.nowNs,
    chunks: chunks.map((c) => ({
      length: c.text.length,
      hasCR: c.hasCR,
      table: tableParts(c.table),
      checks: checked.checksOf(c),
      keys: [...checked.keysOf(c)].map(([key, occ]) => [key, occ.line, occ.kind] as const),
      mentions: checked.mentionsOf(c),
    })),
    facts,
  };
}

/**
 * Appends `part`, the analysis of `partText` (the text that follows, analysed apart with the same
 * settings, chunk sizes and time), to the analysis of `text`. Returns the new chunks, or undefined,
 * changing nothing, when the text does not end at a data-line boundary (a quoted string runs on
 * past it): then the parts cannot be joined.
 *
 * The part was checked as if it were the whole text, so its facts are its own first occurrences.
 * A key the text already has keeps its fact, and the part's chunks whose lines that fact may judge
 * otherwise (a line of another kind; a table near the column limit) are checked again, in order,
 * against the joined facts (see CheckedChunks.markDirty).
 *
 * The new chunks' texts are views of `partText` (copying 25 MB would delay the first diagnostics):
 * detach them once they are published, so that `partText` is not kept alive.
 */
export function joinPart(text: ChunkedText, checked: CheckedChunks, partText: string, part: PartAnalysis): Chunk[] | undefined {
  const own = text.chunks;
  if (!own[own.length - 1].table.endsAtBoundary || part.nowNs !== checked.ctx.nowNs) return undefined;
  const added: Chunk[] = [];
  let offset = 0;
  for (const p of part.chunks) {
    const chunk = new Chunk(partText.slice(offset, offset + p.length), tableFromParts(p.table), p.hasCR);
    const keys = new Map<string, Occurrence>(p.keys.map(([key, line, kind]) => [key, { chunk, line, kind }]));
    checked.adopt(chunk, { diagnostics: p.checks as ChunkDiagnostic[], keys, mentions: p.mentions });
    added.push(chunk);
    offset += p.length;
  }
  const from = own.length;
  text.append(added);
  const facts = checked.facts;
  // The part's facts are its own first stored occurrences: a key this text already has keeps its
  // fact here, and the part's lines that read it are judged again where the verdict may differ.
  const partFacts = new Map<string, Occurrence>(part.facts.map(([key, k, line, kind]) => [key, { chunk: added[k], line, kind }]));
  const headFacts = new Map<string, Occurrence>();
  // Where columns per table are limited, a part's lines of a table this text has columns of
  // count those too: the part's chunks of such a table near the limit are judged again.
  const limit = checked.ctx.scope.perTable ? checked.ctx.settings.profile.columnLimit : undefined;
  const counted: [Chunk, string, number][] = [];
  const mentioned = new Map<string, Set<string>>();
  for (const c of added) {
    for (const [m, mentions] of checked.mentionsOf(c)) {
      if (facts.columnsOf(m, false) === undefined) continue;
      if (limit !== undefined) counted.push([c, m, mentions.maxColumns]);
      let keys = mentioned.get(m);
      if (keys === undefined) mentioned.set(m, (keys = new Set()));
      for (const k of mentions.columns.keys()) keys.add(k);
    }
  }
  // Every column of a key the part writes (on 1.x/2.x, of every shard group).
  for (const [m, keys] of mentioned) {
    for (const [column, head] of facts.columnsOf(m, false) ?? []) {
      const key = flatKey(m, column);
      if (keys.has(columnOfKey(key))) headFacts.set(key, head);
    }
  }
  for (const [key, occ] of partFacts) facts.claim(key, occ);
  const dirty = new Set<Chunk>();
  for (const [c, m, maxColumns] of counted) if ((facts.columnsOf(m, false)?.size ?? 0) + maxColumns + 1 > (limit as number)) dirty.add(c);
  // InfluxDB 3's per-family field limit (families.ts): a part's chunk writing a near-full family.
  if (checked.ctx.scope.perTable && checked.ctx.settings.profile.dialect === 'v3') {
    for (const c of added) {
      for (const [m, mentions] of checked.mentionsOf(c)) {
        const columns = facts.columnsOf(m, false);
        if (columns !== undefined && nearFullFamily(columns, mentions.columns)) dirty.add(c);
      }
    }
  }
  const chunks = text.chunks;
  for (const [key, head] of headFacts) checked.markDirty(chunks, key, partFacts.get(key), head, from - 1, dirty);
  checked.recheckFrom(chunks, from, dirty, new Map());
  return added;
}
