/**
 * Diagnostics about the bytes of the file rather than its line protocol (issue #10 items 5 and 7):
 * - a byte that is not valid UTF-8, known where the bytes were read (`lp check`, a file written from
 *   disk): it reaches the text as a kept byte U+DC80–U+DCFF (bytes/utf8.ts). InfluxDB 3 and Cloud
 *   reject a body that is not UTF-8 as a whole (line-protocol.md §2): an error; 1.x and 2.x store
 *   the bytes as they are: a warning;
 * - U+FFFD in the editor's text: VS Code decodes an invalid byte to it, so it may stand for one
 *   (information; Write to Bucket of a saved file judges by the bytes on disk);
 * - a leading byte order mark (found by whoever read the bytes): information on line 1.
 */
import { hexByte, keptByteAt, nextKeptByte, type ByteFacts } from '../bytes/utf8';
import { PROFILES, type Product, type ProductProfile } from '../products';
import { INVALID_UTF8_CODE, REPLACEMENT_CHARACTER_CODE, type Severity } from './codes';
import type { ChunkDiagnostic } from './findings';

const REPLACEMENT = '\uFFFD';

function latin1Hint(byte: number): string {
  // In Latin-1 (and Windows-1252) the bytes 0xA0–0xFF are the characters U+00A0–U+00FF.
  return byte >= 0xa0 ? ` (in Latin-1, ${hexByte(byte)} is '${String.fromCharCode(byte)}')` : '';
}

export function invalidUtf8Message(byte: number, count: number, profile: ProductProfile): { severity: Severity; message: string } {
  const what = count === 1 ? `Byte ${hexByte(byte)} is not valid UTF-8${latin1Hint(byte)}` : `${count} bytes from ${hexByte(byte)} on are not valid UTF-8${latin1Hint(byte)}`;
  if (profile.parser === 'v3') {
    return {
      severity: 'error',
      message:
        `${what}: ${profile.label} rejects a request whose body is not UTF-8 as a whole, so a write that sends this line fails for every line sent with it ` +
        `('lp write' and Write to Bucket leave this line out and write the others). Save the file as UTF-8, converting it from the encoding it was written in.`,
    };
  }
  return {
    severity: 'warning',
    message:
      `${what}: ${profile.label} stores the bytes as they are (they are sent unchanged), but queries and other tools may show them as U+FFFD or refuse them. ` +
      `Save the file as UTF-8 if a character was meant.`,
  };
}

export const REPLACEMENT_MESSAGE =
  "U+FFFD may stand for a byte of the file that is not valid UTF-8 (the editor shows such a byte as U+FFFD). Write to Bucket of the saved file sends the bytes on disk: " +
  "as they are to InfluxDB 1.x and 2.x, while InfluxDB 3 and Cloud reject a body that is not UTF-8 (such lines are left out). Run 'lp check' on the file to see the byte, " +
  "or reopen the file with its real encoding. If the file holds a real U+FFFD, nothing is wrong.";

export const BYTE_ORDER_MARK_MESSAGE =
  'The file starts with a byte order mark (U+FEFF). Write to Bucket and lp write leave it out, but the servers keep it as part of the first measurement name ' +
  "when the file is sent as it is (curl, 'influx write'): that line then writes to a measurement that looks like another one. " +
  "Save the file as UTF-8 without a byte order mark (in VS Code: Save with Encoding, 'UTF-8').";

/**
 * One native pass for the common case, nothing to report (free on a one-byte string, which cannot
 * hold these characters; a low surrogate it finds may still be half of a pair, sorted out below).
 */
const SUSPECT = /[\uFFFD\uDC80-\uDCFF]/;

/** Encoding diagnostics of a chunk's text, merged into `out` in order of position. */
export function addEncodingDiagnostics(out: ChunkDiagnostic[], text: string, profile: ProductProfile): void {
  if (!SUSPECT.test(text)) return;
  const found: ChunkDiagnostic[] = [];
  for (let at = text.indexOf(REPLACEMENT); at >= 0; at = text.indexOf(REPLACEMENT, at + 1)) {
    found.push({ start: at, end: at + 1, severity: 'information', code: REPLACEMENT_CHARACTER_CODE, message: REPLACEMENT_MESSAGE });
  }
  for (let at = nextKeptByte(text); at >= 0; ) {
    // One diagnostic for a run of such bytes (a word of a file in Latin-1).
    let end = at + 1;
    while (nextKeptByte(text, end) === end) end++;
    const { severity, message } = invalidUtf8Message(keptByteAt(text, at), end - at, profile);
    found.push({ start: at, end, severity, code: INVALID_UTF8_CODE, message });
    at = nextKeptByte(text, end);
  }
  if (found.length === 0) return;
  out.push(...found);
  out.sort((a, b) => a.start - b.start);
}

/** What a write from disk says about the bytes it read (`lp write` on stderr, Write to Bucket in its log). */
export function byteNotes(file: string, facts: ByteFacts, product: Product): string[] {
  const notes: string[] = [];
  if (facts.bom) notes.push(`${file}: ${BYTE_ORDER_MARK_MESSAGE}`);
  if (facts.invalidBytes > 0 && PROFILES[product].parser !== 'v3') {
    notes.push(
      `${file} holds ${facts.invalidBytes} byte(s) that are not valid UTF-8: they were sent as they are, and ${PROFILES[product].label} stores them so. ` +
        `Run 'lp check ${file}' to see where.`,
    );
  }
  return notes;
}
