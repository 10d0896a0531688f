/**
 * How each product answers a write body (write-api.md §3), computed for real: the body is cut
 * with the core splitter and parsed with the core parser for that product, a small in-memory
 * schema catches type conflicts with earlier writes, and the answer text is built the way the
 * server builds it (IOx numbered errors capped at 100, InfluxDB 3 `data[]`, 2.x `unable to parse`).
 *
 * The IOx (Cloud) write path follows the documented server, never the extension's own checks
 * (nothing here imports core/src/analysis): each parsed line goes through the per-line writer of
 * line-protocol.md §6 and write-api.md §3, and a rejected line is rolled back entirely
 * (schema-and-influxdb3.md §5).
 */
import type { FieldType, Point } from '../../../core/src/model';
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
  /** IOx: measurement → column → kind ('tag' or a field type), the time column not included. */
  readonly columns: Map<string, Map<string, ColumnType>>;
  /** InfluxDB 3: measurement → its tag columns (they count against the column limit). */
  readonly tags: Map<string, Set<string>>;
  readonly lines: string[];
}

export function createStore(): FakeStore {
  return { schema: new Map(), columns: new Map(), tags: new Map(), lines: [] };
}

/** An IOx column's type: a tag or a field type. */
type ColumnType = 'tag' | FieldType;

const IOX_TYPE: Readonly<Record<FieldType, string>> = { float: 'f64', integer: 'i64', uinteger: 'u64', string: 'string', boolean: 'bool' };
const MODELS_TYPE: Readonly<Record<FieldType, string>> = { float: 'float', integer: 'integer', uinteger: 'unsigned', string: 'string', boolean: 'boolean' };

interface Checked {
  readonly text: string;
  /** Parser or schema error for this line, or undefined when it is written. */
  error?: string;
  conflict?: { measurement: string; field: string; existing: FieldType; attempted: FieldType };
  fields?: { measurement: string; field: string; type: FieldType }[];
  /** InfluxDB 3: the line's tag keys, stored with it. */
  tags?: { measurement: string; tags: string[] };
}

