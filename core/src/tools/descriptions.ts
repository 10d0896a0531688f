/**
 * What each agent tool tells the model: when to use it and what it returns. One text for both
 * `lp mcp` and the VS Code language model tools (package.json's `modelDescription`s must equal
 * these; test/tools/descriptions.test.ts holds them together).
 */
export const TOOL_DESCRIPTIONS = {
  validate_line_protocol:
    'Checks InfluxDB line protocol exactly as the target InfluxDB product parses and stores it, before anything is written: ' +
    'syntax the server rejects, field type conflicts between lines, a tag and a field of one name, repeated tags or fields, ' +
    'reserved names, column limits, timestamps out of range or in another precision. Use it on every line protocol you write ' +
    'or generate, before writing it or saving it as a fixture. Input: text (or uri, a file path), optional target product and ' +
    'timestamp precision (ns, us, ms, s). Returns a summary (data-line count, counts of errors and warnings, "no problems" when ' +
    'clean), then one line per problem: line, column, severity, code and message. Errors are lines the server would reject.',
  get_bucket_schema:
    'Reads the stored schema of the connection\'s bucket: its measurements, tag keys, and field keys with their types. Use it ' +
    'before generating line protocol for an existing bucket, so that new points use the same names and types (a field written ' +
    'with another type than the stored one is rejected). Returns one line per measurement, or plainly why the schema cannot be ' +
    'read (no connection, a token without read permission).',
  write_line_protocol:
    'Writes line protocol to the configured InfluxDB bucket. Validate it first with validate_line_protocol and fix every ' +
    'error. Input: text, or uri (a file path). Returns how many data lines were written, rejected, not sent or unconfirmed, ' +
    'then each line that was not written with the server\'s reason. The server stores the accepted lines even when others ' +
    'are rejected: do not resend lines that were written.',
} as const;

export type ToolName = keyof typeof TOOL_DESCRIPTIONS;
