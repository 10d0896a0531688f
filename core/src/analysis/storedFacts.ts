/**
 * The stored schema of the bucket written to (issue 12), as facts the checks judge a document by:
 * what the server already holds sets column types before the document's first line, exactly as an
 * earlier line of the document would. The facts enter the analysis as prior facts (priorFacts.ts)
 * set by a `StoredChunk`, so that every rule of the in-file checks (first use sets the type, a
 * rejected line sets nothing, the column limit counts what exists) applies to them unchanged, and
 * messages can tell a stored fact from a line of the file.
 *
 * Where types are set per table (IOx, Cloud, InfluxDB 3) a stored type is the table's. On 1.x and
 * OSS 2.x a type holds only within a shard group (schema-and-influxdb3.md §4), and `SHOW FIELD
 * KEYS` does not say which groups hold which type: those facts are not claimed (no false alarm),
 * the checks only note a first use of another type (see StoredSchema.otherTypes).
 */
import type { FieldType } from '../model';
import { parseRegion } from '../parse/parseRegion';
import { PROFILES } from '../products';
import { Chunk } from './chunks';

/** One stored measurement: the shape of core/src/tools/bucketSchema.ts's StoredMeasurement and of the protocol's StoredMeasurementSent. */
export interface StoredMeasurementInput {
  readonly name: string;
  readonly tags: readonly string[];
  readonly fields: readonly StoredFieldInput[];
}

export interface StoredFieldInput {
  readonly name: string;
  readonly types: readonly string[];
  /**
   * 1.x: the type the field holds in each shard group that holds it (ns since the epoch as decimal
   * strings, core/src/tools/shardTypes.ts), where known: there the type is a fact like any other.
   */
  readonly byShardGroup?: readonly { readonly startNs: string; readonly endNs: string; readonly type: string }[];
}

/** A field's type in one shard group. */
export interface StoredGroupType {
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly type: FieldType;
}

/** A stored schema as the client or the command line read it. */
export interface StoredSchemaInput {
  /** How messages name where it is stored, e.g. "bucket 'sensors'". */
  readonly where: string;
  /** When it was read (ms since the epoch). */
  readonly readAtMs: number;
  /** The product that stores it, as messages name it; default: the product the checks follow. */
  readonly storedBy?: string | undefined;
  readonly measurements: readonly StoredMeasurementInput[];
}

const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>(['float', 'integer', 'uinteger', 'string', 'boolean']);

/** The stored columns of one measurement: tag keys, and field keys with their types (line protocol's names). */
export interface StoredColumns {
  readonly tags: ReadonlySet<string>;
  readonly fields: ReadonlyMap<string, readonly FieldType[]>;
  /** 1.x: per field, its type in the shard groups read (see StoredFieldInput.byShardGroup). */
  readonly groups: ReadonlyMap<string, readonly StoredGroupType[]>;
}

function groupTypesOf(field: StoredFieldInput): StoredGroupType[] {
  const out: StoredGroupType[] = [];
  for (const g of field.byShardGroup ?? []) {
    if (!FIELD_TYPES.has(g.type) || !/^-?\d+$/.test(g.startNs) || !/^-?\d+$/.test(g.endNs)) continue;
    out.push({ startNs: BigInt(g.startNs), endNs: BigInt(g.endNs), type: g.type as FieldType });
  }
  return out;
}

/**
 * Whether the product that stores a schema keeps a field's type per shard group (1.x, OSS 2.x),
 * known from its name as messages give it (the products' labels, products.ts); undefined when not
 * named: then the stored facts follow the product the checks follow.
 */
function typesPerShardGroup(storedBy: string | undefined): boolean | undefined {
  if (storedBy === undefined) return undefined;
  const profile = Object.values(PROFILES).find((p) => p.label === storedBy);
  return profile === undefined ? undefined : profile.typeConflictScope === 'shard';
}

export class StoredSchema {
  readonly where: string;
  readonly readAtMs: number;
  readonly storedBy: string | undefined;
  /**
   * Whether the storing product keeps types per shard group (undefined: as the checks' product).
   * Stored facts are judged by the rules of the product that stores them: a 1.x type is never a
   * table-wide fact, even where the checks follow a product that sets types per table.
   */
  readonly perShardGroup: boolean | undefined;
  readonly measurements: ReadonlyMap<string, StoredColumns>;

  constructor(input: StoredSchemaInput) {
    this.where = input.where;
    this.readAtMs = input.readAtMs;
    this.storedBy = input.storedBy;
    this.perShardGroup = typesPerShardGroup(input.storedBy);
    const measurements = new Map<string, StoredColumns>();
    for (const m of input.measurements) {
      const fields = new Map<string, FieldType[]>();
      const groups = new Map<string, StoredGroupType[]>();
      for (const f of m.fields) {
        // A type this version does not know constrains nothing (no false alarm).
        const types = f.types.filter((t): t is FieldType => FIELD_TYPES.has(t));
        if (types.length > 0) fields.set(f.name, [...new Set(types)]);
        const byGroup = groupTypesOf(f);
        if (byGroup.length > 0) groups.set(f.name, byGroup);
      }
      measurements.set(m.name, { tags: new Set(m.tags), fields, groups });
    }
    this.measurements = measurements;
  }

  /** The stored columns of a measurement (undefined: not stored, so unconstrained). */
  columnsOf(measurement: string): StoredColumns | undefined {
    return this.measurements.get(measurement);
  }

  /**
   * Whether a field's first use gets a note of the types stored in some shard group (otherTypes):
   * where the storing product keeps types per shard group, whatever the checks' product (`perTable`:
   * whether that one sets types per table).
   */
  notesOtherShards(perTable: boolean): boolean {
    return this.perShardGroup ?? !perTable;
  }

  /** The stored types of a field other than `type` (empty when none or not stored). */
  otherTypes(measurement: string, key: string, type: FieldType): readonly FieldType[] {
    const types = this.measurements.get(measurement)?.fields.get(key);
    return types === undefined ? [] : types.filter((t) => t !== type);
  }
}

/**
 * Stands for the stored schema in the occurrences of its facts: before every chunk of the text
 * (offset -1), as the text before an analysed one does (priorFacts.ts), and known by its class.
 */
export class StoredChunk extends Chunk {
  private current: StoredSchema;

  constructor(schema: StoredSchema) {
    super('', parseRegion('', 0, 0));
    this.current = schema;
    this.offset = -1;
  }

  /** The schema whose facts this stands for. */
  get schema(): StoredSchema {
    return this.current;
  }

  /**
   * Stands for the schema read again from the same place (same bucket and product, so every message
   * that names it stays true): the facts it does not change keep their occurrences, and no fact
   * keeps an older schema alive (storedChange.ts).
   */
  rebase(schema: StoredSchema): void {
    this.current = schema;
  }
}

/** The stored schema whose fact an occurrence is, if it is one. */
export function storedOrigin(occ: { readonly chunk: Chunk } | undefined): StoredSchema | undefined {
  return occ !== undefined && occ.chunk instanceof StoredChunk ? occ.chunk.schema : undefined;
}
