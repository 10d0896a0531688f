/** Quick fixes for the diagnostics the client sends back, plus a "fix all" per diagnostic code. */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { DocumentAnalysis, FixPayload } from '../../core/src/analysis/analysis';
import { fixAll, fixOf, type Fix } from '../../core/src/analysis/fixes';
import { SOURCE } from './convert';

function isFixPayload(data: unknown): data is FixPayload {
  return typeof data === 'object' && data !== null && typeof (data as { fix?: unknown }).fix === 'string';
}

function toAction(uri: string, fix: Fix, kind: string, preferred: boolean): CodeAction {
  return { title: fix.title, kind, isPreferred: preferred, edit: { changes: { [uri]: [...fix.edits] } } };
}

export function codeActions(analysis: DocumentAnalysis, params: CodeActionParams): CodeAction[] {
  const uri = params.textDocument.uri;
  const out: CodeAction[] = [];
  const codes = new Set<string>();
  const only = params.context.only;
  const wantsQuickFix = only === undefined || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || !isFixPayload(d.data)) continue;
    const fix = fixOf(analysis, d.range, d.data);
    if (fix === undefined) continue;
    if (wantsQuickFix) out.push({ ...toAction(uri, fix, CodeActionKind.QuickFix, true), diagnostics: [d] });
    if (typeof d.code === 'string') codes.add(d.code);
  }
  for (const code of codes) {
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
