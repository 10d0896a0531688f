/**
 * "Write to Bucket": writes the active document (or the lines of its selection), or a file from
 * the Explorer streamed from disk without opening it, to the active connection; shows progress
 * with Cancel, logs every request, puts every rejected point on its line and sums up.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { bucketWord, writeLineProtocol, type Credentials, type WriteReport } from '../../core/src/write/index';
import { gzipWithZlib } from '../../core/src/write/node/index';
import { asPrecision, checkUrl, describeConnection, resolveCaFile, toWriteConnection, type ConnectionSettings } from './connections';
import type { ConnectionCredentials } from './credentials';
import { SETTINGS_SECTION } from '../../protocol/src/protocol';
import { COMMANDS } from './ids';
import { byteNotes } from '../../core/src/analysis/encoding';
import { PROFILES } from '../../core/src/products';
import { factsOf } from '../../core/src/bytes/utf8';
import { readConnectionState, setActiveConnection } from './settings';
import { credentialsWaitMessage, progressMessage, requestLogLine, summarize, waitMessage, type Rewrite } from './summary';
import { logReportLines, loggedRewrites } from './writeLog';
import { addConnection, type AddedConnection } from './connectionCommands';
import { originKey, placeProblems, type TextChange } from './writeDiagnostics';
import type { WriteDiagnostics } from './writeDiagnosticsView';
import { basename, resolveSource, wholeDocument, type LastLineProtocolEditor, type Source } from './writeSource';

export { LastLineProtocolEditor } from './writeSource';

/** The outcome of one write, as the exported API hands it to tests. */
export interface WriteResult {
  /** The document or file written (`Uri.toString()`); '' for text a language model tool wrote. */
  readonly uri: string;
  /** The connection's name. */
  readonly connection: string;
  readonly report: WriteReport;
}

export interface WriteCommandDeps {
  readonly credentials: ConnectionCredentials;
  readonly diagnostics: WriteDiagnostics;
  readonly log: vscode.LogOutputChannel;
  readonly onWrite: (result: WriteResult) => void;
  readonly setBusy: (busy: boolean) => void;
  readonly lastEditor: LastLineProtocolEditor;
  /**
   * The fetch of every write: core/src/write/node's fetchTrusting (Node's HTTP client, which skips
   * interim 1xx answers), trusting a connection's `caFile` (PEM) besides the system's certificate
   * authorities. Without it the global fetch is used, and a connection with a caFile is refused.
   */
  readonly fetchTrusting?: (caPem: string | undefined) => typeof fetch;
  /** The wait shown in the progress ("Server busy (429): retrying in 8 s (attempt 2 of 5)"), for the API. */
  readonly onWait?: (message: string) => void;
}

/** The command that writes the source it resolves (writeSource.ts) to the active connection. */
export class WriteCommand {
  /** One write at a time: requests stay sequential, and two progress notifications would confuse. */
  private running = false;
  /** Cancels the write in progress as its notification's Cancel does; undefined when none runs. */
  private cancelRunning: (() => void) | undefined;

  constructor(private readonly deps: WriteCommandDeps) {}

  /**
   * The language model tool's write (lmTools.ts): `text`, or the document at `uri` as "Write to
   * Bucket" writes it, to `connection` with its saved `credentials`, never prompting. Returns the
   * report, or a string that says why nothing was written.
   */
  async writeForTool(input: { readonly text: string; readonly label: string } | { readonly document: vscode.TextDocument }, connection: ConnectionSettings, credentials: Credentials): Promise<WriteReport | string> {
    if (!vscode.workspace.isTrusted) return 'Writing to InfluxDB is disabled in an untrusted workspace: the user must trust the workspace first (its settings choose where data is sent).';
    if (this.running) return 'A write to InfluxDB is already running: wait for it to finish.';
    this.running = true;
    try {
      const source: Source = 'document' in input ? wholeDocument(input.document) : { uri: undefined, label: input.label, read: () => ({ text: input.text, firstLine: 1 }), lineAt: () => undefined };
      const transport = await this.transport(connection, source.uri);
      if (typeof transport === 'string') return transport;
      // Only the saved credentials: a 401 is reported (lines not sent), never answered with a password box.
      return (await this.write(source, connection, credentials, transport.fetch, false)) ?? `Could not read ${source.label}.`;
    } finally {
      this.running = false;
    }
  }

  /** The fetch a write to `connection` uses (trusting its caFile), or why it cannot be used: for the schema tool's reads. */
  fetchFor(connection: ConnectionSettings): Promise<{ fetch: typeof fetch | undefined } | string> {
    return this.transport(connection, undefined);
  }

  /** Does what Cancel in the progress notification does; false when no write is sending. */
  cancel(): boolean {
    if (!this.cancelRunning) return false;
    this.cancelRunning();
    return true;
  }

