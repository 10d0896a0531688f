/** `lp check [options] FILE...`: the editor's checks of each file, on the command line (see CHECK_HELP). */
import { currentTimeNs, type CheckerSettings, type StoredSchema } from '../../core/src/analysis';
import { countNewlines } from '../../core/src/parse/chars';
import { analyseRegions, analyseWhole } from './analysisRun';
import { UsageError, optionValue, parseArgs } from './args';
import { checkerSettings, parseSizeLimit } from './checkSettings';
import { createFormatter, FORMAT_NAMES, isFormatName, type CliDiagnostic, type FormatName } from './diagnostics';
import { CHECK_HELP } from './help';
import type { CliIo } from './io';
import { BufferedWriter } from './output';
import { ReadError, byteOrderMarkDiagnostic, displayName, readLineProtocolSource, shownByCheck } from './sources';
import { CONNECTION_OPTIONS, readSchema, storedSchemaOf, storedWhere, unreadText } from './storedSchema';
import { serverFrom } from './writeConnection';
import { chooseTarget } from './targets';

const COMMAND = 'lp check';

const OPTIONS = [
  { name: 'target', takesValue: true },
  { name: 'precision', takesValue: true },
  { name: 'retention', takesValue: true },
  { name: 'shard-group', takesValue: true },
  { name: 'column-families', takesValue: true },
  { name: 'format', takesValue: true },
  { name: 'whole-file-limit', takesValue: true },
  { name: 'help', takesValue: false, short: 'h' },
  // With --url: the stored schema of --bucket on that server is checked against too.
  ...CONNECTION_OPTIONS,
] as const;

function chooseFormat(value: string | undefined): FormatName {
  if (value === undefined) return 'text';
  if (isFormatName(value)) return value;
  throw new UsageError(`${COMMAND}: unknown format '${value}' (from --format). Use one of: ${FORMAT_NAMES.join(', ')}.`);
}

/**
 * The analysis's memory and time grow with the text and with the number of lines (each line may
 * carry diagnostics): a file of short failing lines costs far more per character than a typical one.
 */
const CHARACTERS_PER_LINE_BOUND = 64;

/** The input whole when it is within `limit` characters and `limit / 64` lines, else all of it again as pieces. */
async function readUpTo(chunks: AsyncIterable<string>, limit: number): Promise<{ text: string } | { pieces: AsyncIterable<string> }> {
  const it = chunks[Symbol.asyncIterator]();
  const held: string[] = [];
  let size = 0;
  let lines = 0;
  for (let r = await it.next(); !r.done; r = await it.next()) {
    held.push(r.value);
    size += r.value.length;
    lines += countNewlines(r.value);
    if (size > limit || lines > limit / CHARACTERS_PER_LINE_BOUND) {
      const pieces = async function* (): AsyncGenerator<string> {
        // Handed on one by one so that each is freed once parsed.
        for (let piece = held.shift(); piece !== undefined; piece = held.shift()) yield piece;
        for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
      };
      return { pieces: pieces() };
    }
  }
  return { text: held.join('') };
}

/** `64M`, `512K`, `1000`: as --whole-file-limit is written. */
function sizeText(chars: number): string {
  if (chars > 0 && chars % (1024 * 1024) === 0) return `${chars / (1024 * 1024)}M`;
  if (chars > 0 && chars % 1024 === 0) return `${chars / 1024}K`;
  return String(chars);
}

interface Run {
  readonly settings: CheckerSettings;
  readonly now: () => bigint;
  readonly limit: number;
  readonly report: (d: CliDiagnostic) => Promise<void>;
  /** Called before a note goes to stderr, so that stdout and stderr interleave in order. */
  readonly flush: () => Promise<void>;
  /** The stored schema (--url), when it was read. */
  readonly stored: StoredSchema | undefined;
}

