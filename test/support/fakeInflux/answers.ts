/**
 * How each product answers a write body (write-api.md §3), computed for real: the body is cut
 * with the core splitter and parsed with the core parser for that product, a small in-memory
 * schema catches type conflicts with earlier writes, and the answer text is built the way the
 * server builds it (IOx numbered errors capped at 100, InfluxDB 3 `data[]`, 2.x `unable to parse`).
 */
import type { FieldType } from '../../../core/src/model';
import { parseLineProtocol, splitDataLines } from '../../../core/src/index';
import { PROFILES, type Product } from '../../../core/src/products';

export interface FakeAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the fake "stored": one entry per written point (its line text). */
export interface FakeStore {
  /** measurement → field → type, as the first write created it. */
  readonly schema: Map<string, Map<string, FieldType>>;
  readonly lines: string[];
}

export function createStore(): FakeStore {
  return { schema: new Map(), lines: [] };
}

const IOX_TYPE: Readonly<Record<FieldType, string>> = { float: 'f64', integer: 'i64', uinteger: 'u64', string: 'string', boolean: 'bool' };
const MODELS_TYPE: Readonly<Record<FieldType, string>> = { float: 'float', integer: 'integer', uinteger: 'unsigned', string: 'string', boolean: 'boolean' };

interface Checked {
  readonly text: string;
  /** Parser or schema error for this line, or undefined when it is written. */
  error?: string;
  /** A write-path rejection of a parsed line (IOx `error writing line`), e.g. a repeated tag. */
  writeError?: string;
  conflict?: { measurement: string; field: string; existing: FieldType; attempted: FieldType };
  fields?: { measurement: string; field: string; type: FieldType }[];
}

/** Parses the body and checks every good line against the schema (stored plus earlier lines of the body). */
function check(body: string, product: Product, store: FakeStore): Checked[] {
  const profile = PROFILES[product];
  const doc = parseLineProtocol(body, { target: profile.parser, stringLimit: profile.stringLimit });
  const texts = splitDataLines(body).map((l) => l.text);
  const pending = new Map<string, FieldType>();
  const out: Checked[] = [];
  for (let i = 0; i < doc.count; i++) {
    const result = doc.result(i);
    const item: Checked = { text: texts[i] };
    out.push(item);
    if (!result.ok) {
      item.error = result.error.message;
      continue;
    }
    const measurement = result.point.measurement.value;
    // IOx rejects a repeated tag key whatever its values (line-protocol.md §6).
    const tagKeys = result.point.tags.map((t) => t.key.value);
    const repeated = tagKeys.find((k, j) => tagKeys.indexOf(k) < j);
    if (repeated !== undefined && profile.duplicateTags === 'write' && profile.duplicateTagMessage !== undefined) {
      item.writeError = profile.duplicateTagMessage.replace('{key}', repeated);
      continue;
    }
    const fields: { measurement: string; field: string; type: FieldType }[] = [];
    for (const field of result.point.fields) {
      const key = `${measurement}\u0000${field.key.value}`;
      const existing = store.schema.get(measurement)?.get(field.key.value) ?? pending.get(key);
      if (existing !== undefined && existing !== field.value.type) {
        item.conflict = { measurement, field: field.key.value, existing, attempted: field.value.type };
        break;
      }
      fields.push({ measurement, field: field.key.value, type: field.value.type });
    }
    if (!item.conflict) {
      item.fields = fields;
      for (const f of fields) pending.set(`${f.measurement}\u0000${f.field}`, f.type);
    }
  }
  return out;
}

function store(lines: readonly Checked[], into: FakeStore): void {
  for (const line of lines) {
    for (const f of line.fields ?? []) {
      let table = into.schema.get(f.measurement);
      if (!table) into.schema.set(f.measurement, (table = new Map()));
      if (!table.has(f.field)) table.set(f.field, f.type);
    }
    into.lines.push(line.text);
  }
}

function storedConflict(line: Checked, into: FakeStore): boolean {
  const c = line.conflict;
  return c !== undefined && into.schema.get(c.measurement)?.get(c.field) !== undefined;
}

