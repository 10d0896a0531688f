/**
 * The language model tools (agent mode, `#` references): validate_line_protocol, get_bucket_schema
 * and write_line_protocol, declared under `contributes.languageModelTools` in package.json. Their
 * results are the texts of core/src/tools, the same as `lp mcp` gives.
 *
 * validate checks with the product and precision the editor's diagnostics use (checkSettings.ts:
 * the target setting when set, else the active connection's product). write goes through "Write to
 * Bucket"'s own code (WriteCommand) to the active connection with its saved credentials only,
 * in a trusted workspace, after the user confirms; no result ever holds a credential.
 */
import { isAbsolute } from 'node:path';
import * as vscode from 'vscode';
import { parseDuration } from '../../core/src/analysis/settings';
import { formatBucketSchema, formatWriteResult, readBucketSchema, ToolInputError, validateLineProtocol } from '../../core/src/tools/index';
import type { Credentials } from '../../core/src/write/index';
import { describeFollow } from './checkSettings';
import { asPrecision, toWriteConnection, type ConnectionSettings } from './connections';
import type { ConnectionCredentials } from './credentials';
import { writeConfirmation } from './lmToolTexts';
import { readCheckSettings, readConnectionState } from './settings';
import type { WriteCommand } from './writeCommand';
import { isLineProtocolDocument } from './writeSource';

export const TOOL_NAMES = { validate: 'validate_line_protocol', schema: 'get_bucket_schema', write: 'write_line_protocol' } as const;

interface SourceInput {
  readonly text?: string;
  readonly uri?: string;
}

interface ValidateInput extends SourceInput {
  readonly target?: string;
  readonly precision?: string;
}

export interface LmToolDeps {
  readonly write: WriteCommand;
  readonly credentials: ConnectionCredentials;
  /** The line protocol document the user works on, whose settings apply when a call gives text. */
  readonly currentDocument: () => vscode.TextDocument | undefined;
}

