/**
 * The stored schema's state as the language status item shows it: "Schema of 'sensors': 14
 * measurements, read 14:02", or why there is none and what to do. Pure: the texts of each state.
 *
 * VS Code's language status pop-up puts text and detail on one row with the command after them,
 * so a long row pushes "Refresh" past the screen's edge: the row is the short text alone, and the
 * full explanation is the command's tooltip (shown on pointing at it, and read by screen readers)
 * and, for a failure, the log.
 */
import type { SchemaFailure } from '../../core/src/tools/bucketSchema';

export type SchemaState =
  | { readonly kind: 'off' }
  | { readonly kind: 'untrusted' }
  | { readonly kind: 'no-connection' }
  | { readonly kind: 'no-credentials'; readonly connection: string; readonly bucket: string }
  | { readonly kind: 'idle'; readonly connection: string; readonly bucket: string }
  | { readonly kind: 'reading'; readonly connection: string; readonly bucket: string }
  | { readonly kind: 'read'; readonly connection: string; readonly bucket: string; readonly where: string; readonly measurements: number; readonly readAtMs: number }
  /** `failure`: the reader's kind of failure; undefined when it could not even ask (an unusable caFile). */
  | { readonly kind: 'failed'; readonly connection: string; readonly bucket: string; readonly reason: string; readonly failure: SchemaFailure | undefined };

export interface SchemaStatusTexts {
  /** Short: what the row says. */
  readonly text: string;
  /** The full explanation: the command's tooltip. */
  readonly detail: string;
  readonly warning: boolean;
  /** The command the item offers. */
  readonly action: 'refresh' | 'setToken' | 'settings' | 'manageTrust' | 'selectConnection';
}

/** "14:02": the local time of day a schema was read. */
export function clockTime(ms: number): string {
  const at = new Date(ms);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** The short name of why a read gave no schema (the reader's reason says it in full). */
export function problemName(failure: SchemaFailure | undefined): string {
  switch (failure) {
    case 'credentials':
      return 'credentials not accepted';
    case 'permission':
      return 'the credentials may not read';
    case 'mapping':
      return 'no DBRP mapping';
    case 'database':
      return 'no such database';
    case 'unreachable':
      return 'unreachable';
    default:
      return 'unavailable';
  }
}

/** The reason as the end of a sentence. */
function ended(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function schemaStatusTexts(state: SchemaState): SchemaStatusTexts {
  switch (state.kind) {
    case 'off':
      return { text: 'Stored schema: off', detail: 'influxLineProtocol.schema.enabled is off: the checks do not include what the bucket holds.', warning: false, action: 'settings' };
    case 'untrusted':
      return { text: 'Stored schema: not read', detail: 'The workspace is not trusted: its settings choose the server, so no schema is read. Trust the workspace to check against what the bucket holds.', warning: false, action: 'manageTrust' };
    case 'no-connection':
      return { text: 'Stored schema: no connection', detail: 'Select or add a connection (with saved credentials) to check against what its bucket holds.', warning: false, action: 'selectConnection' };
    case 'no-credentials':
      return {
        text: `Schema of '${state.bucket}': no saved credentials`,
        detail: `No credentials are saved for '${state.connection}': run InfluxDB: Set Token or Password… to check against what the bucket holds (the schema is read only with saved credentials).`,
        warning: false,
        action: 'setToken',
      };
    case 'idle':
      return { text: `Schema of '${state.bucket}': nothing read yet`, detail: `The stored schema is read through '${state.connection}' for the measurements the open line protocol files use: none uses one yet.`, warning: false, action: 'refresh' };
    case 'reading':
      return { text: `Schema of '${state.bucket}': reading…`, detail: `Reading the stored schema through '${state.connection}'.`, warning: false, action: 'refresh' };
    case 'read':
      return {
        text: `Schema of '${state.bucket}': ${state.measurements} measurement${state.measurements === 1 ? '' : 's'}, read ${clockTime(state.readAtMs)}`,
        detail: `The checks include what ${state.where} of '${state.connection}' stores for the measurements the open files use.`,
        warning: false,
        action: 'refresh',
      };
    case 'failed':
      return {
        text: `Schema of '${state.bucket}': ${problemName(state.failure)}`,
        detail: `The stored schema could not be read through '${state.connection}': ${ended(state.reason)} The checks go on without it.`,
        // A database not created yet stores nothing: nothing to warn about.
        warning: state.failure !== 'database',
        action: 'refresh',
      };
  }
}

/** What the language status row shows of the texts: the text alone; the explanation is the command's tooltip. */
export function schemaStatusRow(texts: SchemaStatusTexts): { readonly text: string; readonly detail: undefined; readonly tooltip: string } {
  return { text: `$(symbol-structure) ${texts.text}`, detail: undefined, tooltip: texts.detail };
}
