/** Plain analysis results to LSP types (the only place that knows both). */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { AnalysisDiagnostic, Range, Severity } from '../../core/src/analysis';
import { DEFAULT_PRECISION_PLACE } from '../../protocol/src/protocol';

export const SOURCE = 'line protocol';

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** What the analysis calls the precision choice in its messages (its default `precisionSetting`). */
const ANALYSIS_PRECISION_NAME = '(influxLineProtocol.precision)';

/**
 * An analysis diagnostic as LSP's. `precisionPlace` is where the document's write precision is set
 * (the client says): a message that sends the reader to the precision setting names the active
 * connection instead when the connection's own precision is the one that applies.
 */
export function toDiagnostic(uri: string, d: AnalysisDiagnostic, precisionPlace = DEFAULT_PRECISION_PLACE): Diagnostic {
  const message = d.code === 'timestamp-precision' && precisionPlace !== DEFAULT_PRECISION_PLACE ? d.message.replace(ANALYSIS_PRECISION_NAME, `(${precisionPlace})`) : d.message;
  const out: Diagnostic = {
    range: d.range,
    severity: SEVERITIES[d.severity],
    code: d.code,
    source: SOURCE,
    message,
  };
  if (d.related) out.relatedInformation = d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if (d.fix) out.data = d.fix;
  return out;
}

/** The code of the note that says how many problems are not shown. */
export const HIDDEN_CODE = 'more-problems';

/**
 * One information diagnostic, at the first problem not shown, saying how many more there are
 * beyond `maxDiagnostics` and how to see them all (the command line lists every one).
 */
export function hiddenNote(uri: string, hidden: { readonly count: number; readonly first: Range }, max: number): Diagnostic {
  // An untitled document has no file name to give the command line.
  const name = uri.startsWith('file:') ? decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)) : '';
  const arg = /[\s'"$`\\]/.test(name) ? JSON.stringify(name) : name;
  const run = name === '' ? 'Save the file and run `lp check` on it' : `Run \`lp check ${arg}\``;
  const more = hidden.count === 1 ? '1 more problem is' : `${hidden.count.toLocaleString('en-US')} more problems are`;
  return {
    range: hidden.first,
    severity: DiagnosticSeverity.Information,
    code: HIDDEN_CODE,
    source: SOURCE,
    message: `${more} not shown, from here on: the editor shows at most ${max.toLocaleString('en-US')} (influxLineProtocol.maxDiagnostics). ${run} to list them all.`,
  };
}
