/**
 * What `lp check` reports and the three ways it prints it. Formatters are streaming: `begin`,
 * one `item` per diagnostic, `end`, so a file with a million bad lines never builds a big array.
 */

export interface CliDiagnostic {
  /** The input as named on the command line (`<stdin>` for `-`). */
  readonly file: string;
  /** 1-based physical line and UTF-16 column of the problem, and where it ends. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The data-line number the server would report. */
  readonly dataLine: number;
  readonly severity: 'error' | 'warning';
  readonly kind: string;
  readonly message: string;
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
  item: (d) => `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.kind}: ${d.message}\n`,
  end: () => '',
};

function json(): DiagnosticFormatter {
  let first = true;
  return {
    begin: () => '[',
    item: (d) => {
      const record = JSON.stringify({
        file: d.file,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        dataLine: d.dataLine,
        severity: d.severity,
        kind: d.kind,
        message: d.message,
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

const github: DiagnosticFormatter = {
  begin: () => '',
  item: (d) =>
    `::${d.severity} file=${escapeProperty(d.file)},line=${d.line},col=${d.column}::${escapeData(`${d.kind}: ${d.message}`)}\n`,
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
