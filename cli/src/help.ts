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
  lp check [--target T] [--format F] FILE...  run the editor's checks: what the target would reject
  lp write ...                                write a file to a bucket (see 'lp write --help')
  lp schema --url ... --target ... --bucket ...  print the bucket's stored schema (see
                                              'lp schema --help')
  lp mcp [--url ... --allow-write]            MCP server over stdio for AI agents: validate,
                                              read the bucket's schema, write with --allow-write
                                              (see 'lp mcp --help')
  lp --help | lp <command> --help | lp --version

FILE may be '-' for standard input.
Data lines are numbered as InfluxDB numbers them in its errors: blank and comment lines do not
count, and a data line with a multi-line string counts once.

${TARGETS}

Exit status of parse and check: 0 success, 1 some line would be rejected (lp check: an error,
not a warning), 2 usage error, 3 internal error (a bug: please report it with the command you ran). lp write has its own
(see 'lp write --help'), and so have lp schema and lp mcp.
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

export const CHECK_HELP = `Usage: lp check [--target T] [--precision P] [--retention D] [--shard-group D]
                [--format text|json|github] [--whole-file-limit SIZE] FILE...
       lp check FILE... --url URL --target PRODUCT --bucket NAME [--org NAME]
                [--token-env NAME | --username-env NAME --password-env NAME] [--ca-file FILE]

Runs the editor's checks on each FILE ('-' for standard input) and reports, at the exact line and
column, everything the editor reports when it checks against the same product and settings.
lp check follows --target (it has no connection; the editor follows its active connection's
product unless influxLineProtocol.target is set), --precision, --retention and --shard-group:
  - lines the target's parser rejects, with the server's error kind and message;
  - timestamps out of the target's range, older than the retention period, or of a magnitude
    that looks like another precision;
  - schema conflicts as the target judges them: a field whose type differs from the stored line
    that first set it (table-wide on InfluxDB 3 and Cloud, within one shard group on 1.x and
    OSS 2.x; a rejected line sets nothing, as the servers roll it back, except on 1.x the new
    fields before a field whose type conflicts), a tag and a field of the
    same name, repeated tags or fields (a repeat of another type is rejected everywhere),
    reserved names (a tag named time), a line that would take its table past the column limit
    (on Cloud that fails the whole write request);
  - CRLF line endings and trailing whitespace where the target rejects them;
  - bytes that are not valid UTF-8 (FILE is read as bytes): an error on InfluxDB 3 and Cloud, which
    reject a request body that is not UTF-8 as a whole, a warning on 1.x and OSS 2.x, which store
    the bytes as they are; a leading byte order mark (information on line 1: lp write and the
    editor leave it out, a file sent as it is keeps it in the first measurement name).
Each FILE is checked on its own, as the editor checks each open file. Unlike the editor, which
shows at most influxLineProtocol.maxDiagnostics problems, lp check reports all of them.

With --url, the stored schema of --bucket on that server is read first (as 'lp schema' prints it;
the connection options are those of 'lp write', with the same checks) and each FILE is checked
against it too, as the editor does with an active connection: a field written with another type
than stored (stored-field-type), a stored tag key written as a field or the reverse
(stored-tag-field), a table whose stored columns plus the file's new ones pass the column limit
(stored-column-limit). Where types are kept per table (Cloud, InfluxDB 3) these are errors. On 1.x
a type holds only within a shard group: lp check also reads which type each field holds in each
shard group (SHOW SHARDS, then one request per group of SELECT … LIMIT 1 answered in MessagePack),
and a point is an error only when its own shard group holds another type (with --shard-group
matching the server's groups); elsewhere a first use of another type is noted
(stored-type-other-shard, information). SHOW SHARDS needs an admin user: for any other user a
note on stderr says so and 1.x stored types are notes only, as on OSS 2.x. A measurement or field the
bucket does not hold constrains nothing.
A schema that cannot be read (refused credentials: the token may write but not read; no DBRP
mapping; no such database; unreachable) is said on stderr, the files are checked without it, and
the exit status is 2.

Memory: a FILE of up to --whole-file-limit characters and a 64th as many lines (default 64M
characters and 1M lines) is read whole, as the editor holds a document; memory then grows to a
few times its size, more when most lines have problems. A larger FILE is checked region by
region (about 1 MiB at a time), each region against the column types and tags of every region
before it: the same checks and problems, in memory bounded by the region size and the number of
columns; a note on stderr says so.

Formats:
  text    FILE:LINE:COLUMN: SEVERITY CODE: message     (default; a summary goes to stderr)
            FILE:LINE:COLUMN: note: related place, e.g. where a field's type was first set
  json    one JSON array of {"file","line","column","endLine","endColumn","dataLine",
          "severity","code","message","related":[{"line","column","endLine","endColumn",
          "message"}]} objects
  github  GitHub Actions annotations: ::error file=FILE,line=LINE,col=COLUMN::CODE: message
          (::warning, ::notice for warnings and information; related places as notes)

SEVERITY is error (the target rejects the line or point), warning (it accepts it but probably not
as meant: a timestamp that looks like another precision, a repeated field it drops) or
information. CODE is the editor's diagnostic code: the parser's error kind (FieldSetMissing) or
the check's name (field-type-conflict, tag-field-conflict, reserved-tag, duplicate-field,
duplicate-tag, reserved-field, column-limit, timestamp-range, timestamp-precision, retention,
timestamp-auto-threshold, timestamp-auto-mixed (with --precision auto), crlf, trailing-whitespace, invalid-utf8, byte-order-mark,
and with --url stored-field-type, stored-tag-field, stored-column-limit, stored-type-other-shard). LINE and COLUMN are 1-based and point at the problem itself (for an
error inside a multi-line string, the physical line and column where it lies); COLUMN counts
UTF-16 code units.

Options:
  --target T            server whose rules apply (default v3, or LP_TARGET); v3 applies the
                        rules of cloud-serverless (the editor's default target), v2 those of
                        oss-v2: each is the product that runs that parser with its limits
  --precision P         ns (default), us, ms or s: the precision the file will be written with
                        (core, enterprise, influxdb3-cloud: also auto, each timestamp read in the
                        unit its magnitude gives, as the server does; and n, u, second, …)
  --retention D         retention period of the bucket, e.g. 30d or 1h30m (default: infinite,
                        also 'inf' or 0); older points are reported
  --shard-group D       shard group duration for 1.x and OSS 2.x type conflicts (default: the
                        one the server gives the retention period: 7d when infinite or 180
                        days and more, 1d from 2 days, else 1h); groups start on Mondays
                        at 00:00 UTC, as the server aligns them
  --format F            output format (default text)
  --whole-file-limit SIZE  characters (and SIZE/64 lines) up to which a FILE is read whole
                        and gets the schema checks across lines (default 64M; K, M, G are
                        powers of 1024; 0 checks every FILE region by region)
  --url URL             read the stored schema of --bucket from this server (see above); with
                        --target PRODUCT (a product, not v3/v2), --bucket NAME, --org NAME,
                        --token-env NAME or --username-env/--password-env NAME, --ca-file FILE
                        and --timeout-ms N (default 30000) as for 'lp write'
  -h, --help            this help

${TARGETS}

Exit status: 0 nothing the target would reject (warnings and information only, or nothing),
1 some line or point would be rejected (an error), 2 usage error (unknown option, format,
target or precision, a bad duration or size, unreadable file) or, with --url, a stored schema
that could not be read (the files were checked without it).
`;

