/**
 * Reads a ZIP archive (a VSIX) without any dependency: the central directory for the list of
 * entries, and one entry's bytes (stored or deflated). Enough to check what the VSIX ships.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

export class ZipFile {
  readonly entries: readonly ZipEntry[];
  private readonly bytes: Buffer;

  constructor(path: string) {
    this.bytes = readFileSync(path);
    this.entries = this.readCentralDirectory(path);
  }

  private readCentralDirectory(path: string): ZipEntry[] {
    const b = this.bytes;
    // The end record is at most 22 + 65535 (comment) bytes from the end.
    let end = -1;
    for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
      if (b.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new Error(`${path} is not a ZIP archive (no end of central directory record)`);
    const count = b.readUInt16LE(end + 10);
    let offset = b.readUInt32LE(end + 16);
    const entries: ZipEntry[] = [];
    for (let i = 0; i < count; i++) {
      if (b.readUInt32LE(offset) !== CENTRAL_FILE_HEADER) throw new Error(`${path}: bad central directory entry ${i} at byte ${offset}`);
      const nameLength = b.readUInt16LE(offset + 28);
      const extraLength = b.readUInt16LE(offset + 30);
      const commentLength = b.readUInt16LE(offset + 32);
      entries.push({
        method: b.readUInt16LE(offset + 10),
        compressedSize: b.readUInt32LE(offset + 20),
        size: b.readUInt32LE(offset + 24),
        localHeaderOffset: b.readUInt32LE(offset + 42),
        name: b.toString('utf8', offset + 46, offset + 46 + nameLength),
      });
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  }

  read(name: string): Buffer {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry) throw new Error(`the archive has no entry '${name}'`);
    const b = this.bytes;
    const at = entry.localHeaderOffset;
    if (b.readUInt32LE(at) !== LOCAL_FILE_HEADER) throw new Error(`bad local header for '${name}'`);
    const start = at + 30 + b.readUInt16LE(at + 26) + b.readUInt16LE(at + 28);
    const data = b.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return Buffer.from(data);
    if (entry.method === 8) return inflateRawSync(data);
    throw new Error(`'${name}' uses ZIP method ${entry.method}; only stored (0) and deflate (8) are read`);
  }
}
