/**
 * Growable typed arrays the parsers write into. One builder per region; the table trims an array
 * to its used length when much of it is unused, so the retained table stays tight.
 *
 * Per data line i: `lineStart`, `lineEnd`, `physical` (0-based, relative), `tokBase` (index of its
 * first token), `fieldBase` (index of its first field type), `status` (0 = ok, else an error code).
 * Tokens of a parsed line (offsets relative to the region start):
 *   measEnd, (tagEq, tagEnd)*, fieldsStart, (fieldEq, fieldEnd)*, tsStart, tsEnd   (ts = -1 when absent)
 * Tokens of a failed line: errOffset, errEnd, errExtra (the context start or a number for the message).
 */
export class TableBuilder {
  count = 0;
  lineStart: Int32Array<ArrayBuffer>;
  lineEnd: Int32Array<ArrayBuffer>;
  physical: Int32Array<ArrayBuffer>;
  tokBase: Int32Array<ArrayBuffer>;
  fieldBase: Int32Array<ArrayBuffer>;
  status: Uint8Array<ArrayBuffer>;
  tok: Int32Array<ArrayBuffer>;
  tn = 0;
  types: Uint8Array<ArrayBuffer>;
  fn = 0;

  /**
   * Sized from the region length for typical line protocol (about 200 characters and 20 tokens a
   * line), so that most regions never grow and the arrays need no trimming copy at the end.
   */
  constructor(regionLength: number) {
    const lines = 64 + (regionLength >> 7);
    this.lineStart = new Int32Array(lines);
    this.lineEnd = new Int32Array(lines);
    this.physical = new Int32Array(lines);
    this.tokBase = new Int32Array(lines + 1);
    this.fieldBase = new Int32Array(lines + 1);
    this.status = new Uint8Array(lines);
    this.tok = new Int32Array(1024 + (regionLength >> 3));
    this.types = new Uint8Array(256 + (regionLength >> 5));
  }

  /** Makes room for one more line of `length` characters (its tokens can never outnumber them). */
  reserve(length: number): void {
    const n = this.count;
    if (n + 1 >= this.lineStart.length) {
      const size = this.lineStart.length * 2;
      this.lineStart = grow(this.lineStart, size);
      this.lineEnd = grow(this.lineEnd, size);
      this.physical = grow(this.physical, size);
      this.tokBase = grow(this.tokBase, size + 1);
      this.fieldBase = grow(this.fieldBase, size + 1);
      const status = new Uint8Array(size);
      status.set(this.status);
      this.status = status;
    }
    const needTok = this.tn + length + 8;
    if (needTok > this.tok.length) this.tok = grow(this.tok, Math.max(needTok, this.tok.length * 2));
    const needTypes = this.fn + length + 2;
    if (needTypes > this.types.length) {
      const types = new Uint8Array(Math.max(needTypes, this.types.length * 2));
      types.set(this.types);
      this.types = types;
    }
  }
}

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
