/**
 * `validate_line_protocol` for AI agents (the `lp mcp` server and the VS Code language model
 * tools): the editor's own analysis of a text for one product, turned into a short text an LLM can
 * act on — a summary first, then one line per problem, bounded in size.
 *
 * The settings are built with `resolveSettings`, exactly as the language server builds them from
 * `influxLineProtocol.*`, so a tool's verdict and the editor's diagnostics for the same product and
 * precision are the same list (only the editor's cap, `maxDiagnostics`, differs: the tool counts
 * every problem and shows the first `maxProblems`).
 */
import { BYTE_ORDER_MARK_CODE, BYTE_ORDER_MARK_MESSAGE, DocumentAnalysis, parseDuration, REPLACEMENT_CHARACTER_CODE, resolveSettings, type AnalysisDiagnostic, type CheckerSettings, type Severity } from '../analysis/index';
import { acceptsAuto, type WritePrecision } from '../autoPrecision';
import { isProduct, PRODUCTS, PROFILES, type Product } from '../products';

/** A wrong input of a tool call: its message says what is wrong and what to give instead. */
export class ToolInputError extends Error {
  override readonly name = 'ToolInputError';
}

/** `auto` only for the targets whose /api/v3/write_lp takes it (InfluxDB 3 Core, Enterprise, Cloud). */
export const TOOL_PRECISIONS: readonly WritePrecision[] = ['ns', 'us', 'ms', 's', 'auto'];

/** Problems listed in a result by default; the rest are counted. */
export const DEFAULT_MAX_PROBLEMS = 50;

export interface ValidateRequest {
  readonly text: string;
  /** A product name (PRODUCTS); undefined: `defaultTarget`. */
  readonly target?: string;
  /** ns, us, ms or s; undefined: `defaultPrecision`. */
  readonly precision?: string;
}

export interface ValidateOptions {
  /** The product when the request names none (the active connection's in the editor). Default cloud-serverless, the editor's default. */
  readonly defaultTarget?: Product;
  readonly defaultPrecision?: WritePrecision;
  /** Retention period of the bucket (`30d`), as `influxLineProtocol.retentionPeriod`. */
  readonly retentionPeriod?: string;
  readonly shardGroupDuration?: string;
  /** Where the text came from, for the summary: a file path. */
  readonly source?: string;
  /**
   * The text was decoded from a file's bytes keeping invalid bytes (core/src/bytes/utf8.ts), as
   * `lp check` reads it: a U+FFFD is then a real character, not a stand-in for a bad byte (that is
   * reported as invalid-utf8), and `byteOrderMark` says the file began with one (left out of `text`).
   */
  readonly fromBytes?: { readonly byteOrderMark: boolean };
  readonly maxProblems?: number;
  /** Why the default target applies, for the summary when the request names none ("checks follow connection 'x'"). */
  readonly defaultReason?: string;
  /** The clock (tests pin it). */
  readonly now?: () => bigint;
}

