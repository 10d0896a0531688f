/**
 * The columnar `LineTable`: typed arrays of token offsets (relative to the region start), field
 * type codes and per-line indexes. It keeps no reference to the text; accessors take the current
 * text and the region's base offset and decode values on demand.
 */
import type { LineTable } from '../api';
import type { Field, FieldType, FieldValue, LineResult, ParserTarget, Point, Tag, Token } from '../model';
import { NameKind, decodeName, decodeStringField } from './decode';
import { E_TAG_SET_MALFORMED, KIND_NAMES, OK, T_BOOLEAN, T_FLOAT, T_INTEGER, T_STRING, T_UINTEGER, TYPE_NAMES } from './kinds';
import { errorMessage } from './messages';

/**
 * The first `n` entries: a view when little would be wasted (no copy), a trimmed copy otherwise,
 * so the table never holds much more than it uses.
 */
function trimInt32(a: Int32Array, n: number): Int32Array {
  return n >= a.length - (a.length >> 3) ? a.subarray(0, n) : a.slice(0, n);
}

function trimUint8(a: Uint8Array, n: number): Uint8Array {
  return n >= a.length - (a.length >> 3) ? a.subarray(0, n) : a.slice(0, n);
}

/** The arrays a table is made of: what a parser fills (see TableBuilder) or another thread sent. */
export interface TableArrays {
  readonly count: number;
  readonly lineStart: Int32Array;
  readonly lineEnd: Int32Array;
  readonly physical: Int32Array;
  readonly tokBase: Int32Array;
  readonly fieldBase: Int32Array;
  readonly status: Uint8Array;
  readonly tok: Int32Array;
  /** Used length of `tok`. */
  readonly tn: number;
  readonly types: Uint8Array;
  /** Used length of `types`. */
  readonly fn: number;
}

/** A table as plain data (structured-cloneable; its arrays' buffers can be transferred to another thread). */
export interface TableParts extends TableArrays {
  readonly target: ParserTarget;
  readonly length: number;
  readonly newlines: number;
  readonly endsAtBoundary: boolean;
  readonly stringLimit: number;
}

/** Every typed array of a table. */
function arraysOf(t: TableArrays): (Int32Array | Uint8Array)[] {
  return [t.lineStart, t.lineEnd, t.physical, t.tokBase, t.fieldBase, t.status, t.tok, t.types];
}

export class ColumnarTable implements LineTable {
  readonly count: number;
  private readonly lineStart: Int32Array;
  private readonly lineEnd: Int32Array;
  private readonly physical: Int32Array;
  private readonly tokBase: Int32Array;
  private readonly fieldBase: Int32Array;
  private readonly status: Uint8Array;
  private readonly tok: Int32Array;
  private readonly types: Uint8Array;

  constructor(
    b: TableArrays,
    readonly target: ParserTarget,
    readonly length: number,
    readonly newlines: number,
    readonly endsAtBoundary: boolean,
    private readonly stringLimit: number,
  ) {
    const n = b.count;
    this.count = n;
    this.lineStart = trimInt32(b.lineStart, n);
    this.lineEnd = trimInt32(b.lineEnd, n);
    this.physical = trimInt32(b.physical, n);
    this.tokBase = trimInt32(b.tokBase, n + 1);
    this.fieldBase = trimInt32(b.fieldBase, n + 1);
    this.status = trimUint8(b.status, n);
    this.tok = trimInt32(b.tok, b.tn);
    this.types = trimUint8(b.types, b.fn);
  }

  parts(): TableParts {
    const { count, lineStart, lineEnd, physical, tokBase, fieldBase, status, tok, types, target, length, newlines, endsAtBoundary, stringLimit } = this;
    return { count, lineStart, lineEnd, physical, tokBase, fieldBase, status, tok, tn: tok.length, types, fn: types.length, target, length, newlines, endsAtBoundary, stringLimit };
  }

  /** Bytes held by the table's arrays (for the retained-size goal). */
  byteSize(): number {
    // A view keeps its whole buffer alive: count buffers, not views.
    return arraysOf(this.parts()).reduce((sum, a) => sum + a.buffer.byteLength, 0);
  }

  start(i: number): number {
    return this.lineStart[i];
  }

  end(i: number): number {
    return this.lineEnd[i];
  }

  physicalLine(i: number): number {
    return this.physical[i];
  }

  ok(i: number): boolean {
    return this.status[i] === OK;
  }

  fieldCount(i: number): number {
    return this.fieldBase[i + 1] - this.fieldBase[i];
  }

  tagCount(i: number): number {
    if (this.status[i] !== OK) return 0;
    const tokens = this.tokBase[i + 1] - this.tokBase[i];
    return (tokens - 4 - 2 * this.fieldCount(i)) / 2;
  }

  measurement(i: number, text: string, base: number): string {
    return decodeName(text, base + this.lineStart[i], base + this.tok[this.tokBase[i]], NameKind.Measurement, this.target);
  }

  measurementEnd(i: number): number {
    return this.tok[this.tokBase[i]];
  }

  tagKeyStart(i: number, j: number): number {
    const t = this.tokBase[i];
    return (j === 0 ? this.tok[t] : this.tok[t + 2 * j]) + 1;
  }

  tagKeyEnd(i: number, j: number): number {
    return this.tok[this.tokBase[i] + 1 + 2 * j];
  }

  tagKey(i: number, j: number, text: string, base: number): string {
    return decodeName(text, base + this.tagKeyStart(i, j), base + this.tagKeyEnd(i, j), NameKind.Key, this.target);
  }

