/**
 * Deterministic generator of realistic line protocol for the benchmarks: the same (count, seed)
 * always gives the same bytes, so figures from different runs and benches describe the same input.
 *
 * What a line looks like: one of several measurements (some with escaped spaces/commas in the
 * name), 2–6 tags whose values sometimes need escaping, 1–8 fields of mixed types (float, integer
 * `i`, unsigned `u`, strings with `\"`, `\\`, spaces and commas, booleans), a nanosecond
 * timestamp, about 200 bytes on average; now and then a comment line or a blank line.
 * Each measurement keeps one type per field, as a real schema does, so schema checks stay quiet.
 *
 * Other benches import `cachedGeneratedFile` to share the files cached in `.bench/`.
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_SEED = 20240611;

/** mulberry32: tiny, fast and good enough to pick words; fully determined by the seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FieldKind = 'float' | 'integer' | 'uinteger' | 'string' | 'boolean';

interface Schema {
  /** Already escaped for the measurement position. */
  readonly measurement: string;
  readonly tagKeys: readonly string[];
  readonly fields: readonly (readonly [key: string, kind: FieldKind])[];
}

const SCHEMAS: readonly Schema[] = [
  {
    measurement: 'cpu',
    tagKeys: ['host', 'region', 'env', 'rack', 'cpu'],
    fields: [['usage_user', 'float'], ['usage_system', 'float'], ['usage_idle', 'float'], ['usage_iowait', 'float']],
  },
  {
    measurement: 'mem',
    tagKeys: ['host', 'region', 'env', 'rack'],
    fields: [['used', 'integer'], ['free', 'integer'], ['used_percent', 'float'], ['swap_total', 'uinteger']],
  },
  {
    measurement: 'disk',
    tagKeys: ['host', 'region', 'device', 'fstype', 'mode'],
    fields: [['total', 'uinteger'], ['used', 'uinteger'], ['inodes_free', 'integer'], ['used_percent', 'float'], ['readonly', 'boolean']],
  },
  {
    measurement: 'http_requests',
    tagKeys: ['host', 'region', 'method', 'status', 'service', 'path'],
    fields: [
      ['count', 'integer'], ['latency_ms', 'float'], ['bytes', 'uinteger'], ['message', 'string'],
      ['cached', 'boolean'], ['p99_ms', 'float'], ['retries', 'integer'], ['user_agent', 'string'],
    ],
  },
  {
    measurement: 'weather\\ station',
    tagKeys: ['site', 'region', 'sensor', 'env'],
    fields: [['temperature', 'float'], ['humidity', 'float'], ['pressure', 'float'], ['note', 'string'], ['raining', 'boolean']],
  },
  {
    measurement: 'sensor\\,reading',
    tagKeys: ['site', 'sensor', 'firmware'],
    fields: [['value', 'float'], ['battery_mv', 'integer'], ['status', 'string']],
  },
  {
    measurement: 'docker_container_cpu',
    tagKeys: ['host', 'env', 'container_name', 'container_image', 'engine'],
    fields: [['usage_percent', 'float'], ['throttling_periods', 'integer'], ['usage_total', 'uinteger']],
  },
];

/** Tag values, escaped for the tag-value position; some need `\ `, `\,` or `\=`. */
const TAG_VALUES: Readonly<Record<string, readonly string[]>> = {
  host: Array.from({ length: 40 }, (_, i) => `server-${String(i).padStart(3, '0')}.dc1.example.com`),
  region: ['us-west-2', 'us-east-1', 'eu-central-1', 'ap-south-1', 'eu\\ west', 'sa-east-1'],
  env: ['production', 'staging', 'dev'],
  rack: ['r01', 'r02', 'r17', 'rack\\ 9', 'r44-b'],
  cpu: ['cpu-total', 'cpu0', 'cpu1', 'cpu2', 'cpu3'],
  device: ['nvme0n1p1', 'sda1', 'sdb', 'dm-0'],
  fstype: ['ext4', 'xfs', 'btrfs', 'tmpfs'],
  mode: ['rw', 'ro'],
  method: ['GET', 'POST', 'PUT', 'DELETE'],
  status: ['200', '201', '204', '301', '404', '500', '503'],
  service: ['api', 'auth', 'billing', 'search\\ frontend', 'ingest'],
  path: ['/api/v2/write', '/api/v2/query', '/health', '/metrics', '/orders\\,items', '/a\\=b'],
  site: ['north\\ pole', 'oslo', 'lima', 'reykjavik', 'cape\\ town', 'station\\,7'],
  sensor: ['t-100', 't-200', 'h-9', 'p-3', 'combo\\ unit'],
  container_name: Array.from({ length: 12 }, (_, i) => `app_${i}_worker`),
  container_image: ['nginx:1.27', 'postgres:16', 'redis:7', 'influxdb:3-core', 'telegraf:1.32'],
  engine: ['docker', 'podman'],
  firmware: ['v1.0.3', 'v1.2.0-rc1', 'v2.0.0'],
};

