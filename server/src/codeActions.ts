/**
 * Quick fixes for the diagnostics the client sends back, plus a "fix all" per diagnostic code.
 * A "fix all" whose fixes are found by trial (escape: up to four parses per line) is, for a client
 * that can resolve code actions, offered without its edit and worked out in codeAction/resolve:
 * the editor asks for code actions whenever the cursor meets a diagnostic, and trying every line
 * of a large file then would stall it.
 *
 * A fix with an editor action (switch the end of line, set the precision) becomes a command the
 * client runs, when the client says it has them (initializationOptions.fixCommands); otherwise the
 * fix keeps its text edits, and a fix that has none is not offered.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command } from 'vscode-languageserver';
import { fixAll, fixAllTitle, fixesOf, isDiagnosticCode, isTried, timestampFixes, type DiagnosticCode, type DocumentAnalysis, type EditorAction, type Fix, type FixPayload } from '../../core/src/analysis';
import { SOURCE } from './convert';
import { FIX_COMMANDS } from '../../protocol/src/protocol';

/** What a "fix all" offered without its edit carries to codeAction/resolve. */
export interface FixAllData {
  readonly fixAll: string;
  readonly uri: string;
}

export interface CodeActionOptions {
  /** The client resolves code actions (so a costly "fix all" may come without its edit). */
  readonly canResolve: boolean;
  /** The client runs FIX_COMMANDS. */
  readonly fixCommands: boolean;
  /** Where the document's precision is set, for titles ("connection 'prod'", "the influxLineProtocol.precision setting"). */
  readonly precisionPlace: string;
}

export function isFixAllData(data: unknown): data is FixAllData {
  return typeof data === 'object' && data !== null && typeof (data as { fixAll?: unknown }).fixAll === 'string' && typeof (data as { uri?: unknown }).uri === 'string';
}

function isFixPayload(data: unknown): data is FixPayload {
  return typeof data === 'object' && data !== null && typeof (data as { fix?: unknown }).fix === 'string';
}

function commandOf(uri: string, title: string, action: EditorAction): Command {
  switch (action.action) {
    case 'end-of-line-lf':
      return { title, command: FIX_COMMANDS.endOfLineLF, arguments: [uri] };
    case 'set-precision':
      return { title, command: FIX_COMMANDS.setPrecision, arguments: [uri, action.precision] };
  }
}

function toAction(uri: string, fix: Fix, kind: string, preferred: boolean, fixCommands: boolean): CodeAction | undefined {
  const base = { title: fix.title, kind, isPreferred: preferred };
  // VS Code normalises `\r\n` in text edits: only the command changes the end of line there.
  if (fix.action !== undefined && fixCommands) return { ...base, command: commandOf(uri, fix.title, fix.action) };
  if (fix.edits.length === 0) return undefined;
  return { ...base, edit: { changes: { [uri]: [...fix.edits] } } };
}

/** The codes whose "fix all" a source.fixAll request (the editor's Fix All, or fix on save) applies. */
const SOURCE_FIX_ALL_CODES: readonly DiagnosticCode[] = ['crlf', 'trailing-whitespace', 'duplicate-field'];

export function codeActions(analysis: DocumentAnalysis, params: CodeActionParams, options: CodeActionOptions): CodeAction[] {
  const uri = params.textDocument.uri;
  const out: CodeAction[] = [];
  const codes = new Set<DiagnosticCode>();
  const tried = new Set<DiagnosticCode>();
  const only = params.context.only;
  const push = (action: CodeAction | undefined) => {
    if (action !== undefined) out.push(action);
  };
  const wantsQuickFix = only === undefined || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    let fixes: Fix[] = [];
    if (isFixPayload(d.data)) fixes = fixesOf(analysis, d.range, d.data);
    else if (d.code === 'timestamp-precision') fixes = timestampFixes(analysis, d.range, options.precisionPlace);
    if (fixes.length === 0) continue;
    if (wantsQuickFix) fixes.forEach((fix, k) => push(withDiagnostic(toAction(uri, fix, CodeActionKind.QuickFix, k === 0, options.fixCommands), d)));
    // The CRLF quick fix converts the whole file already (see fixesOf): no second "fix all".
    if (isDiagnosticCode(d.code) && isFixPayload(d.data) && d.data.fix !== 'crlf') {
      codes.add(d.code);
      if (isTried(d.data)) tried.add(d.code);
    }
  }
  for (const code of codes) {
    if (options.canResolve && tried.has(code)) {
      if (analysis.countWithCode(code) > 1) out.push({ title: fixAllTitle(code), kind: CodeActionKind.QuickFix, isPreferred: false, data: { fixAll: code, uri } satisfies FixAllData });
      continue;
    }
    const all = fixAll(analysis, code);
    if (all !== undefined && (all.fixes ?? 0) > 1) push(toAction(uri, all, CodeActionKind.QuickFix, false, options.fixCommands));
  }
  if (only?.some((k) => k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
    for (const code of SOURCE_FIX_ALL_CODES) {
      const all = fixAll(analysis, code);
      if (all !== undefined) push(toAction(uri, all, CodeActionKind.SourceFixAll, false, options.fixCommands));
    }
  }
  return out;
}

function withDiagnostic(action: CodeAction | undefined, d: CodeActionParams['context']['diagnostics'][number]): CodeAction | undefined {
  return action === undefined ? undefined : { ...action, diagnostics: [d] };
}

/** The edit of a "fix all" offered without it (none when no fix applies any more). */
export function resolveFixAll(analysis: DocumentAnalysis, action: CodeAction, data: FixAllData): CodeAction {
  // A code that is none of ours has nothing to fix.
  const all = isDiagnosticCode(data.fixAll) ? fixAll(analysis, data.fixAll) : undefined;
  return all === undefined ? action : { ...action, edit: { changes: { [data.uri]: [...all.edits] } } };
}