  /**
   * The command handler: returns the report (of the last file when several are selected in the
   * Explorer), undefined when nothing was written (cancelled before sending, untrusted, no file).
   */
  async run(uri?: unknown, selected?: unknown): Promise<WriteReport | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('Writing to InfluxDB is disabled in an untrusted workspace: trust the workspace first (its settings choose where data is sent).');
      return undefined;
    }
    if (this.running) {
      void vscode.window.showWarningMessage('A write to InfluxDB is already running: wait for it to finish, or cancel it from its notification.');
      return undefined;
    }
    this.running = true;
    try {
      // Several files selected in the Explorer: each is written in turn (one report each, see onDidWrite).
      const files = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
      if (files.length <= 1) return await this.prepareAndWrite(uri, selected);
      let last: WriteReport | undefined;
      for (const file of files) {
        last = await this.prepareAndWrite(file, selected);
        if (!last || last.failure) break;
      }
      return last;
    } finally {
      this.running = false;
    }
  }

  private async prepareAndWrite(uri: unknown, selected: unknown): Promise<WriteReport | undefined> {
    const source = await resolveSource(uri, Array.isArray(selected), this.deps.lastEditor);
    if (source === undefined) return undefined;
    if (typeof source === 'string') {
      void vscode.window.showWarningMessage(source);
      return undefined;
    }
    const chosen = await this.connection();
    if (!chosen) return undefined;
    const connection = 'connection' in chosen ? chosen.connection : chosen;
    const transport = await this.transport(connection, source.uri);
    if (typeof transport === 'string') {
      this.deps.log.error(transport);
      void vscode.window.showErrorMessage(transport);
      return undefined;
    }
    // A connection just added asked for its credentials already: escaping that box means "do not write".
    const credentials = 'connection' in chosen ? chosen.credentials : await this.deps.credentials.loadOrAsk(connection, readConnectionState().connections);
    if (!credentials) return undefined;
    return this.write(source, connection, credentials, transport.fetch);
  }

  /** The active connection; walks through creating one when there is none, asks when several. */
  private async connection(): Promise<ConnectionSettings | AddedConnection | undefined> {
    const state = readConnectionState();
    for (const problem of state.problems) this.deps.log.warn(`Settings: ${problem}`);
    if (state.active) return state.active;
    if (state.connections.length === 0) {
      if (state.problems.length > 0) {
        void vscode.window.showWarningMessage(`No usable InfluxDB connection: ${state.problems[0]}`);
      }
      return addConnection(this.deps.credentials);
    }
    const picked = await vscode.window.showQuickPick(
      state.connections.map((c) => ({ label: c.name, detail: describeConnection(c), connection: c })),
      { title: 'Write to which InfluxDB connection?', placeHolder: state.problems[0], ignoreFocusOut: true },
    );
    if (!picked) return undefined;
    await setActiveConnection(picked.connection.name);
    return picked.connection;
  }

  /** The fetch for a connection: the global one, or one that trusts its `caFile`; a string says why the CA file cannot be used. */
  private async transport(connection: ConnectionSettings, written: vscode.Uri | undefined): Promise<{ fetch: typeof fetch | undefined } | string> {
    if (connection.caFile === undefined) return { fetch: this.deps.fetchTrusting?.(undefined) };
    const folder = (written && vscode.workspace.getWorkspaceFolder(written)) ?? vscode.workspace.workspaceFolders?.[0];
    const path = resolveCaFile(connection.caFile, homedir(), folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined);
    const where = `The "caFile" of connection '${connection.name}'`;
    if (path === undefined) return `${where} (${connection.caFile}) is a relative path, and no workspace folder is open to find it in: give an absolute path.`;
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch (error) {
      return `${where} cannot be read (${error instanceof Error ? error.message : String(error)}): fix the path, or remove the setting to trust only the system's certificate authorities.`;
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) return `${where}, ${path}, holds no PEM certificate ("-----BEGIN CERTIFICATE-----"): give the CA certificate in PEM form.`;
    if (!this.deps.fetchTrusting) return `${where} is set, but this build cannot trust extra certificate authorities yet: remove the setting, or trust the CA in the system.`;
    this.deps.log.info(`Trusting the certificate authorities in ${path} for '${connection.name}'.`);
    return { fetch: this.deps.fetchTrusting(pem) };
  }

  /** `askOn401`: on a 401, ask for new credentials and resend (Write to Bucket); else report the lines as not sent. */
  private async write(source: Source, connection: ConnectionSettings, credentials: Credentials, transport: typeof fetch | undefined, askOn401 = true): Promise<WriteReport | undefined> {
    const { log } = this.deps;
    log.info(`Writing ${source.label} to '${connection.name}': ${describeConnection(connection)}`);
    const risk = checkUrl(connection.url);
    if (risk && credentials.kind !== 'none') log.warn(risk.message);
    this.deps.setBusy(true);
    // The report's lines are those of the text read now; edits made while the write runs are replayed on them.
    const recording = source.uri ? this.deps.diagnostics.record(source.uri) : undefined;
    const { text, firstLine } = source.read();
    const filePrecision = asPrecision(vscode.workspace.getConfiguration(SETTINGS_SECTION, source.uri).get('precision')) ?? 'ns';
    if (connection.precision === undefined) log.info(`Timestamps are read as ${filePrecision} (influxLineProtocol.precision of ${source.label}; set "precision" on the connection to override).`);
    let report: WriteReport;
    /** The edits made while the write ran, once it is over. */
    let changes: readonly TextChange[];
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Writing ${source.label} to '${connection.name}'`, cancellable: true },
        async (progress, token) => {
          // Cancel aborts at once: the request in flight too (its lines are then unconfirmed).
          const controller = new AbortController();
          const onCancel = token.onCancellationRequested(() => controller.abort());
          this.cancelRunning = () => controller.abort();
          let reported = 0;
          let counts: string | undefined;
          let sent = 0;
          const base = transport ?? globalThis.fetch;
          // Between a request and its answer, say what the write waits for (a slow server is not a hang).
          const fetchShowingWaits: typeof fetch = (input, init) => {
            sent++;
            progress.report({ message: `${counts === undefined ? '' : `${counts}; `}waiting for the server's answer to request ${sent.toLocaleString('en-US')}` });
            return base(input, init);
          };
          try {
            return await writeLineProtocol(text, toWriteConnection(connection, filePrecision), {
              credentials,
              fetch: fetchShowingWaits,
              signal: controller.signal,
              compress: gzipWithZlib,
              firstLine,
              onUnauthorized: askOn401
                ? () => {
                    // No request waits while the box is open: the user does.
                    progress.report({ message: credentialsWaitMessage(connection.name) });
                    return this.deps.credentials.ask(connection, `The server answered 401 Unauthorized: the credentials saved for '${connection.name}' were refused.`);
                  }
                : undefined,
              // A retry's wait replaces the counts until the next progress: say what it waits for.
              onWait: (wait) => {
                const message = waitMessage(wait);
                log.info(message);
                progress.report({ message });
                this.deps.onWait?.(message);
              },
              onProgress: (p) => {
                const increment = p.linesTotal ? ((p.linesDone - reported) / p.linesTotal) * 100 : undefined;
                reported = p.linesDone;
                counts = progressMessage(p);
                progress.report({ message: counts, increment });
              },
              log: (entry) => {
                const line = requestLogLine(entry);
                if (entry.status !== undefined && entry.status < 300) log.info(line);
                else log.warn(line);
              },
            });
          } finally {
            this.cancelRunning = undefined;
            onCancel.dispose();
          }
        },
      );
    } catch (error) {
      // Only reading the source can throw (a missing or unreadable file).
      const message = `Could not read ${source.label}: ${error instanceof Error ? error.message : String(error)}`;
      log.error(message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    } finally {
      this.deps.setBusy(false);
      changes = recording?.stop() ?? [];
    }
    logReportLines(this.deps.log, source.uri ? basename(source.uri) : source.label, report);
    // A file read from disk: say what its bytes held (a byte order mark left out, bytes sent as they are).
    const facts = factsOf(text);
    if (facts) for (const note of byteNotes(source.uri ? basename(source.uri) : source.label, facts, connection.target)) log.info(note);
    if (source.uri) this.deps.diagnostics.set(source.uri, placeProblems(report, changes, source.lineAt), { connection: connection.name, where: `${bucketWord(connection.target)} '${connection.bucket}'`, key: originKey(connection) });
    this.showSummary(report, connection, loggedRewrites(this.deps.log, text, firstLine, report, PROFILES[connection.target].parser));
    this.deps.onWrite({ uri: source.uri?.toString() ?? '', connection: connection.name, report });
    return report;
  }

  private showSummary(report: WriteReport, connection: ConnectionSettings, rewrites: readonly Rewrite[]): void {
    const summary = summarize(report, `'${connection.name}'`, rewrites);
    const actions = summary.hasProblems ? ['Show Problems', 'Show Log'] : ['Show Log'];
    const show =
      summary.level === 'error' ? vscode.window.showErrorMessage : summary.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // Not awaited: the command returns when the write is done, not when the message is dismissed.
    void show(summary.text, ...actions).then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
      else if (choice === 'Show Log') void vscode.commands.executeCommand(COMMANDS.showLog);
    });
  }
}
