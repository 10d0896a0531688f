/**
 * Runs the editor's analysis (core/src/analysis) over an input and turns its diagnostics into
 * `CliDiagnostic`s: 1-based lines and columns, data-line numbers, related places.
 *
 * Two ways, with the same checks: the whole text at once (exactly as the editor runs them on an
 * open file), or region by region for inputs too large to hold (each ~1 MiB region analysed with
 * the column facts of every region before it, so that memory stays bounded by the region size
 * and the number of columns).
 */
import { DocumentAnalysis, type AnalysisDiagnostic, type CheckerSettings, type PriorFact, type Range, type StoredSchema } from '../../core/src/analysis';
import { COLLECT_EVERY_CHARS, collectGarbage } from './collect';
import type { CliDiagnostic, CliSpan } from './diagnostics';
import { textRegions } from './textRegions';

type Report = (d: CliDiagnostic) => Promise<void> | void;

/** The messages name the command line's option where the editor's name its setting. */
const PRECISION_OPTION = '--precision';

interface Shift {
  /** Physical (LSP) lines and data lines before the analysed text. */
  readonly lines: number;
  readonly dataLines: number;
}

function span(range: Range, shift: Shift): CliSpan {
  return {
    line: shift.lines + range.start.line + 1,
    column: range.start.character + 1,
    endLine: shift.lines + range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function dataLineOf(analysis: DocumentAnalysis, range: Range): number | undefined {
  const at = analysis.lineAt(range.start);
  return at === undefined ? undefined : at.chunk.dataLine + at.index + 1;
}

function toCli(file: string, analysis: DocumentAnalysis, d: AnalysisDiagnostic, shift: Shift): CliDiagnostic {
  const dataLine = dataLineOf(analysis, d.range);
  return {
    file,
    ...span(d.range, shift),
    dataLine: dataLine === undefined ? null : shift.dataLines + dataLine,
    severity: d.severity,
    code: d.code,
    message: d.message,
    related: (d.related ?? []).map((r) => ({ ...span(r.range, shift), message: r.message })),
  };
}

function dataLineCount(analysis: DocumentAnalysis): number {
  let n = 0;
  for (const c of analysis.chunks) n += c.table.count;
  return n;
}

/** Every check, over the whole text (`stored`: the stored schema to check against too). Returns how many data lines it had. */
export async function analyseWhole(file: string, text: string, settings: CheckerSettings, now: () => bigint, report: Report, stored?: StoredSchema): Promise<number> {
  const analysis = new DocumentAnalysis(text, settings, { now, precisionSetting: PRECISION_OPTION, stored });
  for (const d of analysis.diagnostics()) await report(toCli(file, analysis, d, { lines: 0, dataLines: 0 }));
  return dataLineCount(analysis);
}

/**
 * Every check, region by region: each region is judged against the column facts of the regions
 * before it, exactly as the whole input would be. Returns how many data lines it had.
 */
export async function analyseRegions(
  file: string,
  chunks: AsyncIterable<string>,
  settings: CheckerSettings,
  now: () => bigint,
  report: Report,
  stored?: StoredSchema,
): Promise<number> {
  // One time for every region, as one analysis of the whole input would use.
  const nowNs = now();
  let priorFacts = new Map<string, PriorFact>();
  let lines = 0;
  let dataLines = 0;
  let sinceCollection = 0;
  for await (const region of textRegions(chunks)) {
    const analysis = new DocumentAnalysis(region, settings, {
      now: () => nowNs,
      precisionSetting: PRECISION_OPTION,
      lineOffset: lines,
      priorFacts,
      stored,
    });
    const shift = { lines, dataLines };
    for (const d of analysis.diagnostics()) await report(toCli(file, analysis, d, shift));
    priorFacts = analysis.priorFacts();
    // Lines as the editor counts them (a lone CR breaks a line too), so positions agree with it.
    lines += analysis.positionAt(analysis.length).line;
    dataLines += dataLineCount(analysis);
    // Each region's analysis is garbage now: collected often enough that memory stays bounded (collect.ts).
    sinceCollection += region.length;
    if (sinceCollection >= COLLECT_EVERY_CHARS) {
      sinceCollection = 0;
      collectGarbage();
    }
  }
  return dataLines;
}