/** Parses the body and checks every good line against the schema (stored plus earlier lines of the body). */
function check(body: string, product: Product, store: FakeStore): Checked[] {
  const profile = PROFILES[product];
  const doc = parseLineProtocol(body, { target: profile.parser, stringLimit: profile.stringLimit });
  const texts = splitDataLines(body).map((l) => l.text);
  const pending = new Map<string, FieldType>();
  const pendingTags = new Map<string, Set<string>>();
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
    if (profile.dialect === 'v3') {
      const refused = v3LineError(result.point, v3Table(measurement, store, pending, pendingTags), profile.columnLimit ?? Infinity);
      if (refused !== undefined) {
        // The line is refused and leaves nothing behind (schema-and-influxdb3.md §5).
        item.error = refused;
        continue;
      }
      const tags = result.point.tags.map((t) => t.key.value);
      item.tags = { measurement, tags };
      let seen = pendingTags.get(measurement);
      if (!seen) pendingTags.set(measurement, (seen = new Set<string>()));
      for (const t of tags) seen.add(t);
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

/** An InfluxDB 3 table as the catalog holds it when a line is validated: stored, plus the request's earlier lines. */
interface V3Table {
  readonly fields: ReadonlyMap<string, FieldType>;
  readonly tags: ReadonlySet<string>;
}

function v3Table(measurement: string, store: FakeStore, pending: ReadonlyMap<string, FieldType>, pendingTags: ReadonlyMap<string, ReadonlySet<string>>): V3Table {
  const fields = new Map<string, FieldType>(store.schema.get(measurement) ?? []);
  const prefix = `${measurement}\u0000`;
  for (const [key, type] of pending) if (key.startsWith(prefix) && !fields.has(key.slice(prefix.length))) fields.set(key.slice(prefix.length), type);
  return { fields, tags: new Set<string>([...(store.tags.get(measurement) ?? []), ...(pendingTags.get(measurement) ?? [])]) };
}

/** The named family of a field (`family::field`, split at the first `::`, both sides non-empty: transaction.rs `parse_qualified_field_name`). */
function familyOfField(name: string): string | undefined {
  const at = name.indexOf('::');
  return at > 0 && at + 2 < name.length ? name.slice(0, at) : undefined;
}

/**
 * InfluxDB 3's validator and catalog on one line, column by column in its order: the tags, then the
 * fields, each in line order (influxdb3_write/src/write_buffer/validator.rs `validate_and_qualify_v1_line`
 * calls `column_or_create` for each, then checks it against the columns the line already used;
 * influxdb3_catalog/src/catalog/versions/v3/transaction.rs; v3.10.1 / 3.10 branch c342445a). The first
 * column that fails refuses the line:
 * - a column of another kind or type in the table or earlier in the line: "invalid column type for
 *   column '{name}', expected {existing}, got {new}" (`column_or_create`, error.rs `InvalidColumnType`);
 * - a new column: its name reserved (`check_name`: "'{name}' is a reserved column"; `time` is created
 *   last, so only `__chunk_order` is met here), then the column limit (`check_columns_limit`: tags
 *   plus fields, time not counted: "Update to schema would exceed number of columns per table limit
 *   of {n} columns"), then, for a field named `family::field`, its family's 100 fields
 *   (`get_or_create_named_field_family`: "Update to schema would exceed the field limit (100) for
 *   field family '{family}'"). So a new field that passes both limits gets the column limit's words,
 *   and a full family met before the column limit is reached gets the family's (`add_field`; the v2
 *   catalog of 3.9, versions/v2/update.rs `add_field`, checks in the same order);
 * - a repeated tag key, since 3.9.8 / 3.10.3: "invalid line protocol - multiple instances of '{key}'
 *   tag found" (the release notes say it is refused "the same way duplicate field keys are"; the words
 *   were recorded from Core 3.11.0 and Enterprise 3.11.0 in influxdata/influxdb3_mcp_server
 *   tests/fixtures/write-errors.ts, 0a9fc96: the Rust sources we have stop at v3.10.1 / v3.9.6);
 * - a repeated field of the same type: "invalid line protocol - multiple instances of '{key}' field found".
 */
function v3LineError(point: Point, table: V3Table, columnLimit: number): string | undefined {
  const line = new Map<string, ColumnType>();
  const kindIn = (key: string): ColumnType | undefined => line.get(key) ?? (table.tags.has(key) ? 'tag' : table.fields.get(key));
  let columns = table.tags.size + table.fields.size;
  const familyCounts = new Map<string, number>();
  for (const name of table.fields.keys()) {
    const family = familyOfField(name);
    if (family !== undefined) familyCounts.set(family, (familyCounts.get(family) ?? 0) + 1);
  }
  const create = (key: string): string | undefined => {
    if (key === '__chunk_order') return `'${key}' is a reserved column`;
    if (columns >= columnLimit) return `Update to schema would exceed number of columns per table limit of ${columnLimit} columns`;
    columns++;
    return undefined;
  };
  const seenTags = new Set<string>();
  for (const tag of point.tags) {
    const key = tag.key.value;
    const kind = kindIn(key);
    if (kind !== undefined && kind !== 'tag') return `invalid column type for column '${key}', expected ${ioxColumnType(kind)}, got ${ioxColumnType('tag')}`;
    if (kind === undefined) {
      const refused = create(key);
      if (refused !== undefined) return refused;
    }
    if (seenTags.has(key)) return `invalid line protocol - multiple instances of '${key}' tag found`;
    seenTags.add(key);
    line.set(key, 'tag');
  }
  const seenFields = new Set<string>();
  for (const field of point.fields) {
    const key = field.key.value;
    const kind = kindIn(key);
    if (kind !== undefined && kind !== field.value.type) return `invalid column type for column '${key}', expected ${ioxColumnType(kind)}, got ${ioxColumnType(field.value.type)}`;
    if (kind === undefined) {
      const refused = create(key);
      if (refused !== undefined) return refused;
      const family = familyOfField(key);
      if (family !== undefined) {
        const n = familyCounts.get(family) ?? 0;
        if (n >= 100) return `Update to schema would exceed the field limit (100) for field family '${family}'`;
        familyCounts.set(family, n + 1);
      }
    }
    if (seenFields.has(key)) return `invalid line protocol - multiple instances of '${key}' field found`;
    seenFields.add(key);
    line.set(key, field.value.type);
  }
  return undefined;
}

function store(lines: readonly Checked[], into: FakeStore): void {
  for (const line of lines) {
    for (const f of line.fields ?? []) {
      let table = into.schema.get(f.measurement);
      if (!table) into.schema.set(f.measurement, (table = new Map<string, FieldType>()));
      if (!table.has(f.field)) table.set(f.field, f.type);
    }
    if (line.tags !== undefined) {
      let tags = into.tags.get(line.tags.measurement);
      if (!tags) into.tags.set(line.tags.measurement, (tags = new Set<string>()));
      for (const t of line.tags.tags) tags.add(t);
    }
    into.lines.push(line.text);
  }
}

/** How IOx names a column type in its messages (`schema/src/lib.rs`). */
function ioxColumnType(type: ColumnType): string {
  return type === 'tag' ? 'iox::column_type::tag' : `iox::column_type::field::${type}`;
}

/** One line through the IOx per-line writer: its error, or the columns it writes. */
interface IoxLine {
  readonly text: string;
  readonly parseError?: string;
  readonly writeError?: string;
  /** The column conflicts with data stored by an earlier request (the whole request is refused). */
  readonly stored?: { measurement: string; column: string; existing: ColumnType; attempted: ColumnType };
  readonly measurement?: string;
  readonly columns?: ReadonlyMap<string, ColumnType>;
}

/**
 * The IOx write path of one parsed line (`mutable_batch_lp` write_line, line-protocol.md §6):
 * a tag `time` is invalid; a lone field `time` is an invalid field name, other `time` fields are
 * stripped; a repeated tag is refused whatever its values; a repeated field keeps its last value
 * when the types agree and is refused when they do not; then the tags and the fields are inserted
 * into the table's columns, tags first, and a column of another type refuses the line. `known` is
 * the table schema as the lines before this one left it (stored data plus this request's lines).
 */
function ioxWriteLine(point: Point, stored: FakeStore, pending: Map<string, Map<string, ColumnType>>): Omit<IoxLine, 'text'> {
  const measurement = point.measurement.value;
  const tagKeys = point.tags.map((t) => t.key.value);
  if (tagKeys.includes('time')) return { writeError: `input tag "time" on measurement "${measurement}" is invalid` };
  const repeatedTag = tagKeys.find((k, j) => tagKeys.indexOf(k) < j);
  if (repeatedTag !== undefined) return { writeError: `the tag '${repeatedTag}' is specified more than once with conflicting values` };
  const fields = point.fields.filter((f) => f.key.value !== 'time');
  if (fields.length === 0) return { writeError: `invalid field name: input field "time" on measurement "${measurement}" is invalid` };
  const fieldTypes = new Map<string, FieldType>();
  for (const f of fields) {
    const seen = fieldTypes.get(f.key.value);
    if (seen !== undefined && seen !== f.value.type) return { writeError: `the field '${f.key.value}' is specified more than once with conflicting types` };
    fieldTypes.set(f.key.value, f.value.type);
  }
  const columns = new Map<string, ColumnType>();
  const insert = (column: string, type: ColumnType): Omit<IoxLine, 'text'> | undefined => {
    const before = stored.columns.get(measurement)?.get(column);
    const existing = before ?? pending.get(measurement)?.get(column) ?? columns.get(column);
    if (existing !== undefined && existing !== type) {
      if (before !== undefined) return { stored: { measurement, column, existing, attempted: type } };
      return { writeError: `Unable to insert ${ioxColumnType(type)} type into column ${column} with type ${ioxColumnType(existing)}` };
    }
    columns.set(column, type);
    return undefined;
  };
  for (const k of tagKeys) {
    const failed = insert(k, 'tag');
    if (failed) return failed;
  }
  for (const [k, type] of fieldTypes) {
    const failed = insert(k, type);
    if (failed) return failed;
  }
  return { measurement, columns };
}

/** Limits a test sets on the fake (the products' own are in PROFILES). */
export interface FakeLimits {
  /** IOx: tables the database may hold. */
  readonly tableLimit?: number;
  /** InfluxDB 3: the request's `accept_partial` (the server's default is true). */
  readonly acceptPartial?: boolean;
}

/** Cloud Serverless / Dedicated / Clustered. */
function iox(body: string, product: Product, into: FakeStore, limits: FakeLimits): FakeAnswer {
  const profile = PROFILES[product];
  const doc = parseLineProtocol(body, { target: profile.parser, stringLimit: profile.stringLimit });
  const texts = splitDataLines(body).map((l) => l.text);
  // This request's schema so far: a rejected line adds nothing to it.
  const pending = new Map<string, Map<string, ColumnType>>();
  const lines: IoxLine[] = [];
  for (let i = 0; i < doc.count; i++) {
    const result = doc.result(i);
    if (!result.ok) {
      lines.push({ text: texts[i], parseError: result.error.message });
      continue;
    }
    const line: IoxLine = { text: texts[i], ...ioxWriteLine(result.point, into, pending) };
    lines.push(line);
    if (line.columns === undefined || line.measurement === undefined) continue;
    let table = pending.get(line.measurement);
    if (!table) pending.set(line.measurement, (table = new Map<string, ColumnType>()));
    for (const [column, type] of line.columns) if (!table.has(column)) table.set(column, type);
  }
  // A conflict with data stored before refuses the whole request, naming no line.
  const stored = lines.find((l) => l.stored !== undefined)?.stored;
  if (stored !== undefined) {
    const name = (t: ColumnType): string => (t === 'tag' ? 'tag' : IOX_TYPE[t]);
    return {
      status: 400,
      body: JSON.stringify({
        code: 'invalid',
        message: `dml handler error: schema conflict: table ${stored.measurement}, already exists: column ${stored.column} is type ${name(stored.existing)} but schema update has type ${name(stored.attempted)}`,
      }),
    };
  }
  // The column limit is judged on the whole request: a table it would take past the limit fails
  // it all, nothing stored (write-api.md §3 "Column limit"; the time column counts). The text is
  // the documented one with the router's prefix (`dml handler error: service limit reached: `);
  // current routers answer 400 (older ones 429, handled by the writer too).
  const limit = profile.columnLimit;
  if (limit !== undefined) {
    for (const [measurement, table] of pending) {
      const existing = into.columns.get(measurement);
      const before = existing === undefined ? 0 : existing.size + 1;
      let after = before === 0 ? 1 : before;
      for (const column of table.keys()) if (!existing?.has(column)) after++;
      if (after > limit) {
        return {
          status: 400,
          body: JSON.stringify({
            code: 'invalid',
            message: `dml handler error: service limit reached: couldn't create columns in table \`${measurement}\`; table contains ${before} existing columns, applying this write would result in ${after} columns, limit is ${limit}`,
          }),
        };
      }
    }
  }
  // The table limit, judged on the whole request like the column limit (write-api.md §3 on
  // whole-request refusals; the router's text: `couldn't create new table; namespace contains N
  // existing tables, applying this write would result in M tables, limit is L`).
  if (limits.tableLimit !== undefined) {
    const created = [...pending.keys()].filter((m) => !into.columns.has(m)).length;
    if (created > 0 && into.columns.size + created > limits.tableLimit) {
      return {
        status: 400,
        body: JSON.stringify({
          code: 'invalid',
          message: `dml handler error: service limit reached: couldn't create new table; namespace contains ${into.columns.size} existing tables, applying this write would result in ${into.columns.size + created} tables, limit is ${limits.tableLimit}`,
        }),
      };
    }
  }
  const entries: string[] = [];
  let first: number | undefined;
  lines.forEach((line, i) => {
    if (line.parseError !== undefined) entries.push(`error parsing line ${i + 1} (1-based): ${line.parseError}`);
    else if (line.writeError !== undefined) entries.push(`error writing line ${i + 1} (1-based): ${line.writeError}`);
    else return;
    first ??= i + 1;
  });
  for (const line of lines) {
    if (line.columns === undefined || line.measurement === undefined) continue;
    let table = into.columns.get(line.measurement);
    if (!table) into.columns.set(line.measurement, (table = new Map<string, ColumnType>()));
    let fields = into.schema.get(line.measurement);
    if (!fields) into.schema.set(line.measurement, (fields = new Map<string, FieldType>()));
    for (const [column, type] of line.columns) {
      if (!table.has(column)) table.set(column, type);
      if (type !== 'tag' && !fields.has(column)) fields.set(column, type);
    }
    into.lines.push(line.text);
  }
  if (entries.length === 0) return { status: 204, body: '' };
  const message = `failed to parse line protocol: errors encountered on line(s):\n${entries.slice(0, 100).join('\n')}`;
  return { status: 400, body: JSON.stringify({ code: 'invalid', line: first, message }) };
}

/**
 * `original_line` as InfluxDB 3 serializes it: cut to 20 bytes, rounded down to a UTF-8 character
 * boundary (influxdb3_types/src/write.rs, `impl Serialize for WriteLineError`, TRUNCATE_LIMIT = 20).
 */
export function first20Bytes(text: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > 20) break;
    out += ch;
  }
  return out;
}

