/** `lp schema --url … --target … --bucket … [--json]`: prints the stored schema of a bucket (see SCHEMA_HELP). */
import type { SchemaRead } from '../../core/src/tools/index';
import { UsageError, parseArgs } from './args';
import { SCHEMA_HELP } from './help';
import type { CliIo } from './io';
import { CONNECTION_OPTIONS, readSchema, storedWhere, unreadText } from './storedSchema';
import { serverFrom } from './writeConnection';

const COMMAND = 'lp schema';

const OPTIONS = [
  ...CONNECTION_OPTIONS,
  { name: 'target', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

interface Row {
  readonly measurement: string;
  readonly column: string;
  readonly kind: 'tag' | 'field';
  /** A field's type; null for a tag. */
  readonly type: string | null;
}

/** One row per tag key and per field type (a 1.x/2.x field stored with two types gives two rows). */
function rowsOf(read: Extract<SchemaRead, { ok: true }>): Row[] {
  const rows: Row[] = [];
  for (const m of read.measurements) {
    for (const tag of m.tags) rows.push({ measurement: m.name, column: tag, kind: 'tag', type: null });
    for (const f of m.fields) for (const type of f.types) rows.push({ measurement: m.name, column: f.name, kind: 'field', type });
  }
  return rows;
}

function table(rows: readonly Row[]): string {
  const cells = [['MEASUREMENT', 'COLUMN', 'KIND', 'TYPE'], ...rows.map((r) => [r.measurement, r.column, r.kind, r.type ?? '-'])];
  const widths = [0, 1, 2].map((k) => Math.max(...cells.map((c) => c[k].length)));
  return cells.map((c) => `${c.slice(0, 3).map((cell, k) => cell.padEnd(widths[k])).join('  ')}  ${c[3]}\n`).join('');
}

/** Exit status: 0 read, 1 the schema could not be read (why on stderr), 2 usage error. */
export async function runSchema(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.has('help')) {
    await io.stdout.write(SCHEMA_HELP);
    return 0;
  }
  if (parsed.positionals.length > 0) throw new UsageError(`${COMMAND}: takes no FILE (got '${parsed.positionals[0]}'). Run '${COMMAND} --help'.`);
  const source = await serverFrom(parsed, io, COMMAND);
  const read = await readSchema(source);
  if (!read.ok) {
    await io.stderr.write(`${COMMAND}: ${unreadText(read, source)}\n`);
    return 1;
  }
  const rows = rowsOf(read);
  if (parsed.options.get('json') === true) {
    await io.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  if (rows.length > 0) await io.stdout.write(table(rows));
  const n = read.measurements.length;
  await io.stderr.write(`${COMMAND}: ${storedWhere(source.connection.product, source.connection.bucket)} stores ${n} measurement${n === 1 ? '' : 's'}${n === 0 ? ': it is empty, so any types can be written' : ''}.\n`);
  return 0;
}
