/**
 * A large text checked in parts at once: the part after a data-line boundary is analysed on its own
 * (in another thread, by the language server) while the part before it is analysed as usual, and
 * the results are joined with `DocumentAnalysis.appendPart`. The diagnostics are exactly those of
 * one pass over the whole text. Everything here is plain data, so a part can cross threads: tables
 * as typed arrays whose buffers are transferred, not copied.
 */
import { tableBuffers, type TableParts } from '../parse/table';
import { DocumentAnalysis, type AnalysisOptions } from './analysis';
import type { ChunkDiagnostic } from './check';
import type { ColumnKind, MeasurementMentions } from './schema';
import type { CheckerSettings } from './settings';

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

/** Analyses `text` (the tail of a larger text, starting at a data-line boundary) as a part. */
export function analyzePart(text: string, settings: CheckerSettings, nowNs: bigint, options: Pick<AnalysisOptions, 'chunkSize' | 'openChunkSize'> = {}): PartAnalysis {
  return new DocumentAnalysis(text, settings, { ...options, firstNowNs: nowNs }).exportPart();
}

/** The buffers to transfer (not copy) when a part is posted to another thread. */
export function partBuffers(region: PartAnalysis): ArrayBuffer[] {
  return region.chunks.flatMap((c) => tableBuffers(c.table));
}
