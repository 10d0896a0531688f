/**
 * Seeded generator of realistic line protocol files for the differential tests: several
 * measurements with their usual tags and field types, and, at low rates, what servers reject or
 * judge by the lines before: a field of another type, a tag and a field of one name, repeated
 * tags and fields, reserved names, escaped measurement names, lines that do not parse, timestamps
 * on both sides of shard-group edges and, for Cloud, tables that grow past the column limit.
 *
 * Every line has a timestamp of its own (unique in its file), so that what a server stored can be
 * traced back to the line that wrote it.
 */
import { createRandom } from '../../bench/generate';

export interface GeneratedFile {
  readonly lines: readonly string[];
  /** The timestamp of each line (ns), unique in the file. */
  readonly timestamps: readonly bigint[];
}

export interface GenerateOptions {
  readonly seed: number;
  readonly lines: number;
  /** Shard-group edges (ns) to put timestamps on both sides of; none for Cloud. */
  readonly edges: readonly bigint[];
  /** Timestamps away from the edges start here (ns). */
  readonly base: bigint;
  /** Unsigned integers (`1u`) are written (1.x's default build rejects them as a parse error). */
  readonly unsigned: boolean;
  /** A wide table approaching this many columns (time included) is written; undefined: none. */
  readonly columnLimit: number | undefined;
}

type Kind = 'float' | 'integer' | 'uinteger' | 'string' | 'boolean';

interface Table {
  readonly name: string;
  readonly tags: readonly string[];
  readonly fields: readonly (readonly [string, Kind])[];
}

const TABLES: readonly Table[] = [
  { name: 'cpu', tags: ['host', 'region'], fields: [['usage', 'float'], ['cores', 'integer'], ['state', 'string']] },
  { name: 'mem', tags: ['host'], fields: [['free', 'integer'], ['used', 'float'], ['swap', 'boolean']] },
  { name: 'disk', tags: ['host', 'path'], fields: [['io', 'uinteger'], ['used', 'float'], ['ro', 'boolean']] },
  { name: 'weather\\ station', tags: ['site'], fields: [['temp', 'float'], ['note', 'string'], ['n', 'integer']] },
  // Written forms that 1.x and InfluxDB 3 decode differently (1.x drops the backslash of \= and \").
  { name: 'ma\\=x', tags: ['host'], fields: [['v', 'float'], ['w', 'integer']] },
  { name: 'ma=x', tags: ['host'], fields: [['v', 'string'], ['w', 'integer']] },
  { name: 'mb\\"x', tags: ['host'], fields: [['v', 'boolean']] },
  { name: 'mb"x', tags: ['host'], fields: [['v', 'float']] },
];

const KINDS: readonly Kind[] = ['float', 'integer', 'uinteger', 'string', 'boolean'];
const TAG_VALUES = ['a', 'b', 'c', 'east', 'west', 'x\\ y'];

