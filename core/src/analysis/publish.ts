/**
 * A chunk's findings as the document's diagnostics: LSP-style ranges, the line where a related
 * fact was set filled into the message, related information pointing at it, and the payload a
 * quick fix needs (see fixes.ts).
 */
import type { FieldType } from '../model';
import type { Chunk } from './chunks';
import type { DiagnosticCode, Severity } from './codes';
import type { ChunkDiagnostic } from './findings';
import { FIRST_PLACEHOLDER, firstWritten, firstWrittenHere } from './messages';
import { lineIndexAt, rangeOf, type Range } from './positions';
import type { FactPlaces } from './priorFacts';
import { columnOfKey, type Occurrence } from './schema';

/** A quick fix's input, carried with the diagnostic (LSP `data`). */
export type FixPayload =
  | { readonly fix: 'set-type'; readonly type: FieldType; readonly from: FieldType }
  | { readonly fix: 'crlf' }
  | { readonly fix: 'trailing-whitespace' }
  /** `remove`: the earlier occurrence of the field and its separating comma. */
  | { readonly fix: 'remove-field'; readonly remove: Range }
  /** Tried only when asked for: a backslash before a space or comma of `line` up to the diagnostic's start. */
  | { readonly fix: 'escape'; readonly line: Range };

export interface RelatedInfo {
  readonly range: Range;
  readonly message: string;
}

export interface AnalysisDiagnostic {
  readonly range: Range;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly related?: readonly RelatedInfo[];
  readonly fix?: FixPayload;
}

/** The document's current fact of a key (undefined: no stored line writes it any more). */
export type FactOf = (key: string) => Occurrence | undefined;

/** A finding of `chunk` as the document's diagnostic. */
export function publish(chunk: Chunk, d: ChunkDiagnostic, factOf: FactOf, places: FactPlaces): AnalysisDiagnostic {
  const range = rangeOf(chunk, d.start, d.end);
  let message = d.message;
  let related: RelatedInfo[] | undefined;
  if (d.relatedKey !== undefined) {
    const occ = factOf(d.relatedKey);
    if (occ !== undefined) {
      message = message.replace(FIRST_PLACEHOLDER, firstWritten(places.lineNumberOf(occ)));
      const column = d.relatedColumn ?? columnOfKey(d.relatedKey);
      related = [{ range: places.keyRange(occ, column), message: firstWrittenHere(column, occ.kind) }];
    } else {
      message = message.replace(FIRST_PLACEHOLDER, firstWritten(undefined));
    }
  }
  let fix: FixPayload | undefined;
  const f = d.fix;
  if (f !== undefined) {
    if (f.fix === 'escape') fix = { fix: 'escape', line: rangeOf(chunk, f.lineStart, f.lineEnd) };
    else if (f.fix === 'remove-field') fix = { fix: 'remove-field', remove: rangeOf(chunk, f.start, f.end) };
    else if (f.fix === 'set-type') fix = { fix: 'set-type', type: f.type, from: valueTypeAt(chunk, d.start) ?? f.type };
    else fix = f;
  }
  return { range, severity: d.severity, code: d.code, message, ...(related ? { related } : {}), ...(fix ? { fix } : {}) };
}

/** The type of the field value that starts at a chunk-relative offset. */
function valueTypeAt(chunk: Chunk, rel: number): FieldType | undefined {
  const i = lineIndexAt(chunk, rel);
  if (i < 0) return undefined;
  const r = chunk.table.result(i, chunk.text, 0);
  if (!r.ok) return undefined;
  return r.point.fields.find((f) => f.valueSpan.start === rel)?.value.type;
}
