/** `lp check [--target T] [--format F] FILE...`: every line the target's parser rejects (see CHECK_HELP). */
import { UsageError, optionValue, parseArgs } from './args';
import { createFormatter, FORMAT_NAMES, isFormatName, type CliDiagnostic, type FormatName } from './diagnostics';
import { CHECK_HELP } from './help';
import type { CliIo } from './io';
import { BufferedWriter } from './output';
import { parseRegions, positionOf } from './regions';
import { ReadError, displayName, readLineProtocolSource } from './sources';
import { chooseTarget, type TargetChoice } from './targets';

const COMMAND = 'lp check';

const OPTIONS = [
  { name: 'target', takesValue: true },
  { name: 'format', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

function chooseFormat(value: string | undefined): FormatName {
  if (value === undefined) return 'text';
  if (isFormatName(value)) return value;
  throw new UsageError(`${COMMAND}: unknown format '${value}' (from --format). Use one of: ${FORMAT_NAMES.join(', ')}.`);
}

/** Streams one input's diagnostics to `report`; returns how many data lines it had. */
async function checkSource(
  io: CliIo,
  source: string,
  target: TargetChoice,
  report: (d: CliDiagnostic) => Promise<void> | void,
): Promise<number> {
  const file = displayName(source);
  let lines = 0;
  for await (const region of parseRegions(readLineProtocolSource(io, COMMAND, source), target.parse)) {
    const { table, text, count, dataLineBase } = region;
    for (let i = 0; i < count; i++) {
      if (table.ok(i)) continue;
      const result = table.result(i, text, 0);
      if (result.ok) continue;
      const { kind, message, offset, end } = result.error;
      const from = positionOf(region, i, offset);
      const to = positionOf(region, i, end);
      await report({
        file,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        dataLine: dataLineBase + i + 1,
        severity: 'error',
        kind,
        message,
      });
    }
    lines += count;
  }
  return lines;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Returns the exit status: 1 when a line would be rejected, 2 when an input could not be read. */
export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.has('help')) {
    await io.stdout.write(CHECK_HELP);
    return 0;
  }
  const target = chooseTarget(COMMAND, optionValue(parsed, 'target'), io.env);
  const formatName = chooseFormat(optionValue(parsed, 'format'));
  const sources = parsed.positionals;
  if (sources.length === 0) {
    throw new UsageError(`${COMMAND}: no FILE given. Name one or more files, or '-' for standard input, e.g. 'lp check data.lp'.`);
  }

  const out = new BufferedWriter(io.stdout);
  const formatter = createFormatter(formatName);
  let errors = 0;
  let warnings = 0;
  let lines = 0;
  let unreadable = 0;
  let pendingLines = 0;
  const report = async (d: CliDiagnostic): Promise<void> => {
    if (d.severity === 'error') errors++;
    else warnings++;
    out.write(formatter.item(d));
    // A file where every line fails must not pile its whole report up before writing it out.
    if (++pendingLines >= 1024) {
      pendingLines = 0;
      await out.drain();
    }
  };

  out.write(formatter.begin());
  for (const source of sources) {
    try {
      lines += await checkSource(io, source, target, report);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      unreadable++;
      await out.drain();
      await io.stderr.write(error.message + '\n');
    }
  }
  out.write(formatter.end());
  await out.drain();

  if (formatName === 'text') {
    const problems = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
    await io.stderr.write(
      `${COMMAND}: ${plural(lines, 'data line')} in ${plural(sources.length - unreadable, 'file')} checked against ${target.name}: ${problems}\n`,
    );
  }
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}