/** Checks one input; returns how many data lines it had. */
async function checkSource(io: CliIo, source: string, run: Run): Promise<number> {
  const file = displayName(source);
  const bytes = readLineProtocolSource(io, COMMAND, source);
  const input = await readUpTo(bytes, run.limit);
  if (bytes.facts.bom) await run.report(byteOrderMarkDiagnostic(file));
  if ('text' in input) return analyseWhole(file, input.text, run.settings, run.now, run.report, run.stored);
  await run.flush();
  await io.stderr.write(
    `${COMMAND}: ${file} has more than ${sizeText(run.limit)} characters or ${sizeText(Math.floor(run.limit / CHARACTERS_PER_LINE_BOUND))} lines (--whole-file-limit), so it is checked region by region to bound ` +
      `memory, each region against the column facts of the ones before it: the same checks as a whole file.\n`,
  );
  return analyseRegions(file, input.pieces, run.settings, run.now, run.report, run.stored);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * With --url, the stored schema of --bucket: read once, before the files are checked. One that
 * cannot be read is said on stderr and the files are checked without it (`unread` set).
 */
async function readStored(parsed: ReturnType<typeof parseArgs>, io: CliIo): Promise<{ stored?: StoredSchema; where?: string; unread?: true }> {
  if (optionValue(parsed, 'url') === undefined) {
    const stray = CONNECTION_OPTIONS.find((o) => o.name !== 'url' && parsed.options.has(o.name));
    if (stray !== undefined) throw new UsageError(`${COMMAND}: --${stray.name} names the server to read the stored schema from: it needs --url (and --target, --bucket).`);
    return {};
  }
  const source = await serverFrom(parsed, io, COMMAND);
  const readAtMs = Date.now();
  const read = await readSchema(source);
  const where = storedWhere(source.connection.product, source.connection.bucket);
  if (read.ok) return { stored: await storedSchemaOf(read, source, readAtMs, async (text) => {
      await io.stderr.write(`${COMMAND}: note: ${text}\n`);
    }), where };
  await io.stderr.write(`${COMMAND}: ${unreadText(read, source)} Checking without it.\n`);
  return { unread: true };
}

/** Returns the exit status: 1 when a line would be rejected, 2 when an input (or the stored schema asked for) could not be read. */
export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(COMMAND, args, OPTIONS);
  if (parsed.options.has('help')) {
    await io.stdout.write(CHECK_HELP);
    return 0;
  }
  const target = chooseTarget(COMMAND, optionValue(parsed, 'target'), io.env);
  const settings = checkerSettings(COMMAND, target, {
    precision: optionValue(parsed, 'precision'),
    retention: optionValue(parsed, 'retention'),
    shardGroup: optionValue(parsed, 'shard-group'),
    columnFamilies: optionValue(parsed, 'column-families'),
  });
  const limit = parseSizeLimit(COMMAND, optionValue(parsed, 'whole-file-limit'));
  const formatName = chooseFormat(optionValue(parsed, 'format'));
  const sources = parsed.positionals;
  if (sources.length === 0) {
    throw new UsageError(`${COMMAND}: no FILE given. Name one or more files, or '-' for standard input, e.g. 'lp check data.lp'.`);
  }

  const schema = await readStored(parsed, io);

  const out = new BufferedWriter(io.stdout);
  const formatter = createFormatter(formatName);
  const counts = { error: 0, warning: 0, information: 0 };
  let lines = 0;
  let unreadable = 0;
  let pending = 0;
  // One clock for the whole run: retention and shard windows are judged against the same instant.
  const nowNs = currentTimeNs();
  const run: Run = {
    settings,
    now: () => nowNs,
    limit,
    report: async (d) => {
      if (!shownByCheck(d)) return;
      counts[d.severity]++;
      out.write(formatter.item(d));
      // A file where every line fails must not pile its whole report up before writing it out.
      if (++pending >= 1024) {
        pending = 0;
        await out.drain();
      }
    },
    flush: () => out.drain(),
    stored: schema.stored,
  };

  out.write(formatter.begin());
  for (const source of sources) {
    try {
      lines += await checkSource(io, source, run);
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
    const { error, warning, information } = counts;
    const problems =
      error + warning + information === 0
        ? 'no problems'
        : `${plural(error, 'error')}, ${plural(warning, 'warning')}${information > 0 ? `, ${information} information` : ''}`;
    await io.stderr.write(
      `${COMMAND}: ${plural(lines, 'data line')} in ${plural(sources.length - unreadable, 'file')} checked against ${target.name}${schema.stored === undefined ? '' : ` and the stored schema of ${schema.where} (${plural(schema.stored.measurements.size, 'measurement')})`}: ${problems}\n`,
    );
  }
  if (unreadable > 0 || schema.unread === true) return 2;
  return counts.error > 0 ? 1 : 0;
}
