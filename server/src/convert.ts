/** Plain analysis results to LSP types (the only place that knows both). */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { AnalysisDiagnostic } from '../../core/src/analysis/analysis';
import type { Severity } from '../../core/src/analysis/check';

export const SOURCE = 'line protocol';

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toDiagnostic(uri: string, d: AnalysisDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: d.range,
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
  };
  if (d.related) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if (d.fix) out.data = d.fix;
  return out;
}
