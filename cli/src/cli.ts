/** Dispatches `lp <command> …` to the command modules and turns usage/read errors into exit status 2. */
import packageJson from '../../package.json';
import { UsageError } from './args';
import { runCheck } from './checkCommand';
import { MAIN_HELP } from './help';
import type { CliIo } from './io';
import { runParse } from './parseCommand';
import { runSchema } from './schemaCommand';
import { ReadError } from './sources';
import { runWrite } from './write';

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  parse: runParse,
  check: runCheck,
  write: runWrite,
  schema: runSchema,
  // Loaded on use: the MCP SDK and its schema library would slow every other command's start.
  mcp: async (args, io) => (await import('./mcp')).runMcp(args, io),
};

/** Runs one invocation (`argv` without node and the script) and returns its exit status. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === '--help' || name === '-h' || name === 'help') {
      await io.stdout.write(MAIN_HELP);
      return 0;
    }
    if (name === '--version' || name === '-V') {
      await io.stdout.write(`${packageJson.version}\n`);
      return 0;
    }
    if (name === undefined) throw new UsageError(`lp: no command given. Run 'lp --help' for the commands (parse, check, write, schema, mcp).`);
    const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!command) {
      throw new UsageError(`lp: unknown command '${name}'. Run 'lp --help' for the commands (parse, check, write, schema, mcp).`);
    }
    return await command(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof ReadError)) throw error;
    await io.stderr.write(error.message + '\n');
    return 2;
  }
}
