/**
 * The stored schema of the active connection's bucket (issue 12), read by the client (it holds the
 * credentials) and sent to the language server, which checks the open documents against it and
 * never sees a token.
 *
 * When it is read: on opening a line-protocol document (only the measurements not asked yet), after
 * an edit brings new measurements (debounced), on "InfluxDB: Refresh Bucket Schema", after a write
 * to the active connection, when the saved credentials change, when the workspace becomes trusted,
 * and when the active connection changes (null is sent first: the old schema is forgotten).
 * Only the measurements the open documents use (openMeasurements.ts) are asked for, in one read
 * (schemaRead.ts; on 1.x also each field's type per shard group), merged into a cache per connection
 * and bucket (schemaCache.ts), of the active connection (schemaContext.ts). Reads go only to the
 * connection's own URL (the reader builds every request from it), only in a trusted workspace, only
 * with saved credentials; each is time-limited by the connection's timeout, runs one at a time and
 * never on the edit path: an edit only notes the names of the lines it touched. This module queues
 * the reads, keeps the state and sends the schema to the language server.
 *
 * A read that fails is said in the language status item and once per distinct reason in the log,
 * never in a pop-up; automatic reads then stop for that bucket until a Refresh, a write, new
 * credentials or another connection.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { PROFILES } from '../../core/src/products';
import type { SchemaFailure } from '../../core/src/tools/bucketSchema';
import { bucketWord } from '../../core/src/write/endpoint';
import { LANGUAGE_ID, SETTINGS_SECTION, StoredSchemaNotification, type StoredSchemaParams } from '../../protocol/src/protocol';
import type { ConnectionSettings } from './connections';
import type { ConnectionCredentials } from './credentials';
import { SETTINGS } from './ids';
import { OpenMeasurements } from './openMeasurements';
import { EMPTY_CACHE, keepNeeded, mergeRead, planRead, schemaParams, storedMeasurements, type SchemaCache } from './schemaCache';
import { credentialsKey, currentContext } from './schemaContext';
import { readEditorSchema } from './schemaRead';
import { schemaStatusTexts, type SchemaState } from './schemaStatus';
import { readConnectionState } from './settings';

/** How long after the last edit that brought a new measurement its schema is read. */
const EDIT_DEBOUNCE_MS = 800;

export interface StoredSchemaDeps {
  readonly credentials: ConnectionCredentials;
  /** The fetch a write to the connection uses (trusting its caFile), or why it cannot be used. */
  readonly fetchFor: (connection: ConnectionSettings) => Promise<{ fetch: typeof fetch | undefined } | string>;
  readonly client: LanguageClient | undefined;
  /** Resolves once the language server is up. */
  readonly ready: Promise<void>;
  readonly secrets: vscode.SecretStorage;
  readonly log: vscode.LogOutputChannel;
}

export class StoredSchema implements vscode.Disposable {
  private readonly sentEmitter = new vscode.EventEmitter<StoredSchemaParams | null>();
  private readonly stateEmitter = new vscode.EventEmitter<SchemaState>();
  /** Fires each time a schema (or null: none) is sent to the language server. */
  readonly onDidSend = this.sentEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;
  private current: SchemaState = { kind: 'no-connection' };
  /** What the server was last sent; undefined before anything was. */
  private lastSent: StoredSchemaParams | null | undefined;
  private asked: readonly string[] | undefined;
  private readonly caches = new Map<string, SchemaCache>();
  private readonly names = new OpenMeasurements();
  /** The connection and bucket the schema sent belongs to. */
  private activeKey: string | undefined;
  /** After a failed read of this key, only a Refresh (or a write, new credentials…) reads again. */
  private failedKey: string | undefined;
  private controller: AbortController | undefined;
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private pending: { fresh: boolean; done: Promise<SchemaState> } | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly logged = new Set<string>();
  private readonly disposables: vscode.Disposable[];
  private disposed = false;

