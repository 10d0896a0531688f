/**
 * The `lp parse --json` record: one JSON object per data line. Other tools read this format, so
 * its shape and key order are fixed (see `lp parse --help`); change it only by adding keys.
 */
import type { FieldValue, LineResult } from '../../core/src/model';

/** Floats as text so that no reader loses precision or -0: the shortest round-trip form JS gives. */
export function formatFloat(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function jsonValue(value: FieldValue): string {
  switch (value.type) {
    case 'float':
      return `{"type":"float","value":"${formatFloat(value.value)}"}`;
    case 'integer':
    case 'uinteger':
      return `{"type":"${value.type}","value":"${value.value.toString()}"}`;
    case 'string':
      return `{"type":"string","value":${JSON.stringify(value.value)}}`;
    case 'boolean':
      return `{"type":"boolean","value":${value.value ? 'true' : 'false'}}`;
  }
}

/**
 * `line`: 1-based physical line where the data line begins; `column`: 1-based, in UTF-16 code
 * units, of the error position within its own physical line (needed only when the line failed).
 */
export function formatParseRecord(line: number, dataLine: number, result: LineResult, column: number): string {
  const head = `{"line":${line},"dataLine":${dataLine},"ok":${result.ok}`;
  if (!result.ok) {
    const { kind, message } = result.error;
    return `${head},"error":{"kind":"${kind}","message":${JSON.stringify(message)},"column":${column}}}`;
  }
  const { measurement, tags, fields, timestamp } = result.point;
  const tagList = tags.map((t) => `[${JSON.stringify(t.key.value)},${JSON.stringify(t.value.value)}]`).join(',');
  const fieldList = fields.map((f) => `[${JSON.stringify(f.key.value)},${jsonValue(f.value)}]`).join(',');
  const ts = timestamp === undefined ? 'null' : `"${timestamp.value.toString()}"`;
  return `${head},"measurement":${JSON.stringify(measurement.value)},"tags":[${tagList}],"fields":[${fieldList}],"timestamp":${ts}}`;
}
