/**
 * Reading a bucket's stored schema for `lp check --url …` and `lp schema` (issue 12): the
 * connection options of `lp write` (write.ts's parsing), the reader of core/src/tools (requests
 * only to --url's origin, each limited to --timeout-ms), and how the schema is named in messages.
 */
import { StoredSchema } from '../../core/src/analysis';
import type { Product } from '../../core/src/products';
import { readBucketSchema, type SchemaRead } from '../../core/src/tools/index';
import { readShardFieldTypes } from '../../core/src/tools/shardTypes';
import { Scrubber } from '../../core/src/write/secrets';
import type { ServerChoice } from './writeConnection';

/** The options that name a server to read the schema from (those of `lp write`, less the writing ones). */
export const CONNECTION_OPTIONS = [
  { name: 'url', takesValue: true },
  { name: 'bucket', takesValue: true },
  { name: 'org', takesValue: true },
  { name: 'token-env', takesValue: true },
  { name: 'username-env', takesValue: true },
  { name: 'password-env', takesValue: true },
  { name: 'ca-file', takesValue: true },
  { name: 'timeout-ms', takesValue: true },
] as const;

/** Products whose storage unit their users call a bucket; the others call it a database. */
const BUCKET_PRODUCTS: ReadonlySet<Product> = new Set<Product>(['cloud-serverless', 'oss-v2']);

/** How messages name where the schema is stored: "bucket 'sensors'" or "database 'telegraf'". */
export function storedWhere(product: Product, bucket: string): string {
  return `${BUCKET_PRODUCTS.has(product) ? 'bucket' : 'database'} '${bucket}'`;
}

export function readSchema(source: ServerChoice): Promise<SchemaRead> {
  return readBucketSchema(source.connection, source.credentials, source.fetch);
}

/**
 * A schema read as the analysis's stored facts. On 1.x each field's type per shard group is read
 * too (shardTypes.ts), so that a conflict in the point's own shard group is an error; when that
 * cannot be read, `note` says why and the 1.x types stay notes only.
 */
export async function storedSchemaOf(read: Extract<SchemaRead, { ok: true }>, source: ServerChoice, readAtMs: number, note: (text: string) => Promise<void>): Promise<StoredSchema> {
  const where = storedWhere(source.connection.product, source.connection.bucket);
  let measurements = read.measurements;
  if (source.connection.product === 'v1') {
    const groups = await readShardFieldTypes(source.connection, source.credentials, source.fetch, read.measurements.map((m) => ({ measurement: m.name, fields: m.fields })));
    if (groups.ok) {
      measurements = measurements.map((m) => ({ ...m, fields: m.fields.map((f) => ({ ...f, byShardGroup: groups.types.get(m.name)?.get(f.name) ?? [] })) }));
    } else {
      await note(`the field types per shard group of ${where} could not be read (${groups.reason}): a stored type is then only noted, never an error.`);
    }
  }
  return new StoredSchema({ where, readAtMs, measurements });
}

/** Why the schema could not be read, without any credential the server may have echoed. */
export function unreadText(read: Extract<SchemaRead, { ok: false }>, source: ServerChoice): string {
  const scrubber = new Scrubber();
  scrubber.add(source.credentials);
  return scrubber.scrub(`the stored schema of ${storedWhere(source.connection.product, source.connection.bucket)} could not be read: ${read.reason}`);
}
