/**
 * What the checks of a chunk produce: problems with offsets relative to the chunk, worded but for
 * where a related fact was set (filled in when published, see publish.ts), plain data so that a
 * part analysed in another thread can carry them (see parts.ts).
 */
import type { FieldType } from '../model';
import type { DiagnosticCode, Severity } from './codes';
import type { StoredSchema } from './storedFacts';
import type { MalformedQualifier } from './families';

/** What a quick fix needs to know beyond the diagnostic's range. */
export type FixData =
  | { readonly fix: 'set-type'; readonly type: FieldType }
  | { readonly fix: 'crlf' }
  | { readonly fix: 'trailing-whitespace' }
  /** The earlier occurrence to remove (with its separating comma): the servers that keep a value keep the last. */
  | { readonly fix: 'remove-field'; readonly start: number; readonly end: number }
  /** The line to try escaping in (without its line ending and trailing blanks); the error is the diagnostic's start. */
  | { readonly fix: 'escape'; readonly lineStart: number; readonly lineEnd: number };

/** A problem found in one chunk; offsets are relative to the chunk. */
export interface ChunkDiagnostic {
  readonly start: number;
  readonly end: number;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  /** `{first}` stands for where the related fact was set ("line 3"), filled in when published. */
  readonly message: string;
  /** The conflict key whose first occurrence set the fact this one contradicts. */
  readonly relatedKey?: string;
  readonly relatedColumn?: string;
  readonly fix?: FixData;
}

/**
 * Problems of a good line found by the cheap pass, given their spans and words afterwards (see
 * describe.ts). `stored`: the fact is the stored schema's (storedFacts.ts), not a line's.
 */
export type Finding =
  /** `factKey` undefined: the fact was set by this very line (a tag and a field of one name). */
  | { readonly what: 'tag-conflict'; readonly index: number; readonly key: string; readonly fact: FieldType; readonly factKey: string; readonly stored: StoredSchema | undefined }
  | { readonly what: 'field-conflict'; readonly index: number; readonly key: string; readonly fact: 'tag' | FieldType; readonly factKey: string | undefined; readonly stored: StoredSchema | undefined }
  /** 1.x/2.x: the first use of a field (in its shard group) whose stored types, in some shard group, include others. */
  | { readonly what: 'stored-other-shard'; readonly index: number; readonly key: string; readonly types: readonly FieldType[]; readonly stored: StoredSchema }
  | { readonly what: 'duplicate-tag' | 'duplicate-field'; readonly index: number; readonly key: string; readonly other: number }
  | { readonly what: 'reserved-tag' | 'reserved-field'; readonly index: number; readonly key: string }
  /** The line's new columns (`tags`/`fields`: their indexes) would take the table past the column limit. */
  | { readonly what: 'column-limit'; readonly tags: readonly number[]; readonly fields: readonly number[]; readonly columns: number; readonly stored: { readonly schema: StoredSchema; readonly count: number } | undefined }
  /** The field at `index` would be the 101st of its named family (families.ts): the catalog refuses the line. */
  | { readonly what: 'family-limit'; readonly index: number; readonly key: string; readonly family: string }
  /** The field at `index` has `::` that names no family (families.ts): the server reads the whole name as an unqualified field. */
  | { readonly what: 'family-qualifier'; readonly index: number; readonly key: string; readonly how: MalformedQualifier }
  | { readonly what: 'timestamp' };
