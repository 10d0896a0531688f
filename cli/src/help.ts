/** Help texts: one per command, plus the overview. */
import { PRODUCTS, PROFILES } from '../../core/src/products';

function limitText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  return bytes >= 1 << 20 ? `, ${bytes / (1 << 20)}MB strings` : `, ${bytes / 1024}KB strings`;
}

/** Built from the product profiles so that the list never drifts from what `--target` accepts. */
const TARGETS = [
  'Targets (--target, or the LP_TARGET environment variable; default v3):',
  ...PRODUCTS.map((p) => {
    const profile = PROFILES[p];
    return `  ${p.padEnd(17)} ${profile.label} (${profile.parser} parser${limitText(profile.stringLimit)})`;
  }),
  `  ${'v3'.padEnd(17)} the InfluxDB 3 / IOx parser (64KB strings)`,
  `  ${'v2'.padEnd(17)} the InfluxDB OSS 2.x parser`,
].join('\n');

export const MAIN_HELP = `lp: check and inspect InfluxDB line protocol files

Usage:
  lp parse --json [--target T] FILE           print every data line as JSON (JSON Lines)
  lp check [--target T] [--format F] FILE...  report every line the server's parser would reject
  lp write ...                                write a file to a bucket (see 'lp write --help')
  lp --help | lp <command> --help | lp --version

FILE may be '-' for standard input.
Data lines are numbered as InfluxDB numbers them in its errors: blank and comment lines do not
count, and a data line with a multi-line string counts once.

${TARGETS}

Exit status of parse and check: 0 success, 1 some line would be rejected (lp check), 2 usage
error, 3 internal error (a bug: please report it with the command you ran). lp write has its own
(see 'lp write --help').
`;

export const PARSE_HELP = `Usage: lp parse --json [--target T] FILE

Parses FILE ('-' for standard input) the way the target's server does and prints one JSON object
per data line, in order (JSON Lines):

  {"line":L,"dataLine":N,"ok":true,"measurement":"m","tags":[["k","v"],...],
   "fields":[["f",{"type":"float","value":"1.5"}],...],"timestamp":"1700000000000000000"}
  {"line":L,"dataLine":N,"ok":false,"error":{"kind":"FieldSetMissing","message":"...","column":C}}

  line       1-based physical line where the data line begins
  dataLine   1-based number among data lines (blank and comment lines skipped): the number the
             server reports as "line N"
  tags       in input order, duplicates kept, names unescaped
  fields     in input order, duplicates kept; type is float, integer, uinteger, string or boolean.
             integer and uinteger values are decimal strings (exact 64-bit); float values are
             strings too: the shortest text that reads back as the same double ("1.5", "-0",
             "Infinity", "1e+21"); string and boolean values are JSON strings and booleans
  timestamp  the raw integer as a decimal string (no precision applied), or null when absent
  column     1-based, in UTF-16 code units, within the physical line where the error is. When the
             error lies in a later physical line of the same data line (inside a multi-line
             string), "line" still names the data line's first line and "column" counts in the
             error's own line; 'lp check' reports that error's own line and column.

Options:
  --json        JSON Lines output (required: the only format)
  --target T    parser rules to apply (default v3, or LP_TARGET)
  -h, --help    this help

${TARGETS}

Exit status: 0 when the input was read (lines that fail are in the output with "ok":false),
2 on a usage error (unknown option or target, unreadable file).
`;

export const CHECK_HELP = `Usage: lp check [--target T] [--format text|json|github] FILE...

Reports every line of each FILE ('-' for standard input) that the target's line-protocol parser
rejects, with the server's own error kind and message, at the exact line and column. Checks of the
write path beyond the parser (a tag named time, repeated tags or fields, type conflicts across
lines) are made by the editor extension, not by lp check.

Formats:
  text    FILE:LINE:COLUMN: error KIND: message      (default; a summary goes to stderr)
  json    one JSON array of {"file","line","column","endLine","endColumn","dataLine",
          "severity","kind","message"} objects
  github  GitHub Actions annotations: ::error file=FILE,line=LINE,col=COLUMN::KIND: message

LINE and COLUMN are 1-based and point at the problem itself (for an error inside a multi-line
string, the physical line and column where it lies); COLUMN counts UTF-16 code units.

Options:
  --target T    server to check against (default v3, or LP_TARGET)
  --format F    output format (default text)
  -h, --help    this help

${TARGETS}

Exit status: 0 no line would be rejected, 1 some line would be rejected, 2 usage error (unknown
option, format or target, unreadable file).
`;
