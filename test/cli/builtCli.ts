/**
 * Runs the real, bundled `lp` (dist/cli.js) as a child process. The bundle is rebuilt first when it
 * is missing or older than the sources it is built from, so a test never runs stale code.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBundle, ROOT } from '../support/bundles';

export { ROOT };
export const CLI = join(ROOT, 'dist', 'cli.js');
export const FIXTURES = join(__dirname, 'fixtures');

/** Builds dist/cli.js when needed; throws with the build output when it still is not there. */
export function ensureBuilt(): void {
  ensureBundle('cli', ['cli/src', 'core/src']);
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Text for standard input; standard input is closed (empty) when absent. */
  readonly stdin?: string;
  /** Extra environment; LP_TARGET is removed unless given here. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory (default: the fixtures folder). */
  readonly cwd?: string;
}

/** Runs `node dist/cli.js ...args` (in the fixtures folder unless told) and resolves when it has exited. */
export function runLp(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  ensureBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.LP_TARGET) delete env.LP_TARGET;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? FIXTURES, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.end(options.stdin ?? '');
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** Parses JSON Lines output, failing loudly on a malformed line. */
export function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}
