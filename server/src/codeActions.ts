/**
 * Quick fixes for the diagnostics the client sends back, plus a "fix all" per diagnostic code.
 * A "fix all" whose fixes are found by trial (escape: up to four parses per line) is, for a client
 * that can resolve code actions, offered without its edit and worked out in codeAction/resolve:
 * the editor asks for code actions whenever the cursor meets a diagnostic, and trying every line
 * of a large file then would stall it.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { DocumentAnalysis, FixPayload } from '../../core/src/analysis/analysis';
import { fixAll, fixAllTitle, fixOf, isTried, type Fix } from '../../core/src/analysis/fixes';
import { SOURCE } from './convert';

/** What a "fix all" offered without its edit carries to codeAction/resolve. */
export interface FixAllData {
  readonly fixAll: string;
  readonly uri: string;
}

export function isFixAllData(data: unknown): data is FixAllData {
  return typeof data === 'object' && data !== null && typeof (data as { fixAll?: unknown }).fixAll === 'string' && typeof (data as { uri?: unknown }).uri === 'string';
}

function isFixPayload(data: unknown): data is FixPayload {
  return typeof data === 'object' && data !== null && typeof (data as { fix?: unknown }).fix === 'string';
}

function toAction(uri: string, fix: Fix, kind: string, preferred: boolean): CodeAction {
  return { title: fix.title, kind, isPreferred: preferred, edit: { changes: { [uri]: [...fix.edits] } } };
}

export function codeActions(analysis: DocumentAnalysis, params: CodeActionParams, canResolve = false): CodeAction[] {
  const uri = params.textDocument.uri;
  const out: CodeAction[] = [];
  const codes = new Set<string>();
  const tried = new Set<string>();
  const only = params.context.only;
  const wantsQuickFix = only === undefined || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || !isFixPayload(d.data)) continue;
    const fix = fixOf(analysis, d.range, d.data);
    if (fix === undefined) continue;
    if (wantsQuickFix) out.push({ ...toAction(uri, fix, CodeActionKind.QuickFix, true), diagnostics: [d] });
    if (typeof d.code === 'string') {
      codes.add(d.code);
      if (isTried(d.data)) tried.add(d.code);
    }
  }
  for (const code of codes) {
    if (canResolve && tried.has(code)) {
      if (analysis.countWithCode(code) > 1) out.push({ title: fixAllTitle(code), kind: CodeActionKind.QuickFix, isPreferred: false, data: { fixAll: code, uri } satisfies FixAllData });
      continue;
    }
    const all = fixAll(analysis, code);
    if (all !== undefined && all.edits.length > 1) out.push(toAction(uri, all, CodeActionKind.QuickFix, false));
  }
  if (only?.some((k) => k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
    for (const code of ['crlf', 'trailing-whitespace', 'duplicate-field']) {
      const all = fixAll(analysis, code);
      if (all !== undefined) out.push(toAction(uri, all, CodeActionKind.SourceFixAll, false));
    }
  }
  return out;
}

/** The edit of a "fix all" offered without it (none when no fix applies any more). */
export function resolveFixAll(analysis: DocumentAnalysis, action: CodeAction, data: FixAllData): CodeAction {
  const all = fixAll(analysis, data.fixAll);
  return all === undefined ? action : { ...action, edit: { changes: { [data.uri]: [...all.edits] } } };
}
