/**
 * The language server: document sync (incremental), debounced push diagnostics, and the editor
 * features. Handlers only translate between LSP and the pure analysis in core/src/analysis.
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
import { byteOrderMarkDiagnostics } from './byteOrderMark';
import { hiddenNote, toDiagnostic } from './convert';
import { AnalysisWorker } from './analysisWorker';
import { Documents, type OpenDocument } from './documents';
import { PARALLEL_OPEN_MIN_CHARS } from './openAnalysis';
import { inlayHints, documentSymbols } from './outline';
import { DEFAULT_DIAGNOSTICS_DELAY, MemoryRequest, type InitializationOptions, type ServerMemory } from '../../protocol/src/protocol';
import { describeError, runSafe } from './runner';

export interface ServerOptions {
  /**
   * The script to start as the analysis worker (the server's own bundle, which runs the worker
   * when started as one): without it, every document is checked on the server's thread.
   */
  readonly analysisWorkerScript?: string;
  /** Milliseconds the analysis worker is kept without work (default ANALYSIS_WORKER_IDLE_MS). */
  readonly analysisWorkerIdleMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new Documents(connection);
  const worker = options.analysisWorkerScript === undefined ? undefined : new AnalysisWorker(options.analysisWorkerScript, options.analysisWorkerIdleMs);
  const log = { error: (message: string) => connection.console.error(message) };
  let delay = DEFAULT_DIAGNOSTICS_DELAY;
  let dynamicConfiguration = false;
  let resolveEdits = false;
  let fixCommands = false;

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.diagnosticsDelay === 'number' && init.diagnosticsDelay >= 0) delay = init.diagnosticsDelay;
    documents.configurationSupported = params.capabilities.workspace?.configuration === true;
    dynamicConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    fixCommands = init.fixCommands === true;
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

  async function validate(doc: OpenDocument): Promise<void> {
    doc.timer = undefined;
    let analysis: DocumentAnalysis;
    try {
      analysis = await doc.ready;
    } catch (error) {
      log.error(`Analysis of ${doc.uri} failed: ${String(error)}`);
      return;
    }
    // A newer edit or a close since this was scheduled publishes its own result.
    if (documents.get(doc.uri) !== doc || doc.timer !== undefined) return;
    const version = doc.version;
    try {
      const encoding = await byteOrderMarkDiagnostics(doc.uri, analysis.slice(0, 1));
      if (documents.get(doc.uri) !== doc || doc.timer !== undefined || doc.version !== version) return;
      const diagnostics = [...encoding, ...analysis.diagnostics().map((d) => toDiagnostic(doc.uri, d, documents.precisionPlace(doc.uri)))];
      // Counting the rest checks every chunk: only worth it when the list is full.
      const hidden = diagnostics.length >= analysis.settings.maxDiagnostics ? analysis.hiddenDiagnostics() : undefined;
      if (hidden !== undefined) diagnostics.push(hiddenNote(doc.uri, hidden, analysis.settings.maxDiagnostics));
      await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
    } catch (error) {
      log.error(`Diagnostics of ${doc.uri} failed: ${describeError(error)}`);
    }
  }

  function schedule(doc: OpenDocument, ms: number): void {
    if (doc.timer !== undefined) clearTimeout(doc.timer);
    doc.timer = setTimeout(() => void validate(doc), ms);
  }

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const doc = documents.openDocument(textDocument.uri, textDocument.version, textDocument.text);
    schedule(doc, 0);
  });

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const doc = documents.get(textDocument.uri);
    if (doc === undefined) return;
    documents.change(doc, textDocument.version, contentChanges);
    schedule(doc, delay);
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    if (documents.close(textDocument.uri) !== undefined) void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((params) => {
    const pushed = (params.settings as { influxLineProtocol?: unknown } | null | undefined)?.influxLineProtocol;
    documents.clearSettings(pushed !== undefined && pushed !== null && typeof pushed === 'object' ? pushed : undefined);
    for (const doc of documents.all()) {
      documents.recheckSettings(doc);
      schedule(doc, 0);
    }
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