/** Cloud Serverless / Dedicated / Clustered. */
function iox(lines: Checked[], into: FakeStore): FakeAnswer {
  // A conflict with stored data refuses the whole request, naming no line.
  const stored = lines.find((l) => l.error === undefined && storedConflict(l, into));
  if (stored?.conflict) {
    const c = stored.conflict;
    return {
      status: 400,
      body: JSON.stringify({
        code: 'invalid',
        message: `dml handler error: schema conflict: table ${c.measurement}, already exists: column ${c.field} is type ${IOX_TYPE[c.existing]} but schema update has type ${IOX_TYPE[c.attempted]}`,
      }),
    };
  }
  const entries: string[] = [];
  let first: number | undefined;
  lines.forEach((line, i) => {
    if (line.error !== undefined) entries.push(`error parsing line ${i + 1} (1-based): ${line.error}`);
    else if (line.writeError !== undefined) entries.push(`error writing line ${i + 1} (1-based): ${line.writeError}`);
    else if (line.conflict) {
      const c = line.conflict;
      entries.push(`error writing line ${i + 1} (1-based): Unable to insert iox::column_type::field::${c.attempted} type into column ${c.field} with type iox::column_type::field::${c.existing}`);
    } else return;
    first ??= i + 1;
  });
  store(lines.filter((l) => l.error === undefined && l.writeError === undefined && !l.conflict), into);
  if (entries.length === 0) return { status: 204, body: '' };
  const message = `failed to parse line protocol: errors encountered on line(s):\n${entries.slice(0, 100).join('\n')}`;
  return { status: 400, body: JSON.stringify({ code: 'invalid', line: first, message }) };
}

/** InfluxDB 3 Core / Enterprise `/api/v3/write_lp?accept_partial=true`. */
function v3(lines: Checked[], into: FakeStore): FakeAnswer {
  const data: { error_message: string; line_number: number; original_line: string }[] = [];
  lines.forEach((line, i) => {
    let message: string | undefined;
    if (line.error !== undefined) message = line.error;
    else if (line.conflict) {
      message = `invalid column type for column '${line.conflict.field}', expected iox::column_type::field::${line.conflict.existing}, got iox::column_type::field::${line.conflict.attempted}`;
    }
    if (message !== undefined) data.push({ error_message: message, line_number: i + 1, original_line: line.text.slice(0, 20) });
  });
  store(lines.filter((l) => l.error === undefined && !l.conflict), into);
  if (data.length === 0) return { status: 204, body: '' };
  // Core often sends no Content-Type: the writer must parse JSON regardless.
  return { status: 400, body: JSON.stringify({ error: 'partial write of line protocol occurred', data }), headers: { 'content-type': '' } };
}

/** OSS 2.x: a parse error refuses the whole request; storage conflicts are a 422 partial write. */
function ossV2(lines: Checked[], into: FakeStore): FakeAnswer {
  const failed = lines.filter((l) => l.error !== undefined);
  if (failed.length > 0) {
    // models.ParsePoints quotes the scanned block without its final line break (an unclosed string runs on to the body's end).
    return { status: 400, body: JSON.stringify({ code: 'invalid', message: failed.map((l) => `unable to parse '${l.text.replace(/\n$/, '')}': ${l.error}`).join('\n') }) };
  }
  const conflicts = lines.filter((l) => l.conflict);
  store(lines.filter((l) => !l.conflict), into);
  if (conflicts.length === 0) return { status: 204, body: '' };
  const c = conflicts[0].conflict as NonNullable<Checked['conflict']>;
  return {
    status: 422,
    body: JSON.stringify({
      code: 'unprocessable entity',
      message: `failure writing points to database: partial write: field type conflict: input field "${c.field}" on measurement "${c.measurement}" is type ${MODELS_TYPE[c.attempted]}, already exists as type ${MODELS_TYPE[c.existing]} dropped=${conflicts.length}`,
    }),
  };
}

/** The answer to a write body, and what it stores. */
export function answerWrite(product: Product, body: string, into: FakeStore): FakeAnswer {
  const lines = check(body, product, into);
  switch (PROFILES[product].dialect) {
    case 'iox':
      return iox(lines, into);
    case 'v3':
      return v3(lines, into);
    default:
      return ossV2(lines, into);
  }
}