export interface ToolProblem {
  /** 1-based physical line and UTF-16 column, as the editor shows them. */
  readonly line: number;
  readonly column: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** The first related place (where a column's type was first set), if any. */
  readonly related?: { readonly line: number; readonly column: number; readonly message: string };
}

export interface ValidateResult {
  readonly product: Product;
  readonly precision: WritePrecision;
  readonly dataLines: number;
  /** Every problem, in document order. */
  readonly problems: readonly ToolProblem[];
  readonly counts: Readonly<Record<Severity, number>>;
  /** The bounded text for the model. */
  readonly text: string;
}

function chooseProduct(target: string | undefined, fallback: Product): Product {
  if (target === undefined || target === '') return fallback;
  if (isProduct(target)) return target;
  throw new ToolInputError(`Unknown target '${target}'. Use one of: ${PRODUCTS.join(', ')} (or leave it out for ${fallback}).`);
}

function choosePrecision(precision: string | undefined, fallback: WritePrecision, product: Product): WritePrecision {
  // A default of auto for a product that does not take it reads as ns, as the editor does.
  const chosen = precision === undefined || precision === '' ? (fallback === 'auto' && !acceptsAuto(product) ? 'ns' : fallback) : precision;
  if (chosen === 'auto' && !acceptsAuto(product)) {
    throw new ToolInputError(`Precision 'auto' is taken only by /api/v3/write_lp (InfluxDB 3 Core, Enterprise, InfluxDB 3 Cloud), not by ${PROFILES[product].label}: give ns, us, ms or s.`);
  }
  if ((TOOL_PRECISIONS as readonly string[]).includes(chosen)) return chosen as WritePrecision;
  throw new ToolInputError(`Unknown precision '${precision}'. Use one of: ${TOOL_PRECISIONS.join(', ')} (the precision the timestamps are written in).`);
}

/** The analysis settings the language server would use for these `influxLineProtocol.*` values. */
export function toolSettings(product: Product, precision: WritePrecision, options: Pick<ValidateOptions, 'retentionPeriod' | 'shardGroupDuration'> = {}): CheckerSettings {
  for (const [name, value] of [['retention period', options.retentionPeriod], ['shard group duration', options.shardGroupDuration]] as const) {
    if (value !== undefined && parseDuration(value) === null) throw new ToolInputError(`The ${name} '${value}' is not a duration like 30d or 1h30m.`);
  }
  return resolveSettings({
    target: product,
    precision,
    retentionPeriod: options.retentionPeriod,
    shardGroupDuration: options.shardGroupDuration,
    // Every problem is counted; the result shows the first maxProblems.
    maxDiagnostics: Number.MAX_SAFE_INTEGER,
  });
}

function toProblem(d: AnalysisDiagnostic): ToolProblem {
  const related = d.related?.[0];
  return {
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(related ? { related: { line: related.range.start.line + 1, column: related.range.start.character + 1, message: related.message } } : {}),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per problem: `line 3, column 20: error field-type-conflict: …`. */
export function problemLine(p: ToolProblem): string {
  // A message is one line; a multi-line one would break the one-line-per-problem shape.
  const message = p.message.replace(/\s*\r?\n\s*/g, ' ');
  const related = p.related ? ` (see line ${p.related.line}, column ${p.related.column}: ${p.related.message.replace(/\s*\r?\n\s*/g, ' ')})` : '';
  return `line ${p.line}, column ${p.column}: ${p.severity} ${p.code}: ${message}${related}`;
}

function countsText(counts: Readonly<Record<Severity, number>>): string {
  const { error, warning, information } = counts;
  if (error + warning + information === 0) return 'no problems';
  return [plural(error, 'error'), plural(warning, 'warning'), ...(information > 0 ? [`${information} information`] : [])].join(', ');
}

/** Checks `request.text` as the editor checks a `.lp` file for the product; see the module comment. */
export function validateLineProtocol(request: ValidateRequest, options: ValidateOptions = {}): ValidateResult {
  const product = chooseProduct(request.target, options.defaultTarget ?? 'cloud-serverless');
  const precision = choosePrecision(request.precision, options.defaultPrecision ?? 'ns', product);
  const settings = toolSettings(product, precision, options);
  const analysis = new DocumentAnalysis(request.text, settings, options.now ? { now: options.now } : {});
  const problems: ToolProblem[] = [];
  if (options.fromBytes?.byteOrderMark) {
    problems.push({ line: 1, column: 1, severity: 'information', code: BYTE_ORDER_MARK_CODE, message: BYTE_ORDER_MARK_MESSAGE });
  }
  for (const d of analysis.diagnostics()) {
    if (options.fromBytes && d.code === REPLACEMENT_CHARACTER_CODE) continue;
    problems.push(toProblem(d));
  }
  let dataLines = 0;
  for (const c of analysis.chunks) dataLines += c.table.count;
  const counts = { error: 0, warning: 0, information: 0 };
  for (const p of problems) counts[p.severity]++;

  const max = Math.max(0, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const label = PROFILES[product].label;
  const from = options.source !== undefined ? ` of ${options.source}` : '';
  const verdict =
    counts.error > 0
      ? ` The server would reject the lines with errors: fix them before writing.`
      : problems.length > 0
        ? ' Nothing would be rejected; the warnings point at points that may not be stored as meant.'
        : '';
  const why = request.target === undefined || request.target === '' ? (options.defaultReason !== undefined ? `; ${options.defaultReason}` : '') : '';
  const lines = [`${plural(dataLines, 'data line')}${from} checked against ${label} (target ${product}, precision ${precision}${why}): ${countsText(counts)}.${verdict}`];
  for (const p of problems.slice(0, max)) lines.push(problemLine(p));
  if (problems.length > max) lines.push(`… and ${plural(problems.length - max, 'more problem')} not shown: fix these and validate again.`);
  return { product, precision, dataLines, problems, counts, text: lines.join('\n') };
}
