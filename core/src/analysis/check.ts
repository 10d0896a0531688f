/**
 * The checks of one chunk: every reason the configured target would reject (or silently change)
 * a line, on the exact characters (goodLine.ts for a line that parses, badLine.ts for one that
 * does not, encoding.ts for the characters), and the summary of the chunk that the document's
 * facts and later edits need (which keys its stored lines set first, which keys it mentions).
 *
 * A line is judged against the facts of the lines stored before it, as the servers do: each line
 * goes through its own writer and a rejected one is rolled back entirely (schema-and-influxdb3.md
 * §5), so only a line with no error sets the facts of its new columns.
 */
import type { CheckContext } from './checkContext';
import { KnownMeasurements } from './chunkColumns';
import type { Chunk } from './chunks';
import { checkBadLine } from './badLine';
import { addEncodingDiagnostics } from './encoding';
import type { ChunkDiagnostic } from './findings';
import { checkGoodLine } from './goodLine';
import { LineKeys } from './lineKeys';
import { flatKey, type MeasurementMentions, type Occurrence } from './schema';

/** The checks of a chunk, and the facts its stored lines set. */
export interface ChunkCheck {
  readonly diagnostics: ChunkDiagnostic[];
  /** Per conflict key (see flatKey), its first occurrence among the lines of the chunk the server stores. */
  readonly keys: Map<string, Occurrence>;
  /** What chunkMentions would say of the chunk, gathered on the way. */
  readonly mentions: Map<string, MeasurementMentions>;
}

/**
 * Checks every data line of a chunk. Outside the first pass, its lines are judged by the facts of
 * the chunks before it and of its own stored lines (see KnownColumns).
 */
export function checkChunk(chunk: Chunk, ctx: CheckContext): ChunkCheck {
  const known = new KnownMeasurements();
  const lineKeys = new LineKeys();
  const out: ChunkDiagnostic[] = [];
  const { table, text } = chunk;
  for (let i = 0; i < table.count; i++) {
    if (table.ok(i)) checkGoodLine(chunk, i, ctx, known, lineKeys, out);
    else checkBadLine(table, text, i, ctx, out);
  }
  addEncodingDiagnostics(out, text, ctx.settings.profile);
  const keys = new Map<string, Occurrence>();
  const mentions = new Map<string, MeasurementMentions>();
  for (const [m, columns] of known.claims) for (const [column, occ] of columns) keys.set(flatKey(m, column), occ);
  for (const k of known.all) {
    let mm = mentions.get(k.measurement);
    if (mm === undefined) mentions.set(k.measurement, (mm = { columns: new Map(), maxColumns: 0 }));
    if (k.maxColumns > mm.maxColumns) mm.maxColumns = k.maxColumns;
    const columns = mm.columns;
    for (const e of k.tags) if (e.kinds !== 0) columns.set(e.key, (columns.get(e.key) ?? 0) | e.kinds);
    for (const e of k.fields) if (e.kinds !== 0) columns.set(e.key, (columns.get(e.key) ?? 0) | e.kinds);
    for (const [key, kinds] of k.overflow) columns.set(key, (columns.get(key) ?? 0) | kinds);
  }
  return { diagnostics: out, keys, mentions };
}
