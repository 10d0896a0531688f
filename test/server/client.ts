/**
 * A minimal LSP client for the server tests: talks to the real server code over the real protocol,
 * either in process (two PassThrough streams) or to a spawned `node dist/server.js --stdio`.
 * Diagnostics are awaited on the publishDiagnostics notification itself, never with a sleep.
 */
import type { ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CompletionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
  type Position,
  type ProtocolConnection,
  type Range,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { DiagnosticsRuntime } from '../../server/src/diagnostics';
import { startServer } from '../../server/src/server';
import { startServerProcess } from '../../support/serverProcess';

export type Settings = Record<string, unknown>;

export interface StartOptions {
  /** `influxLineProtocol` settings for every URI, or per URI. */
  readonly settings?: Settings | ((uri: string) => Settings);
  /**
   * Run the built `dist/server.js` instead of the server code in process: `true` or 'stdio' with
   * `--stdio`, 'extension' forked with the IPC transport and the fork options the extension uses.
   */
  readonly spawnBuilt?: boolean | 'stdio' | 'extension';
  /** A fixed delay after an edit (default 0); 'adaptive' sends none, so the server's default applies. */
  readonly diagnosticsDelay?: number | 'adaptive';
  /** In process: the clock and timers of the server's debounce. */
  readonly diagnosticsRuntime?: DiagnosticsRuntime;
  /** Declare workspace/configuration support (default true); without it settings are pushed. */
  readonly configuration?: boolean;
  /** Declare that code actions may come without their edit, to resolve (as VS Code does). */
  readonly resolveCodeActions?: boolean;
  /** In process: the script the server starts as its analysis worker (none: no worker). */
  readonly analysisWorkerScript?: string;
  /** In process: how long the analysis worker is kept without work. */
  readonly analysisWorkerIdleMs?: number;
  /** Documents this large and larger are checked in two parts at once (initializationOptions). */
  readonly parallelOpenMinChars?: number;
  /** Declare that the client runs the fix commands (initializationOptions.fixCommands), as the extension does. */
  readonly fixCommands?: boolean;
  /** Declare workspace.inlayHint.refreshSupport, as VS Code does. */
  readonly inlayHintRefresh?: boolean;
}

interface Published {
  readonly version: number | undefined;
  readonly diagnostics: Diagnostic[];
}

export class TestClient {
  private readonly published = new Map<string, Published>();
  /** Every version published per URI, in order (to see what a debounce skipped). */
  readonly publishedVersions = new Map<string, (number | undefined)[]>();
  private waiters: { uri: string; version: number | undefined; resolve: (d: Diagnostic[]) => void }[] = [];
  settings: Settings | ((uri: string) => Settings);
  readonly logs: string[] = [];
  /** workspace/configuration requests seen, by scope URI. */
  readonly configurationRequests: string[] = [];
  /** workspace/inlayHint/refresh requests seen. */
  inlayHintRefreshes = 0;
  private refreshWaiters: (() => void)[] = [];

  private constructor(
    readonly connection: ProtocolConnection,
    private readonly child: ChildProcess | undefined,
    settings: Settings | ((uri: string) => Settings),
    private readonly stopInProcess: (() => void) | undefined,
  ) {
    this.settings = settings;
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, { version: p.version, diagnostics: p.diagnostics });
      const versions = this.publishedVersions.get(p.uri) ?? [];
      versions.push(p.version);
      this.publishedVersions.set(p.uri, versions);
      const ready = this.waiters.filter((w) => w.uri === p.uri && (w.version === undefined || p.version === w.version));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p.diagnostics);
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => {
        this.configurationRequests.push(item.scopeUri ?? '');
        const s = this.settings;
        return typeof s === 'function' ? s(item.scopeUri ?? '') : s;
      }),
    );
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(InlayHintRefreshRequest.type, () => {
      this.inlayHintRefreshes++;
      for (const resolve of this.refreshWaiters.splice(0)) resolve();
    });
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
  }

  static async start(options: StartOptions = {}): Promise<TestClient> {
    let connection: ProtocolConnection;
    let child: ChildProcess | undefined;
    let stop: (() => void) | undefined;
    if (options.spawnBuilt) {
      ({ child, connection } = startServerProcess(options.spawnBuilt === 'extension' ? 'extension' : 'stdio'));
    } else {
      const up = new PassThrough();
      const down = new PassThrough();
      const server = createConnection(ProposedFeatures.all, up, down);
      startServer(server, {
        analysisWorkerScript: options.analysisWorkerScript,
        analysisWorkerIdleMs: options.analysisWorkerIdleMs,
        diagnosticsRuntime: options.diagnosticsRuntime,
      });
      server.listen();
      connection = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
      // Never end `up`: the server exits the process when its input stream ends.
      stop = () => {
        server.dispose();
        down.end();
      };
    }
    const client = new TestClient(connection, child, options.settings ?? {}, stop);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      // A process id starts the server's parent watchdog, an interval that would keep an
      // in-process test alive forever.
      processId: options.spawnBuilt ? process.pid : null,
      rootUri: null,
      capabilities: {
        workspace: { configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: true }, ...(options.inlayHintRefresh ? { inlayHint: { refreshSupport: true } } : {}) },
        ...(options.resolveCodeActions ? { textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } } : {}),
      },
      initializationOptions: {
        ...(options.diagnosticsDelay === 'adaptive' ? {} : { diagnosticsDelay: options.diagnosticsDelay ?? 0 }),
        ...(options.parallelOpenMinChars === undefined ? {} : { parallelOpenMinChars: options.parallelOpenMinChars }),
        ...(options.fixCommands ? { fixCommands: true } : {}),
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves at the server's next workspace/inlayHint/refresh request. */
  nextInlayHintRefresh(): Promise<void> {
    return new Promise((resolve) => this.refreshWaiters.push(resolve));
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  lastDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.published.get(uri)?.diagnostics;
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'influxdb-line-protocol', version, text },
    });
    return next;
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri, version);
    await this.sendChange(uri, version, changes);
    return next;
  }

  /** Sends a change without waiting for its diagnostics. */
  async sendChange(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return next;
  }

  /** Pushes settings in didChangeConfiguration (for a client without workspace/configuration). */
  async pushSettings(settings: Settings, uri: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { influxLineProtocol: settings } });
    return next;
  }

  /** Changes the settings the client answers with, tells the server, and waits for `uri`'s new diagnostics. */
  async changeSettings(settings: Settings | ((uri: string) => Settings), uri: string): Promise<Diagnostic[]> {
    this.settings = settings;
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    return next;
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const r = await this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(r) ? r : (r?.items ?? []);
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const r = await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
    return (r ?? []).filter((a): a is CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
  }

  resolveCodeAction(action: CodeAction): Promise<CodeAction> {
    return this.connection.sendRequest(CodeActionResolveRequest.type, action);
  }

  async inlayHints(uri: string, range: Range): Promise<InlayHint[]> {
    return (await this.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? [];
  }

  async symbols(uri: string): Promise<DocumentSymbol[]> {
    return ((await this.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) ?? []) as DocumentSymbol[];
  }

  async dispose(): Promise<void> {
    await this.connection.sendRequest(ShutdownRequest.type);
    // In process, `exit` would end the test process itself (the server calls process.exit).
    if (this.child) await this.connection.sendNotification(ExitNotification.type);
    this.connection.dispose();
    this.stopInProcess?.();
    if (this.child) {
      const child = this.child;
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
    }
  }
}

/** Applies LSP text edits to a text (edits must not overlap, as LSP requires). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min((lineStarts[p.line] ?? text.length) + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A diagnostic in compact form for exact assertions: [code, "l:c-l:c", severity, message]. */
export function brief(d: Diagnostic): [string, string, number, string] {
  const r = d.range;
  return [String(d.code), `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, d.severity ?? 0, messageOf(d)];
}

export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