/** InfluxDB 3 Core / Enterprise / Cloud `/api/v3/write_lp?accept_partial=true`. */
function v3(lines: Checked[], into: FakeStore, acceptPartial: boolean): FakeAnswer {
  const data: { error_message: string; line_number: number; original_line: string }[] = [];
  lines.forEach((line, i) => {
    let message: string | undefined;
    if (line.error !== undefined) message = line.error;
    else if (line.conflict) {
      message = `invalid column type for column '${line.conflict.field}', expected iox::column_type::field::${line.conflict.existing}, got iox::column_type::field::${line.conflict.attempted}`;
    }
    if (message !== undefined) data.push({ error_message: message, line_number: i + 1, original_line: first20Bytes(line.text) });
  });
  if (!acceptPartial && data.length > 0) {
    // validator.rs: with accept_partial=false the first rejected line refuses the whole request
    // (`Error::ParseError`), nothing stored; http.rs answers 400 with that one line as an object.
    return { status: 400, body: JSON.stringify({ error: 'line protocol parsing error', data: data[0] }), headers: { 'content-type': '' } };
  }
  store(lines.filter((l) => l.error === undefined && !l.conflict), into);
  if (data.length === 0) return { status: 204, body: '' };
  // http.rs `PartialLpWrite`: 422 when a line met a limit ("Update to schema would exceed number of …").
  const limitHit = data.some((d) => d.error_message.startsWith('Update to schema would exceed number of'));
  // Core often sends no Content-Type: the writer must parse JSON regardless.
  return { status: limitHit ? 422 : 400, body: JSON.stringify({ error: 'partial write of line protocol occurred', data }), headers: { 'content-type': '' } };
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
export function answerWrite(product: Product, body: string, into: FakeStore, limits: FakeLimits = {}): FakeAnswer {
  if (PROFILES[product].dialect === 'iox') return iox(body, product, into, limits);
  const lines = check(body, product, into);
  switch (PROFILES[product].dialect) {
    case 'v3':
      return v3(lines, into, limits.acceptPartial ?? true);
    default:
      return ossV2(lines, into);
  }
}