export const SCHEMA_HELP = `Usage: lp schema --url URL --target PRODUCT --bucket NAME [--org NAME]
                 [--token-env NAME | --username-env NAME --password-env NAME] [--ca-file FILE]
                 [--timeout-ms N] [--json]

Prints the stored schema of a bucket: one row per tag key and per field type, as MEASUREMENT,
COLUMN, KIND (tag or field) and TYPE (float, integer, uinteger, string, boolean; - for a tag).
On 1.x and OSS 2.x a field may be listed with two types: each is stored in some shard group.
The connection options are those of 'lp write' (see 'lp write --help'); requests go only to --url.
How it is read: InfluxDB 3 Core, Enterprise and InfluxDB 3 Cloud: system.influxdb_schema over
/api/v3/query_sql; every other product: InfluxQL SHOW MEASUREMENTS, SHOW TAG KEYS and SHOW FIELD
KEYS over /query (Cloud Serverless and OSS 2.x need a DBRP mapping for the bucket). The token
needs read permission: a write-only token is refused.

  --json               print [{"measurement","column","kind","type"}] (type null for a tag)

Exit status: 0 the schema was read, 1 it could not be read (the reason on stderr: refused
credentials, no DBRP mapping and how to create one, no such database, unreachable server),
2 usage error.
`;