  constructor(private readonly deps: StoredSchemaDeps) {
    this.disposables = [
      this.sentEmitter,
      this.stateEmitter,
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (document.languageId === LANGUAGE_ID) void this.request(false);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.names.forget(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.noteEdit(event)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        const s = (key: string): boolean => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`);
        if (!s(SETTINGS.connections) && !s(SETTINGS.activeConnection) && !s(SETTINGS.schemaEnabled)) return;
        const context = currentContext();
        if (context.kind === 'active' && context.key === this.activeKey && this.current.kind !== 'off') return;
        // Another connection (or none): the read under way is for the old one.
        this.controller?.abort();
        void this.request(true);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.request(true)),
      deps.secrets.onDidChange((event) => {
        // The active connection's credentials were saved or cleared.
        const active = readConnectionState().active;
        if (active && event.key === credentialsKey(active)) void this.request(true);
      }),
    ];
    // A restarted language server starts without a schema: it is sent again.
    if (deps.client) {
      this.disposables.push(
        deps.client.onDidChangeState((event) => {
          if (event.newState === State.Running && this.lastSent) void deps.client?.sendNotification(StoredSchemaNotification, this.lastSent).catch(() => undefined);
        }),
      );
    }
    void this.request(false);
  }

  get state(): SchemaState {
    return this.current;
  }

  /** The measurements the last read asked the server for (undefined: the whole bucket, or none yet). */
  get lastAsked(): readonly string[] | undefined {
    return this.asked;
  }

  /** The schema last sent to the language server; null: none; undefined: nothing sent yet. */
  get sent(): StoredSchemaParams | null | undefined {
    return this.lastSent;
  }

  /** "InfluxDB: Refresh Bucket Schema": reads again what the open documents use; resolves with the state after it. */
  refresh(): Promise<SchemaState> {
    return this.request(true);
  }

  /** After a write: what was written to the active connection is now stored. */
  afterWrite(connection: string, written: number): void {
    if (written > 0 && this.current.kind !== 'off' && readConnectionState().active?.name === connection) void this.request(true);
  }

  /**
   * Queues a read; a request made while one waits joins it. `fresh`: ask again for every
   * measurement needed (else only for those not asked yet), even after a failure.
   */
  private request(fresh: boolean): Promise<SchemaState> {
    if (this.pending) {
      this.pending.fresh ||= fresh;
      return this.pending.done;
    }
    const job: { fresh: boolean; done: Promise<SchemaState> } = { fresh, done: Promise.resolve(this.current) };
    job.done = this.chain.then(async () => {
      this.pending = undefined;
      try {
        return await this.readNow(job.fresh);
      } catch (error) {
        // Nothing here should throw; if it does, the editor goes on without the schema.
        this.logOnce('error', `The stored schema could not be read: ${error instanceof Error ? error.message : String(error)}`);
        return this.current;
      }
    });
    this.pending = job;
    this.chain = job.done;
    return job.done;
  }

  private async readNow(askedFresh: boolean): Promise<SchemaState> {
    if (this.disposed) return this.current;
    let fresh = askedFresh;
    const context = currentContext();
    if (context.kind !== 'active') {
      this.activeKey = undefined;
      // The state first: whoever hears of the null sent sees why.
      const state = this.setState({ kind: context.kind });
      await this.send(null);
      return state;
    }
    const { settings, key } = context;
    const parser = PROFILES[settings.target].parser;
    this.names.useParser(parser);
    if (key !== this.activeKey) {
      this.activeKey = key;
      this.failedKey = undefined;
      await this.send(null);
      fresh = true;
    }
    const where = `${bucketWord(settings.target)} '${settings.bucket}'`;
    const names = { connection: settings.name, bucket: settings.bucket };
    if (!fresh && this.failedKey === key) return this.current;

    const credentials = await this.deps.credentials.load(settings);
    if (!credentials) {
      this.logOnce('info', `The stored schema of ${where} is not read: no credentials are saved for '${settings.name}' (InfluxDB: Set Token or Password…).`);
      const state = this.setState({ kind: 'no-credentials', ...names });
      await this.send(null);
      return state;
    }
    const transport = await this.deps.fetchFor(settings);
    if (typeof transport === 'string') return this.fail(key, names, transport, undefined);

    // A fresh read rescans the documents (half-typed names go) and the cache keeps only what they use.
    if (fresh) this.names.rescan();
    const needed = this.names.needed(parser);
    const cache = keepNeeded(this.caches.get(key) ?? EMPTY_CACHE, needed);
    this.caches.set(key, cache);
    const ask = planRead(cache, needed, fresh);
    if (ask === null) {
      if (this.current.kind === 'read' && this.activeKey === key) return this.current;
      const params = schemaParams(cache, where, PROFILES[settings.target].label);
      if (!params) return this.setState({ kind: 'idle', ...names });
      await this.send(params);
      return this.setState({ kind: 'read', ...names, where, measurements: params.measurements.length, readAtMs: params.readAtMs });
    }

    this.setState({ kind: 'reading', ...names });
    this.asked = ask.measurements;
    const controller = new AbortController();
    this.controller = controller;
    const read = await readEditorSchema(settings, credentials, transport.fetch, {
      measurements: ask.measurements,
      signal: controller.signal,
      stillWanted: () => !controller.signal.aborted && this.activeKey === key && !this.disposed,
      where,
      warn: (message) => this.logOnce('warn', message),
    });
    if (read === undefined) return this.current;
    if (!read.ok) return this.fail(key, names, read.reason, read.failure);
    this.failedKey = undefined;
    const measurements = read.measurements;
    const merged = mergeRead(cache, ask, measurements, Date.now());
    this.caches.set(key, merged);
    const params = schemaParams(merged, where, PROFILES[settings.target].label);
    await this.send(params);
    const asked = ask.measurements === undefined ? 'the whole bucket' : `${ask.measurements.length} measurement${ask.measurements.length === 1 ? '' : 's'}`;
    this.deps.log.info(`Read the stored schema of ${where} through '${settings.name}' (${asked}): ${storedMeasurements(merged).length} stored measurement${storedMeasurements(merged).length === 1 ? '' : 's'} known.`);
    return this.setState(params ? { kind: 'read', ...names, where, measurements: params.measurements.length, readAtMs: params.readAtMs } : { kind: 'idle', ...names });
  }

  private fail(key: string, names: { connection: string; bucket: string }, reason: string, failure: SchemaFailure | undefined): SchemaState {
    this.failedKey = key;
    // A schema sent before for this bucket stays: it was true when read, and hovers say when.
    this.logOnce('warn', `The stored schema of '${names.bucket}' could not be read through '${names.connection}': ${reason} The checks go on without it.`);
    return this.setState({ kind: 'failed', ...names, reason, failure });
  }

  /** On the edit path: a measurement not asked for yet schedules a read for after the typing pauses. */
  private noteEdit(event: vscode.TextDocumentChangeEvent): void {
    const cache = this.activeKey === undefined ? undefined : this.caches.get(this.activeKey);
    if (!this.names.noteEdit(event, (name) => cache?.allReadAtMs === undefined && !cache?.asked.has(name))) return;
    if (this.editTimer !== undefined) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      void this.request(false);
    }, EDIT_DEBOUNCE_MS);
  }

  private async send(params: StoredSchemaParams | null): Promise<void> {
    // Nothing to forget when nothing was sent.
    if (params === null && !this.lastSent) return;
    this.lastSent = params;
    try {
      await this.deps.ready;
      await this.deps.client?.sendNotification(StoredSchemaNotification, params);
    } catch (error) {
      this.logOnce('warn', `The stored schema could not be given to the language server: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.sentEmitter.fire(params);
  }

  private setState(state: SchemaState): SchemaState {
    this.current = state;
    this.stateEmitter.fire(state);
    return state;
  }

  /** Each distinct message once: a server that stays unreachable is not a stream of log lines. */
  private logOnce(level: 'info' | 'warn' | 'error', message: string): void {
    if (this.logged.has(message)) return;
    this.logged.add(message);
    this.deps.log[level](message);
  }

  /** The texts of the current state (the language status item's). */
  texts(): ReturnType<typeof schemaStatusTexts> {
    return schemaStatusTexts(this.current);
  }

  dispose(): void {
    this.disposed = true;
    this.controller?.abort();
    if (this.editTimer !== undefined) clearTimeout(this.editTimer);
    for (const d of this.disposables) d.dispose();
  }
}
