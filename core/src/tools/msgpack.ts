/**
 * The few MessagePack shapes InfluxDB 1.x's `/query` answers with under
 * `Accept: application/x-msgpack` (seen on 1.6.7): maps, arrays, strings, booleans, nil, integers,
 * floats and the timestamp extension. Unlike JSON it keeps integers and floats apart (JSON gives
 * 1 for both 1i and 1.0), which is what reading a field's type in a shard group needs.
 */

/** A float, kept apart from an integer (which decodes to a bigint). */
export class MsgFloat {
  constructor(readonly value: number) {}
}

export type MsgValue = null | boolean | bigint | MsgFloat | string | Uint8Array | MsgValue[] | Map<string, MsgValue> | { readonly ext: number };

export function decodeMsgpack(bytes: Uint8Array): MsgValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  let at = 0;
  const need = (n: number): number => {
    if (at + n > bytes.length) throw new Error('msgpack: truncated');
    const start = at;
    at += n;
    return start;
  };
  const str = (n: number): string => text.decode(bytes.subarray(need(n), at));
  const array = (n: number): MsgValue[] => Array.from({ length: n }, () => value());
  const map = (n: number): Map<string, MsgValue> => {
    const out = new Map<string, MsgValue>();
    for (let k = 0; k < n; k++) {
      const key = value();
      // InfluxDB's keys are strings; another key is kept under a name that cannot clash.
      out.set(typeof key === 'string' ? key : `#${k}`, value());
    }
    return out;
  };
  const ext = (n: number): { ext: number } => {
    const type = view.getInt8(need(1));
    need(n);
    return { ext: type };
  };
  const value = (): MsgValue => {
    const b = bytes[need(1)];
    if (b <= 0x7f) return BigInt(b);
    if (b >= 0xe0) return BigInt(b - 0x100);
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return array(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return str(b & 0x1f);
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return bytes.slice(need(view.getUint8(need(1))), at);
      case 0xc5:
        return bytes.slice(need(view.getUint16(need(2))), at);
      case 0xc6:
        return bytes.slice(need(view.getUint32(need(4))), at);
      case 0xc7:
        return ext(view.getUint8(need(1)));
      case 0xc8:
        return ext(view.getUint16(need(2)));
      case 0xc9:
        return ext(view.getUint32(need(4)));
      case 0xca:
        return new MsgFloat(view.getFloat32(need(4)));
      case 0xcb:
        return new MsgFloat(view.getFloat64(need(8)));
      case 0xcc:
        return BigInt(view.getUint8(need(1)));
      case 0xcd:
        return BigInt(view.getUint16(need(2)));
      case 0xce:
        return BigInt(view.getUint32(need(4)));
      case 0xcf:
        return view.getBigUint64(need(8));
      case 0xd0:
        return BigInt(view.getInt8(need(1)));
      case 0xd1:
        return BigInt(view.getInt16(need(2)));
      case 0xd2:
        return BigInt(view.getInt32(need(4)));
      case 0xd3:
        return view.getBigInt64(need(8));
      case 0xd4:
        return ext(1);
      case 0xd5:
        return ext(2);
      case 0xd6:
        return ext(4);
      case 0xd7:
        return ext(8);
      case 0xd8:
        return ext(16);
      case 0xd9:
        return str(view.getUint8(need(1)));
      case 0xda:
        return str(view.getUint16(need(2)));
      case 0xdb:
        return str(view.getUint32(need(4)));
      case 0xdc:
        return array(view.getUint16(need(2)));
      case 0xdd:
        return array(view.getUint32(need(4)));
      case 0xde:
        return map(view.getUint16(need(2)));
      case 0xdf:
        return map(view.getUint32(need(4)));
      default:
        throw new Error(`msgpack: unknown byte 0x${b.toString(16)}`);
    }
  };
  return value();
}
