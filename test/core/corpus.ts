/** Loading the line-protocol corpus (test/fixtures/line-protocol-corpus.jsonl) and comparing points with it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Field, Point } from '../../core/src/index';

export interface CorpusValue {
  readonly type: string;
  readonly value: unknown;
  readonly bits?: string;
}

export interface CorpusPoint {
  readonly measurement: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, CorpusValue>>;
  readonly timestamp: string | null;
  readonly tag_list?: readonly (readonly [string, string])[];
  readonly field_list?: readonly (readonly [string, CorpusValue])[];
}

export interface ModelsVerdict {
  readonly accepts_all: boolean;
  readonly error: string | null;
}

export interface CorpusEntry {
  readonly id: string;
  readonly input: string;
  readonly valid: boolean;
  readonly error_kind: string | null;
  readonly rust_message: string | null;
  readonly points: readonly CorpusPoint[];
  readonly line_results?: readonly { ok: boolean; error_kind?: string; rust_message?: string }[];
  readonly iox_write_errors: readonly string[];
  readonly influxdb_1x_models: ModelsVerdict;
  readonly influxdb_1x_models_uint_build?: ModelsVerdict;
  readonly influxdb_2x_models?: ModelsVerdict;
}

export function loadCorpus(): CorpusEntry[] {
  const path = join(import.meta.dirname, '..', 'fixtures', 'line-protocol-corpus.jsonl');
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusEntry);
}

/** IEEE-754 bit pattern of a double, as 16 hex digits (the corpus' `bits`). */
export function floatBits(v: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** A decoded field value in the corpus' shape (floats by bit pattern). */
export function corpusValueOf(f: Field): { type: string; value: unknown } {
  const v = f.value;
  switch (v.type) {
    case 'float':
      return { type: 'float', value: floatBits(v.value) };
    case 'integer':
    case 'uinteger':
      return { type: v.type, value: v.value.toString() };
    default:
      return { type: v.type, value: v.value };
  }
}

export function expectedValueOf(v: CorpusValue): { type: string; value: unknown } {
  if (v.type === 'float') {
    if (v.bits === undefined) throw new Error('corpus float without bits');
    return { type: 'float', value: v.bits };
  }
  return { type: v.type, value: v.value };
}

/** Our point in the corpus' terms: ordered tag and field lists, timestamp as a decimal string. */
export function comparablePoint(p: Point): unknown {
  return {
    measurement: p.measurement.value,
    tags: p.tags.map((t) => [t.key.value, t.value.value]),
    fields: p.fields.map((f) => [f.key.value, corpusValueOf(f)]),
    timestamp: p.timestamp === undefined ? null : p.timestamp.value.toString(),
  };
}

export function expectedPoint(p: CorpusPoint): unknown {
  const tags = p.tag_list ?? Object.entries(p.tags);
  const fields = p.field_list ?? Object.entries(p.fields);
  return {
    measurement: p.measurement,
    tags: tags.map(([k, v]) => [k, v]),
    fields: fields.map(([k, v]) => [k, expectedValueOf(v)]),
    timestamp: p.timestamp,
  };
}
