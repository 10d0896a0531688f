/**
 * What `lp check` reports and the three ways it prints it. Formatters are streaming: `begin`,
 * one `item` per diagnostic, `end`, so a file with a million bad lines never builds a big array.
 */
import type { Severity } from '../../core/src/analysis';

/** A 1-based span: physical line and UTF-16 column where it starts and ends. */
export interface CliSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Another place that explains a diagnostic: where a column's type was first set. */
export interface CliRelated extends CliSpan {
  readonly message: string;
}

export interface CliDiagnostic extends CliSpan {
  /** The input as named on the command line (`<stdin>` for `-`). */
  readonly file: string;
  /** The data-line number the server would report (null when no data line holds the problem). */
  readonly dataLine: number | null;
  readonly severity: Severity;
  /** The editor's stable diagnostic code: a parser error kind or a check's name (`field-type-conflict`). */
  readonly code: string;
  readonly message: string;
  /** In the same file. */
  readonly related: readonly CliRelated[];
}

export type FormatName = 'text' | 'json' | 'github';
export const FORMAT_NAMES: readonly FormatName[] = ['text', 'json', 'github'];

export interface DiagnosticFormatter {
  begin(): string;
  item(d: CliDiagnostic): string;
  end(): string;
}

const text: DiagnosticFormatter = {
  begin: () => '',
  item: (d) =>
    `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}\n` +
    d.related.map((r) => `  ${d.file}:${r.line}:${r.column}: note: ${r.message}\n`).join(''),
  end: () => '',
};

function json(): DiagnosticFormatter {
  let first = true;
  return {
    begin: () => '[',
    item: (d) => {
      // Written field by field so that the key order is part of the format.
      const record = JSON.stringify({
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        dataLine: d.dataLine,
        severity: d.severity,
        code: d.code,
        message: d.message,
        related: d.related.map((r) => ({ line: r.line, column: r.column, endLine: r.endLine, endColumn: r.endColumn, message: r.message })),
      });
      const sep = first ? '\n  ' : ',\n  ';
      first = false;
      return sep + record;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}

/** Workflow-command escaping: a message may hold '%', CR, LF; properties also ':' and ','. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub has error, warning and notice annotations. */
const GITHUB_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'notice' };

const github: DiagnosticFormatter = {
  begin: () => '',
  item: (d) => {
    const notes = d.related.map((r) => `\nnote: line ${r.line}, column ${r.column}: ${r.message}`).join('');
    return `::${GITHUB_LEVEL[d.severity]} file=${escapeProperty(d.file)},line=${d.line},col=${d.column}::${escapeData(`${d.code}: ${d.message}${notes}`)}\n`;
  },
  end: () => '',
};

export function createFormatter(name: FormatName): DiagnosticFormatter {
  switch (name) {
    case 'text':
      return text;
    case 'json':
      return json();
    case 'github':
      return github;
  }
}

export function isFormatName(value: string): value is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(value);
}