  tagValue(i: number, j: number, text: string, base: number): string {
    const t = this.tokBase[i] + 1 + 2 * j;
    return decodeName(text, base + this.tok[t] + 1, base + this.tok[t + 1], NameKind.Key, this.target);
  }

  /** Token index of the fields-start entry of line i. */
  private fieldsToken(i: number): number {
    return this.tokBase[i] + 1 + 2 * this.tagCount(i);
  }

  fieldKeyStart(i: number, j: number): number {
    const f = this.fieldsToken(i);
    return j === 0 ? this.tok[f] : this.tok[f + 2 * j] + 1;
  }

  fieldKeyEnd(i: number, j: number): number {
    return this.tok[this.fieldsToken(i) + 1 + 2 * j];
  }

  fieldKey(i: number, j: number, text: string, base: number): string {
    return decodeName(text, base + this.fieldKeyStart(i, j), base + this.fieldKeyEnd(i, j), NameKind.FieldKey, this.target);
  }

  fieldType(i: number, j: number): FieldType {
    return TYPE_NAMES[this.types[this.fieldBase[i] + j]];
  }

  timestamp(i: number, text: string, base: number): bigint | undefined {
    const t = this.tokBase[i + 1] - 2;
    const start = this.tok[t];
    if (start < 0) return undefined;
    return BigInt(text.slice(base + start, base + this.tok[t + 1]));
  }

  private fieldValue(i: number, j: number, text: string, from: number, to: number): FieldValue {
    switch (this.types[this.fieldBase[i] + j]) {
      case T_INTEGER:
        return { type: 'integer', value: BigInt(text.slice(from, to - 1)) };
      case T_UINTEGER:
        return { type: 'uinteger', value: BigInt(text.slice(from, to - 1)) };
      case T_STRING:
        return { type: 'string', value: decodeStringField(text, from, to) };
      case T_BOOLEAN: {
        const c = text.charCodeAt(from);
        return { type: 'boolean', value: c === 116 || c === 84 };
      }
      case T_FLOAT:
      default:
        return { type: 'float', value: Number(text.slice(from, to)) };
    }
  }

  result(i: number, text: string, base: number): LineResult {
    const t = this.tokBase[i];
    const status = this.status[i];
    if (status !== OK) {
      const from = base + this.tok[t];
      const to = base + this.tok[t + 1];
      const extra = this.tok[t + 2];
      const lineEnd = base + this.lineEnd[i];
      const kind = KIND_NAMES[status];
      if (kind === '') throw new Error(`Corrupt line table: status ${status}`);
      const message = errorMessage(status, text, from, to, extra + (status === E_TAG_SET_MALFORMED ? base : 0), lineEnd, this.stringLimit);
      return { ok: false, error: { kind, message, offset: from, end: to } };
    }
    const token = (from: number, to: number, kind: NameKind): Token => ({
      value: decodeName(text, from, to, kind, this.target),
      start: from,
      end: to,
    });
    const measurement = token(base + this.lineStart[i], base + this.tok[t], NameKind.Measurement);
    const nTags = this.tagCount(i);
    const tags: Tag[] = [];
    let keyStart = base + this.tok[t] + 1;
    for (let j = 0; j < nTags; j++) {
      const eq = base + this.tok[t + 1 + 2 * j];
      const end = base + this.tok[t + 2 + 2 * j];
      tags.push({ key: token(keyStart, eq, NameKind.Key), value: token(eq + 1, end, NameKind.Key) });
      keyStart = end + 1;
    }
    const f = t + 1 + 2 * nTags;
    const nFields = this.fieldCount(i);
    const fields: Field[] = [];
    keyStart = base + this.tok[f];
    for (let j = 0; j < nFields; j++) {
      const eq = base + this.tok[f + 1 + 2 * j];
      const end = base + this.tok[f + 2 + 2 * j];
      fields.push({
        key: token(keyStart, eq, NameKind.FieldKey),
        valueSpan: { start: eq + 1, end },
        value: this.fieldValue(i, j, text, eq + 1, end),
      });
      keyStart = end + 1;
    }
    const ts = this.tokBase[i + 1] - 2;
    const tsStart = this.tok[ts];
    const timestamp =
      tsStart < 0
        ? undefined
        : {
            value: BigInt(text.slice(base + tsStart, base + this.tok[ts + 1])),
            start: base + tsStart,
            end: base + this.tok[ts + 1],
          };
    const point: Point = { measurement, tags, fields, timestamp };
    return { ok: true, point };
  }
}

/** Bytes held by a table made by this core (its typed arrays), for the retained-size goal. */
export function tableByteSize(table: LineTable): number {
  if (!(table instanceof ColumnarTable)) throw new TypeError('tableByteSize: not a table made by parseRegion.');
  return table.byteSize();
}

/** A table made by this core as plain data, for another thread. */
export function tableParts(table: LineTable): TableParts {
  if (!(table instanceof ColumnarTable)) throw new TypeError('tableParts: not a table made by parseRegion.');
  return table.parts();
}

/** The table `tableParts` described (its arrays are used as they are, not copied). */
export function tableFromParts(p: TableParts): LineTable {
  return new ColumnarTable(p, p.target, p.length, p.newlines, p.endsAtBoundary, p.stringLimit);
}

/** The distinct buffers of a table's arrays (the transfer list when it is posted to another thread). */
export function tableBuffers(p: TableParts): ArrayBuffer[] {
  return [...new Set(arraysOf(p).map((a) => a.buffer as ArrayBuffer))];
}