const WORDS = ['request', 'served', 'from', 'cache', 'slow', 'upstream', 'timeout', 'ok', 'retrying', 'the', 'user', 'disk', 'nearly', 'full'];
/** String-field pieces that need escaping inside quotes, or contain spaces, commas, '=' literally. */
const SPECIALS = ['\\"quoted\\"', 'C:\\\\temp\\\\lp', 'a, b', 'k=v', 'tab\\there', '\\\\'];

class LineGenerator {
  private readonly random: () => number;
  private index = 0;

  constructor(seed: number) {
    this.random = createRandom(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private stringValue(): string {
    const parts: string[] = [];
    const n = 3 + this.int(6);
    for (let i = 0; i < n; i++) parts.push(this.random() < 0.15 ? this.pick(SPECIALS) : this.pick(WORDS));
    return `"${parts.join(' ')}"`;
  }

  private value(kind: FieldKind): string {
    switch (kind) {
      case 'float':
        return (this.random() * 1000 - 100).toFixed(1 + this.int(4));
      case 'integer':
        return `${this.int(2_000_000) - 1000}i`;
      case 'uinteger':
        return `${this.int(4_000_000_000)}u`;
      case 'string':
        return this.stringValue();
      case 'boolean':
        return this.pick(['true', 'false', 't', 'F', 'TRUE']);
    }
  }

  /** The next line, with its '\n'. */
  next(): string {
    const i = this.index++;
    const roll = this.random();
    if (roll < 0.01) return `# batch ${i}: generated sample, ignored by the parser\n`;
    if (roll < 0.015) return '\n';
    const schema = this.pick(SCHEMAS);
    let line = schema.measurement;
    for (const key of schema.tagKeys) line += `,${key}=${this.pick(TAG_VALUES[key])}`;
    // Sparse rows: each field is present with a high probability (90%), at least one always.
    const fields: string[] = [];
    for (const [key, kind] of schema.fields) if (this.random() < 0.9) fields.push(`${key}=${this.value(kind)}`);
    if (fields.length === 0) fields.push(`${schema.fields[0][0]}=${this.value(schema.fields[0][1])}`);
    // 1.7e18 ns plus a growing offset: built as text because it exceeds 2^53.
    const offset = i * 10_000_000 + this.int(10_000_000);
    return `${line} ${fields.join(',')} 17${String(offset).padStart(17, '0')}\n`;
  }
}

/** `count` lines (comment and blank lines included in the count) as one string. */
export function generateLines(count: number, seed: number = DEFAULT_SEED): string {
  const generator = new LineGenerator(seed);
  const parts: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) parts[i] = generator.next();
  return parts.join('');
}

/** Writes the same text as `generateLines(count, seed)` to `path`, a batch at a time. */
export async function writeGeneratedFile(path: string, count: number, seed: number = DEFAULT_SEED): Promise<void> {
  const generator = new LineGenerator(seed);
  const out = createWriteStream(path);
  const BATCH = 10_000;
  for (let done = 0; done < count; ) {
    const n = Math.min(BATCH, count - done);
    let batch = '';
    for (let i = 0; i < n; i++) batch += generator.next();
    done += n;
    if (!out.write(batch)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The cached file `.bench/generated-<count>-<seed>.lp`, written on first use (atomically). */
export async function cachedGeneratedFile(count: number, seed: number = DEFAULT_SEED): Promise<string> {
  const dir = join(process.cwd(), '.bench');
  const path = join(dir, `generated-${count}-${seed}.lp`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeGeneratedFile(temporary, count, seed);
  renameSync(temporary, path);
  return path;
}
