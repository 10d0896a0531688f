/**
 * What the extension client and the language server share: the language id, the settings section
 * and the typed `initializationOptions`. Both bundles import this module (the one home of these
 * words; the client never imports server/); it depends only on `vscode-languageserver-protocol`.
 *
 * Everything the editor needs is standard LSP (diagnostics, hover, completion, code actions, inlay
 * hints, document symbols). The custom messages: the stored schema the client read (the server
 * never sees a credential), and a diagnostic aid for benchmarks and bug reports.
 */
import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** The language id of `.lp` documents (package.json `contributes.languages`). */
export const LANGUAGE_ID = 'influxdb-line-protocol';

/** The settings section (package.json `contributes.configuration`), which the server reads per document URI through `workspace/configuration`. */
export const SETTINGS_SECTION = 'influxLineProtocol';

/**
 * How the extension starts the server process (Node's fork options, with the IPC transport).
 * Messages between the processes are copied with V8's serializer instead of JSON: a 50 MB document
 * sent with didOpen costs about a quarter as much to pass (JSON escapes and parses every character
 * of it, twice). The benchmark starts the server with these same options.
 */
export const SERVER_PROCESS_OPTIONS = { serialization: 'advanced' } as const;

/** `initializationOptions` the client may send (all optional). */
export interface InitializationOptions {
  /**
   * Milliseconds between the last edit and the diagnostics it causes. Default: adaptive, at once
   * after a document whose last check was cheap (CHEAP_CHECK_MS in diagnostics.ts), else
   * DEFAULT_DIAGNOSTICS_DELAY. Tests and the benchmark set 0 so that every edit is answered at once.
   */
  readonly diagnosticsDelay?: number;
  /**
   * Documents of at least this many characters are checked in two parts at once, the second in a
   * worker thread (default 2 MiB). Tests set a small value to exercise that path on small texts.
   */
  readonly parallelOpenMinChars?: number;
  /** The client runs FIX_COMMANDS: quick fixes that switch the end of line or set the precision use them. */
  readonly fixCommands?: boolean;
}

/**
 * Commands the extension client implements for quick fixes a text edit cannot make in VS Code:
 * switching a document's end of line (VS Code keeps it as a property of the document and
 * normalises `\r\n` in edits), and setting the write precision. Arguments: the document URI, and
 * for setPrecision the precision.
 */
export const FIX_COMMANDS = {
  endOfLineLF: 'influxLineProtocol.fix.endOfLineLF',
  setPrecision: 'influxLineProtocol.fix.setPrecision',
} as const;

/**
 * What the extension client answers to workspace/configuration for SETTINGS_SECTION: only what the
 * checks need, already resolved to the product written to (never the connections: they are the
 * client's business). Each value may be missing; the server falls back to its defaults.
 */
export interface CheckSettingsSent {
  readonly target?: string;
  readonly precision?: string;
  /** Whether the server stores fields by column family (the active connection's choice, else the target's default). */
  readonly columnFamilies?: boolean;
  readonly retentionPeriod?: string;
  readonly shardGroupDuration?: string;
  readonly maxDiagnostics?: number;
  readonly inlayHints?: { readonly timestamps?: boolean };
  /** Where the precision is set, for quick fix titles ("connection 'prod'"); default the precision setting. */
  readonly precisionPlace?: string;
}

/** What a quick fix title calls the precision setting when the client names no other place. */
export const DEFAULT_PRECISION_PLACE = 'the influxLineProtocol.precision setting';

/** The delay after an edit of a document whose checks are costly, in milliseconds. */
export const DEFAULT_DIAGNOSTICS_DELAY = 200;

/** The server's memory, after a full garbage collection when the server runs with --expose-gc. */
export interface ServerMemory {
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly rss: number;
  /** Whether a collection ran first (the figures are then what is really retained). */
  readonly collected: boolean;
  /** The analysis worker's heap, after a collection too, when the worker is running. */
  readonly workerHeapUsed?: number;
  /** How many analysis worker threads the server has started (one per burst of large documents). */
  readonly workerStarts?: number;
}

/** Client → server: report the server's memory use. */
export const MemoryRequest = new RequestType0<ServerMemory, void>('influxLineProtocol/memory');

/**
 * The stored schema of the active connection's bucket, as the client read it (issue 12). The
 * client holds the credentials and does the reading; the server only applies what it is given.
 */
export interface StoredSchemaParams {
  /** How messages name where it is stored, e.g. "bucket 'sensors'" or "database 'telegraf'". */
  readonly where: string;
  /** When it was read (ms since the epoch): hovers say how old it is. */
  readonly readAtMs: number;
  /**
   * The product that stores it, as messages name it (the connection's, e.g. "InfluxDB 3 Core"),
   * which may differ from the product the checks follow (an explicit target setting).
   */
  readonly storedBy?: string;
  /** The measurements the open documents use (or all), with their tags and typed fields. */
  readonly measurements: readonly StoredMeasurementSent[];
}

/**
 * One stored measurement (the shape of core's `StoredMeasurement`, core/src/tools/bucketSchema.ts,
 * repeated here because protocol/ imports no side): its tag keys, and its fields with the types
 * stored (several on 1.x/2.x, one per shard group that stored another).
 */
export interface StoredMeasurementSent {
  readonly name: string;
  readonly tags: readonly string[];
  readonly fields: readonly {
    readonly name: string;
    readonly types: readonly string[];
    /**
     * Optional, 1.x: the type the field holds in each shard group that holds it (ns since the epoch
     * as decimal strings), as core/src/tools/shardTypes.ts reads it. Where given, a conflict in the
     * point's own shard group is an error; without it a 1.x stored type is only noted.
     */
    readonly byShardGroup?: readonly { readonly startNs: string; readonly endNs: string; readonly type: string }[];
  }[];
}

/** Client → server: check the open documents against this stored schema (null: none, forget it). */
export const StoredSchemaNotification = new NotificationType<StoredSchemaParams | null>('influxLineProtocol/storedSchema');
