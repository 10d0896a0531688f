/**
 * The language server: document sync (incremental) and push diagnostics (diagnostics.ts), and the
 * editor features. Handlers only translate between LSP and the pure analysis in core/src/analysis.
 */
import {
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { hoverAt, type DocumentAnalysis } from '../../core/src/analysis';
import { codeActions, isFixAllData, resolveFixAll } from './codeActions';
import { completionItems } from './completion';
import { AnalysisWorker } from './analysisWorker';
import { DocumentDiagnostics, type DiagnosticsRuntime } from './diagnostics';
import { Documents } from './documents';
import { PARALLEL_OPEN_MIN_CHARS } from './openAnalysis';
import { inlayHints, documentSymbols } from './outline';
import { MemoryRequest, StoredSchemaNotification, type InitializationOptions, type ServerMemory } from '../../protocol/src/protocol';
import { storedSchemaOf } from './storedSchema';
import { runSafe } from './runner';

export interface ServerOptions {
  /**
   * The script to start as the analysis worker (the server's own bundle, which runs the worker
   * when started as one): without it, every document is checked on the server's thread.
   */
  readonly analysisWorkerScript?: string;
  /** Milliseconds the analysis worker is kept without work (default ANALYSIS_WORKER_IDLE_MS). */
  readonly analysisWorkerIdleMs?: number;
  /** The clock and timers of the diagnostics' debounce (tests inject them). */
  readonly diagnosticsRuntime?: DiagnosticsRuntime;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new Documents(connection);
  const worker = options.analysisWorkerScript === undefined ? undefined : new AnalysisWorker(options.analysisWorkerScript, options.analysisWorkerIdleMs);
  const log = { error: (message: string) => connection.console.error(message) };
  const diagnostics = new DocumentDiagnostics(documents, connection, log, { runtime: options.diagnosticsRuntime });
  let dynamicConfiguration = false;
  let resolveEdits = false;
  let fixCommands = false;
  let refreshHints = false;
  /**
   * The timestamp hints read the precision and the target from the settings: after a settings
   * change the editor is asked to fetch them again (VS Code otherwise keeps them until an edit).
   * The requests it then makes wait for the documents' new analyses (`ready`).
   */
  const hintsChanged = (): void => {
    if (refreshHints) connection.languages.inlayHint.refresh().catch((error: unknown) => log.error(`Asking the editor to refresh inlay hints failed: ${String(error)}`));
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) diagnostics.fixedDelay = init.diagnosticsDelay;
    documents.configurationSupported = params.capabilities.workspace?.configuration === true;
    dynamicConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    fixCommands = init.fixCommands === true;
    refreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    resolveEdits = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    if (worker !== undefined) {
      const min = init.parallelOpenMinChars;
      documents.parallel = { worker, minChars: typeof min === 'number' && min >= 0 ? min : PARALLEL_OPEN_MIN_CHARS, log };
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [',', '=', ' '] },
        codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll'], resolveProvider: true },
        inlayHintProvider: true,
        documentSymbolProvider: true,
      },
      serverInfo: { name: 'influxdb-line-protocol' },
    };
  });

  connection.onInitialized(() => {
    // Without registering, VS Code sends didChangeConfiguration only for pushed settings.
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'influxLineProtocol' });
  });

  connection.onDidOpenTextDocument(({ textDocument }) => diagnostics.opened(textDocument.uri, textDocument.version, textDocument.text));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => diagnostics.changed(textDocument.uri, textDocument.version, contentChanges));
  connection.onDidCloseTextDocument(({ textDocument }) => diagnostics.closed(textDocument.uri));

  connection.onDidChangeConfiguration((params) => {
    const pushed = (params.settings as { influxLineProtocol?: unknown } | null | undefined)?.influxLineProtocol;
    documents.clearSettings(pushed !== undefined && pushed !== null && typeof pushed === 'object' ? pushed : undefined);
    diagnostics.settingsChanged();
    hintsChanged();
  });

  connection.onNotification(StoredSchemaNotification, (params) => {
    const stored = storedSchemaOf(params);
    if (typeof stored === 'string') connection.console.error(`Ignored a stored schema the client sent: ${stored}.`);
    else diagnostics.storedChanged(stored);
  });

  const analysisOf = async (uri: string): Promise<DocumentAnalysis | undefined> => documents.get(uri)?.ready;

  /** A request about one document: `answer` from its analysis, or `none` when it is not open (or `answer` fails). */
  function onDocument<T>(uri: string, none: T, what: string, token: CancellationToken, answer: (a: DocumentAnalysis) => T) {
    return runSafe(
      log,
      async () => {
        const a = await analysisOf(uri);
        return a ? answer(a) : none;
      },
      none,
      what,
      token,
    );
  }

  connection.onHover((params, token) =>
    onDocument(params.textDocument.uri, null, 'hover', token, (a) => {
      const h = hoverAt(a, params.position);
      return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
    }),
  );

  connection.onCompletion((params, token) => onDocument(params.textDocument.uri, [], 'completion', token, (a) => completionItems(a, params.position)));

  connection.onCodeAction((params, token) => onDocument(params.textDocument.uri, [], 'code actions', token, (a) =>
      codeActions(a, params, { canResolve: resolveEdits, fixCommands, precisionPlace: documents.precisionPlace(params.textDocument.uri) }),
    ),
  );

  connection.onCodeActionResolve((action, token) =>
    runSafe(
      log,
      async () => {
        const data: unknown = action.data;
        if (!isFixAllData(data)) return action;
        const a = await analysisOf(data.uri);
        return a ? resolveFixAll(a, action, data) : action;
      },
      action,
      'code action resolve',
      token,
    ),
  );

  connection.languages.inlayHint.on((params, token) => onDocument(params.textDocument.uri, [], 'inlay hints', token, (a) => inlayHints(a, params.range)));

  connection.onRequest(MemoryRequest, async (): Promise<ServerMemory> => {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Buffers of a big message just read are released by the collector in a later turn: collect,
    // yield once, collect again, so the figures show what is retained rather than in flight.
    gc?.();
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
    const m = process.memoryUsage();
    const workerHeapUsed = await worker?.heapUsed().catch(() => undefined);
    return {
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      rss: m.rss,
      collected: gc !== undefined,
      ...(workerHeapUsed === undefined ? {} : { workerHeapUsed }),
      ...(worker === undefined ? {} : { workerStarts: worker.starts }),
    };
  });

  connection.onShutdown(() => worker?.dispose());

  connection.onDocumentSymbol((params, token) => onDocument(params.textDocument.uri, [], 'document symbols', token, (a) => documentSymbols(a)));
}
