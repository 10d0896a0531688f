/**
 * The stored schema the client read (StoredSchemaNotification, issue 12): the server never sees a
 * credential, only what the client hands over. Each notification replaces the schema every open
 * document is checked against (null forgets it); what it sends is checked for shape first, so a
 * malformed message changes nothing but a line in the log.
 */
import { StoredSchema } from '../../core/src/analysis';
import type { StoredSchemaParams } from '../../protocol/src/protocol';

const isString = (v: unknown): v is string => typeof v === 'string';

function isStringList(v: unknown): v is readonly string[] {
  return Array.isArray(v) && v.every(isString);
}

function isGroupType(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as { startNs?: unknown; endNs?: unknown; type?: unknown };
  return isString(g.startNs) && isString(g.endNs) && isString(g.type);
}

function isField(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as { name?: unknown; types?: unknown; byShardGroup?: unknown };
  return isString(f.name) && isStringList(f.types) && (f.byShardGroup === undefined || (Array.isArray(f.byShardGroup) && f.byShardGroup.every(isGroupType)));
}

function isMeasurement(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as { name?: unknown; tags?: unknown; fields?: unknown };
  return isString(m.name) && isStringList(m.tags) && Array.isArray(m.fields) && m.fields.every(isField);
}

/** The schema a notification carries (undefined: forget it), or a string saying why it is not one. */
export function storedSchemaOf(params: unknown): StoredSchema | undefined | string {
  if (params === null || params === undefined) return undefined;
  if (typeof params !== 'object') return 'the stored schema is not an object';
  const p = params as Partial<Record<keyof StoredSchemaParams, unknown>>;
  if (!isString(p.where)) return "the stored schema has no 'where'";
  if (typeof p.readAtMs !== 'number' || !Number.isFinite(p.readAtMs)) return "the stored schema has no 'readAtMs'";
  if (!Array.isArray(p.measurements) || !p.measurements.every(isMeasurement)) return "the stored schema's measurements are not { name, tags, fields: { name, types, byShardGroup? }[] }";
  const storedBy = isString(p.storedBy) ? p.storedBy : undefined;
  return new StoredSchema({ where: p.where, readAtMs: p.readAtMs, storedBy, measurements: p.measurements as StoredSchemaParams['measurements'] });
}
