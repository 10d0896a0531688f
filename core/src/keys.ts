/**
 * Composite keys as one string, their parts joined by NUL: the analysis's conflict keys
 * (measurement, column and, on 1.x/2.x, the shard-group window) and the writer's field and point
 * keys. One format in one place, so that a key built by one module is read the same by another.
 */

/** What joins the parts of a key. */
export const KEY_SEPARATOR = '\u0000';

/** A conflict key: measurement, NUL, column. */
export function flatKey(measurement: string, column: string): string {
  return `${measurement}${KEY_SEPARATOR}${column}`;
}

/** A key with one more part (a field column's shard-group window); an empty part adds nothing. */
export function extendKey(key: string, part: string): string {
  return part === '' ? key : `${key}${KEY_SEPARATOR}${part}`;
}

export function measurementOfKey(key: string): string {
  return key.slice(0, key.indexOf(KEY_SEPARATOR));
}

/** Everything after the measurement: the column, and its window when the key has one. */
export function afterMeasurement(key: string): string {
  return key.slice(key.indexOf(KEY_SEPARATOR) + 1);
}

export function columnOfKey(key: string): string {
  const a = key.indexOf(KEY_SEPARATOR) + 1;
  const b = key.indexOf(KEY_SEPARATOR, a);
  return b < 0 ? key.slice(a) : key.slice(a, b);
}
