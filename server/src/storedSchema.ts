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

function isMeasurement(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as { name?: unknown; tags?: unknown; fields?: unknown };
  if (!isString(m.name) || !isStringList(m.tags) || !Array.isArray(m.fields)) return false;
  return m.fields.every((f: unknown) => typeof f === 'object' && f !== null && isString((f as { name?: unknown }).name) && isStringList((f as { types?: unknown }).types));
}

/** The schema a notification carries (undefined: forget it), or a string saying why it is not one. */
export function storedSchemaOf(params: unknown): StoredSchema | undefined | string {
  if (params === null || params === undefined) return undefined;
  if (typeof params !== 'object') return 'the stored schema is not an object';
  const p = params as Partial<Record<keyof StoredSchemaParams, unknown>>;
  if (!isString(p.where)) return "the stored schema has no 'where'";
  if (typeof p.readAtMs !== 'number' || !Number.isFinite(p.readAtMs)) return "the stored schema has no 'readAtMs'";
  if (!Array.isArray(p.measurements) || !p.measurements.every(isMeasurement)) return "the stored schema's measurements are not { name, tags, fields: { name, types }[] }";
  return new StoredSchema({ where: p.where, readAtMs: p.readAtMs, measurements: p.measurements as StoredSchemaParams['measurements'] });
}
