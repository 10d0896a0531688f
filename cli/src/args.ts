/**
 * Command-line argument parsing: `--name value`, `--name=value`, flags, `-h`, `--` and `-` (stdin).
 * Kept separate from the commands so that every command reports bad arguments the same way.
 */

export interface OptionSpec {
  /** Long name without dashes: `target` for `--target`. */
  readonly name: string;
  /** True for `--target v3`; false for a flag such as `--json`. */
  readonly takesValue: boolean;
  /** Single-letter alias without the dash: `h` for `-h`. */
  readonly short?: string;
}

export interface ParsedArgs {
  /** Flags map to `true`; a repeated option keeps its last value. */
  readonly options: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/** A mistake in how the command was called: printed with what to do, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `command` names the command in messages: `lp check`. */
export function parseArgs(command: string, args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  const help = `Run '${command} --help' to see its options.`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    // A lone '-' is standard input, not an option.
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const written = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = arg.startsWith('--')
      ? specs.find((s) => s.name === written.slice(2))
      : specs.find((s) => s.short !== undefined && s.short === written.slice(1));
    if (!spec) throw new UsageError(`${command}: unknown option '${written}'. ${help}`);
    if (!spec.takesValue) {
      if (eq >= 0) throw new UsageError(`${command}: option '${written}' takes no value (got '${arg}'). ${help}`);
      options.set(spec.name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (i + 1 < args.length) value = args[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`${command}: option '${written}' needs a value, e.g. '${written} <value>'. ${help}`);
    }
    options.set(spec.name, value);
  }
  return { options, positionals };
}

/** The value of an option that takes one, or undefined when it was not given. */
export function optionValue(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.options.get(name);
  return typeof value === 'string' ? value : undefined;
}
