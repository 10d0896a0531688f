/**
 * One read of a bucket's stored schema for the editor (storedSchema.ts): the measurements asked
 * for, and on 1.x each field's type per shard group (core/src/tools/shardTypes.ts), which makes a
 * conflict in a point's own group an error. Whatever a server echoed, no credential reaches a
 * reason or a log line.
 */
import type { Credentials } from '../../core/src/write/index';
import { readBucketSchema, type SchemaFailure } from '../../core/src/tools/bucketSchema';
import { readShardFieldTypes } from '../../core/src/tools/shardTypes';
import { Scrubber } from '../../core/src/write/secrets';
import { toWriteConnection, type ConnectionSettings } from './connections';
import type { StoredMeasurement } from './schemaCache';

export type EditorSchemaRead =
  | { readonly ok: true; readonly measurements: readonly StoredMeasurement[] }
  | { readonly ok: false; readonly reason: string; readonly failure: SchemaFailure };

export interface SchemaReadOptions {
  readonly measurements: readonly string[] | undefined;
  readonly signal: AbortSignal;
  /** Checked after each answer: false (cancelled, another connection, closed) ends the read with undefined. */
  readonly stillWanted: () => boolean;
  /** `where` names the bucket in a log line ("bucket 'b'"). */
  readonly where: string;
  /** Said once: the types per shard group could not be read. */
  readonly warn: (message: string) => void;
}

export async function readEditorSchema(settings: ConnectionSettings, credentials: Credentials, fetchFn: typeof fetch | undefined, options: SchemaReadOptions): Promise<EditorSchemaRead | undefined> {
  const { signal } = options;
  const connection = toWriteConnection(settings);
  const read = await readBucketSchema(connection, credentials, fetchFn, { measurements: options.measurements, signal });
  if (!options.stillWanted()) return undefined;
  const scrubber = new Scrubber();
  scrubber.add(credentials);
  if (!read.ok) return { ok: false, reason: scrubber.scrub(read.reason), failure: read.failure };
  let measurements: readonly StoredMeasurement[] = read.measurements;
  if (settings.target === 'v1' && measurements.length > 0) {
    // 1.x keeps a type per shard group: which group holds which type makes a conflict in the
    // point's own group an error; without it a stored type is only a note.
    const groups = await readShardFieldTypes(connection, credentials, fetchFn ?? fetch, measurements.map((m) => ({ measurement: m.name, fields: m.fields })), { signal });
    if (!options.stillWanted()) return undefined;
    if (groups.ok) measurements = measurements.map((m) => ({ ...m, fields: m.fields.map((f) => ({ ...f, byShardGroup: groups.types.get(m.name)?.get(f.name) ?? [] })) }));
    else options.warn(`The field types per shard group of ${options.where} could not be read through '${settings.name}' (${scrubber.scrub(groups.reason)}): a stored type is only noted, never an error.`);
  }
  return { ok: true, measurements };
}