function result(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/** A workspace file given as a URI, an absolute path, or a path relative to the first workspace folder. */
function uriOf(text: string): vscode.Uri {
  // `C:\data.lp` is a path, not a URI with scheme "c".
  if (/^[a-z][a-z0-9+.-]+:/i.test(text) && !/^[a-z]:[\\/]/i.test(text)) return vscode.Uri.parse(text, true);
  if (isAbsolute(text)) return vscode.Uri.file(text);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new ToolInputError(`'${text}' is a relative path and no workspace folder is open: give an absolute path or the text itself.`);
  return vscode.Uri.joinPath(folder.uri, text);
}

/**
 * The document at `uri` as the editor has it (unsaved edits included), when it is open or in the
 * workspace: a tool never reads files outside the workspace the user opened.
 */
async function documentOf(uriText: string): Promise<vscode.TextDocument> {
  const uri = uriOf(uriText);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  if (!vscode.workspace.getWorkspaceFolder(uri)) throw new ToolInputError(`${uriText} is not in the workspace: only workspace files and open documents can be read; give the text itself instead.`);
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    throw new ToolInputError(`Cannot open ${uriText}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function sourceOf(input: SourceInput): Promise<{ text: string; label?: string; document?: vscode.TextDocument }> {
  if ((input.text === undefined) === (input.uri === undefined)) throw new ToolInputError('Give either text (the line protocol itself) or uri (a workspace file), not both and not neither.');
  if (input.text !== undefined) return { text: input.text };
  const document = await documentOf(input.uri as string);
  return { text: document.getText(), label: vscode.workspace.asRelativePath(document.uri), document };
}

/** A duration setting the editor would use, or undefined where it ignores a wrong one (and logs it). */
function validDuration(value: string | undefined): string | undefined {
  return value !== undefined && parseDuration(value) !== null ? value : undefined;
}

/** Tool errors become errors the model reads: what is wrong and what to do. */
async function answering<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof ToolInputError) throw new Error(error.message, { cause: error });
    throw error;
  }
}

class ValidateTool implements vscode.LanguageModelTool<ValidateInput> {
  constructor(private readonly deps: LmToolDeps) {}

  invoke(options: vscode.LanguageModelToolInvocationOptions<ValidateInput>): Promise<vscode.LanguageModelToolResult> {
    return answering(async () => {
      const input = options.input;
      const source = await sourceOf(input);
      // The settings of the document checked, else of the document the user works on.
      const check = readCheckSettings((source.document ?? this.deps.currentDocument())?.uri);
      const { sent, follows } = check;
      const checked = validateLineProtocol(
        { text: source.text, target: input.target, precision: input.precision },
        {
          defaultTarget: follows.product,
          defaultPrecision: asPrecision(sent.precision) ?? 'ns',
          defaultReason: describeFollow(follows).replace(/^Checks/, 'checks'),
          retentionPeriod: validDuration(sent.retentionPeriod),
          shardGroupDuration: validDuration(sent.shardGroupDuration),
          source: source.label,
        },
      );
      return result(checked.text);
    });
  }
}

/** The active connection, or why there is none; `what` says what was not done ("Nothing was written"). */
function activeConnection(what: string): ConnectionSettings {
  const state = readConnectionState();
  if (state.active) return state.active;
  const why = state.connections.length === 0 ? 'no connection is set up' : 'no connection is selected';
  throw new ToolInputError(`${what}: ${why}. The user must add or select one (InfluxDB: Add Connection… / Select Connection…) and save its token (InfluxDB: Set Token or Password…).`);
}

/** The saved credentials of the connection (the tools never ask for them), in a trusted workspace only. */
async function savedCredentials(deps: LmToolDeps, connection: ConnectionSettings, what: string): Promise<Credentials> {
  // An untrusted workspace's settings could name the server the token is sent to.
  if (!vscode.workspace.isTrusted) throw new ToolInputError(`${what}: the workspace is not trusted (its settings choose where data and the token are sent). The user must trust the workspace first.`);
  const credentials = await deps.credentials.load(connection);
  if (credentials) return credentials;
  throw new ToolInputError(`${what}: no usable credentials are saved for connection '${connection.name}'. The user must run InfluxDB: Set Token or Password… (the tools never ask for them).`);
}

class SchemaTool implements vscode.LanguageModelTool<Record<string, never>> {
  constructor(private readonly deps: LmToolDeps) {}

  invoke(): Promise<vscode.LanguageModelToolResult> {
    return answering(async () => {
      const what = 'The stored schema was not read';
      const settings = activeConnection(what);
      const credentials = await savedCredentials(this.deps, settings, what);
      const transport = await this.deps.write.fetchFor(settings);
      if (typeof transport === 'string') throw new ToolInputError(`${what}: ${transport}`);
      const connection = toWriteConnection(settings);
      const read = await readBucketSchema(connection, credentials, transport.fetch);
      const text = formatBucketSchema(read, connection, { credentials, name: settings.name });
      if (!read.ok) throw new ToolInputError(text);
      return result(text);
    });
  }
}

class WriteTool implements vscode.LanguageModelTool<SourceInput> {
  constructor(private readonly deps: LmToolDeps) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<SourceInput>): Promise<vscode.PreparedToolInvocation> {
    return answering(async () => {
      const connection = activeConnection('Nothing will be written');
      const source = await sourceOf(options.input);
      const asked = writeConfirmation(connection, source.text, source.label);
      return { invocationMessage: asked.invocationMessage, confirmationMessages: { title: asked.title, message: new vscode.MarkdownString(asked.message) } };
    });
  }

  invoke(options: vscode.LanguageModelToolInvocationOptions<SourceInput>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    return answering(async () => {
      const what = 'Nothing was written';
      const connection = activeConnection(what);
      const source = await sourceOf(options.input);
      if (source.document && !isLineProtocolDocument(source.document)) throw new ToolInputError(`${what}: ${source.label} is not line protocol (.lp).`);
      const credentials = await savedCredentials(this.deps, connection, what);
      const cancel = token.onCancellationRequested(() => this.deps.write.cancel());
      try {
        const report = await this.deps.write.writeForTool(source.document ? { document: source.document } : { text: source.text, label: 'text from a language model tool' }, connection, credentials);
        if (typeof report === 'string') throw new ToolInputError(`Nothing was written: ${report}`);
        return result(formatWriteResult(report, { name: connection.name, url: connection.url, product: connection.target, bucket: connection.bucket }, { credentials, source: source.label }));
      } finally {
        cancel.dispose();
      }
    });
  }
}

export function registerLanguageModelTools(deps: LmToolDeps): vscode.Disposable {
  // An editor without the language model API (an older or a restricted host) still gets everything else.
  if (typeof vscode.lm?.registerTool !== 'function') return new vscode.Disposable(() => undefined);
  return vscode.Disposable.from(
    vscode.lm.registerTool(TOOL_NAMES.validate, new ValidateTool(deps)),
    vscode.lm.registerTool(TOOL_NAMES.schema, new SchemaTool(deps)),
    vscode.lm.registerTool(TOOL_NAMES.write, new WriteTool(deps)),
  );
}
