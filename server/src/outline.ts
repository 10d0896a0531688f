/** Document symbols and inlay hints from the analysis, as LSP values. */
import { InlayHintKind, SymbolKind, type DocumentSymbol, type InlayHint, type Range } from 'vscode-languageserver';
import { outline, timestampHints, type DocumentAnalysis, type OutlineSymbol } from '../../core/src/analysis';

const KINDS: Readonly<Record<OutlineSymbol['kind'], SymbolKind>> = {
  measurement: SymbolKind.Class,
  tag: SymbolKind.Property,
  field: SymbolKind.Field,
};

function toSymbol(s: OutlineSymbol): DocumentSymbol {
  return { name: s.name, detail: s.detail, kind: KINDS[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(toSymbol) };
}

export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  return outline(analysis).map(toSymbol);
}

export function inlayHints(analysis: DocumentAnalysis, range: Range): InlayHint[] {
  return timestampHints(analysis, range).map((h) => ({ position: h.position, label: h.label, kind: InlayHintKind.Type, paddingLeft: true }));
}
