/** Completion candidates from the analysis, as LSP items. */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { completionsAt, type CandidateKind, type DocumentAnalysis } from '../../core/src/analysis';

const KINDS: Readonly<Record<CandidateKind, CompletionItemKind>> = {
  measurement: CompletionItemKind.Class,
  tagKey: CompletionItemKind.Property,
  tagValue: CompletionItemKind.Value,
  fieldKey: CompletionItemKind.Field,
  boolean: CompletionItemKind.Keyword,
  timestamp: CompletionItemKind.Constant,
};

export function completionItems(analysis: DocumentAnalysis, position: Position): CompletionItem[] {
  return completionsAt(analysis, position).map((c) => ({
    label: c.label,
    kind: KINDS[c.kind],
    ...(c.detail !== undefined ? { detail: c.detail } : {}),
    textEdit: { range: c.range, newText: c.insertText },
  }));
}