export function generateFile(options: GenerateOptions): GeneratedFile {
  const rand = createRandom(options.seed);
  const chance = (p: number): boolean => rand() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const value = (kind: Kind): string => {
    switch (kind) {
      case 'float':
        return pick(['1.5', '-2', '0.25', '3']);
      case 'integer':
        return `${Math.floor(rand() * 100)}i`;
      case 'uinteger':
        return `${Math.floor(rand() * 100)}u`;
      case 'string':
        return pick(['"ok"', '"a b"', '"x,y"', '"q\\"t"']);
      default:
        return pick(['true', 'false', 't', 'F']);
    }
  };
  const kinds = options.unsigned ? KINDS : KINDS.filter((k) => k !== 'uinteger');
  const usual = (kind: Kind): Kind => (kind === 'uinteger' && !options.unsigned ? 'integer' : kind);
  // The wide table: its first line brings it close to the limit, later ones add a few columns each.
  /** The next unused wide column number (0: the table has no line yet). */
  let nextWide = 0;
  const wideAt = new Set<number>();
  if (options.columnLimit !== undefined && chance(0.6)) {
    const first = Math.floor(rand() * (options.lines / 3));
    wideAt.add(first);
    for (let k = 0; k < 10; k++) wideAt.add(first + 1 + Math.floor(rand() * (options.lines - first - 1)));
  }
  const lines: string[] = [];
  const timestamps: bigint[] = [];
  for (let i = 0; i < options.lines; i++) {
    // Unique per line (+ i ns), on a side of an edge that the few ns cannot cross.
    const anchor = options.edges.length > 0 && chance(0.7) ? pick(options.edges) + pick([-3_600_000_000_000n, -1_000_000n, 1_000_000n, 3_600_000_000_000n]) : options.base;
    const ts = anchor + BigInt(i) * (anchor === options.base ? 1_000_000_000n : 1n);
    timestamps.push(ts);
    if (wideAt.has(i)) {
      const [line, used] = wideLine(options.columnLimit as number, nextWide, rand, ts);
      lines.push(line);
      nextWide = used;
      continue;
    }
    const table = chance(0.08) ? pick(TABLES.slice(4)) : pick(TABLES.slice(0, 4));
    const tags: string[] = table.tags.filter(() => chance(0.8)).map((k) => `${k}=${pick(TAG_VALUES)}`);
    const fields: string[] = table.fields.filter(() => chance(0.6)).map(([k, kind]) => `${k}=${value(chance(0.04) ? pick(kinds) : usual(kind))}`);
    if (fields.length === 0) fields.push(`${table.fields[0][0]}=${value(usual(table.fields[0][1]))}`);
    // Problems, each at a low rate.
    if (chance(0.02)) fields.push(`${pick(table.tags)}=${value(pick(kinds))}`); // a field named like a tag
    if (chance(0.02)) tags.push(`${pick(table.fields)[0]}=${pick(TAG_VALUES)}`); // a tag named like a field
    if (chance(0.01) && tags.length > 0) tags.push(`${tags[0].split('=')[0]}=${pick(TAG_VALUES)}`); // a repeated tag
    if (chance(0.02)) {
      const [k, kind] = pick(table.fields);
      fields.push(`${k}=${value(chance(0.5) ? usual(kind) : pick(kinds))}`); // a repeated field
    }
    if (chance(0.006)) tags.push(`time=${pick(TAG_VALUES)}`);
    if (chance(0.006)) fields.push(`time=${value('integer')}`);
    if (chance(0.004)) fields.splice(0, fields.length, `time=${value('integer')}`);
    let line = `${table.name}${tags.map((t) => `,${t}`).join('')} ${fields.join(',')} ${ts}`;
    if (chance(0.005)) line = pick([`${table.name} ${fields[0].split('=')[0]}= ${ts}`, `${table.name},host ${fields.join(',')} ${ts}`, `${table.name} ${fields.join(',')} 12x`]);
    lines.push(line);
  }
  return { lines, timestamps };
}

/**
 * A line of the wide table and the next unused column number: the first brings it a dozen columns
 * short of the limit; later ones add one to four new columns each (sometimes a new tag), so that
 * some cross the limit.
 */
function wideLine(limit: number, next: number, rand: () => number, ts: bigint): [string, number] {
  if (next === 0) {
    const n = limit - 13 + Math.floor(rand() * 8);
    return [`wide ${Array.from({ length: n }, (_, k) => `w${k}=${k}i`).join(',')} ${ts}`, n];
  }
  const added = 1 + Math.floor(rand() * 4);
  const fields = Array.from({ length: added }, (_, k) => `w${next + k}=1i`);
  // An old column too, now and then with another type (the line is then rejected, and adds nothing).
  fields.push(`w0=${rand() < 0.2 ? '"s"' : '2i'}`);
  const tag = rand() < 0.3 ? `,t${next}=a` : '';
  return [`wide${tag} ${fields.join(',')} ${ts}`, next + added];
}
