/** `lp parse --json [--target T] FILE`: every data line as one JSON object (see PARSE_HELP). */
import { UsageError, optionValue, parseArgs } from './args';
import { PARSE_HELP } from './help';
import type { CliIo } from './io';
import { formatParseRecord } from './jsonLines';
import { BufferedWriter } from './output';
import { lineOf, parseRegions, positionOf } from './streamRegions';
import { readLineProtocolSource } from './sources';
import { chooseTarget } from './targets';

const COMMAND = 'lp parse';

const OPTIONS = [
  { name: 'json', takesValue: false },
  { name: 'target', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
] as const;

/** Returns the exit status. Usage and read errors are thrown for the dispatcher to report. */
export async function runParse(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.has('help')) {
    await io.stdout.write(PARSE_HELP);
    return 0;
  }
  if (!parsed.options.has('json')) {
    throw new UsageError(`${COMMAND}: choose the output format with --json (JSON Lines, the only format), e.g. 'lp parse --json data.lp'.`);
  }
  const target = chooseTarget(COMMAND, optionValue(parsed, 'target'), io.env);
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${COMMAND}: expected exactly one FILE (or '-' for standard input), got ${parsed.positionals.length}. Run '${COMMAND} --help' for usage.`,
    );
  }

  const out = new BufferedWriter(io.stdout);
  for await (const region of parseRegions(readLineProtocolSource(io, COMMAND, parsed.positionals[0]), target.parse)) {
    const { table, text, count, dataLineBase } = region;
    for (let i = 0; i < count; i++) {
      const result = table.result(i, text, 0);
      const column = result.ok ? 0 : positionOf(region, i, result.error.offset).column;
      out.write(formatParseRecord(lineOf(region, i), dataLineBase + i + 1, result, column) + '\n');
    }
    await out.drain();
  }
  await out.drain();
  return 0;
}
