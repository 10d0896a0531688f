/**
 * Runs the extension-host test suite (a module exporting `run()`, the one @vscode/test-electron
 * would load) inside a real VS Code here: code-server with the packaged VSIX installed into a fresh
 * extensions folder, the workbench opened in headless Chromium with the `payload` URL parameter
 * (extensionDevelopmentPath = an empty placeholder, extensionTestsPath = the bundled suite), and
 * the run's end read from `window.codeAutomationExit(code)`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { format } from 'node:util';
import { join } from 'node:path';
import { launchChromium } from './browser';
import { createPlaceholderExtension, createProfile, installExtension, startCodeServer, workbenchUrl } from './codeServer';
import type { E2eTools } from './install';

export interface SuiteRunOptions {
  readonly tools: E2eTools;
  readonly vsix: string;
  /** The bundled tests module (CommonJS, exports run()). */
  readonly testsModule: string;
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** Environment for code-server and so for the extension host (the suite's configuration). */
  readonly env: Record<string, string>;
  /** User settings added to the base ones. */
  readonly settings?: Record<string, unknown>;
  /** Screenshot and logs go here when the run fails or times out. */
  readonly artifactsDir: string;
  readonly timeoutSeconds?: number;
  /** Each line the extension host prints (mocha's reporter), as it comes, less the workbench's known noise. */
  readonly onLog?: (line: string) => void;
}

export interface SuiteRunResult {
  /** The suite's exit code (0: every test passed), or undefined when it never ended (timeout). */
  readonly exitCode: number | undefined;
  /** Everything the extension host printed. */
  readonly log: string;
  readonly timings: { readonly installSeconds: number; readonly serverStartSeconds: number; readonly runSeconds: number };
}

/**
 * Lines the workbench itself logs on every run here, harmless (vscode-e2e.md "What to expect"):
 * the gallery (open-vsx.org) is unreachable, no GitHub auth provider, startup chatter.
 */
const NOISE = [/open-vsx\.org/, /authentication provider/, /^\[error\]\s+at /, /AccountPolicyGate|AgentHost|Creating a socket|Creation of workbench contribution|vsda/];

export function isWorkbenchNoise(line: string): boolean {
  return NOISE.some((re) => re.test(line));
}

export async function runSuiteInCodeServer(options: SuiteRunOptions): Promise<SuiteRunResult> {
  const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-suite-'));
  let log = '';
  const startedAt = Date.now();
  const profile = createProfile(temp, options.settings);
  installExtension(options.tools, profile, options.vsix);
  const installed = Date.now();
  const placeholder = createPlaceholderExtension(join(temp, 'placeholder-extension'));
  const server = await startCodeServer({ tools: options.tools, profile, env: options.env });
  const listening = Date.now();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const exitCode = await new Promise<number | undefined>((resolve, reject) => {
      const timeoutMs = (options.timeoutSeconds ?? 180) * 1000;
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const onLine = (line: string): void => {
        log += `${line}\n`;
        if (!isWorkbenchNoise(line)) options.onLog?.(line);
      };
      // The workbench forwards the extension host's console to these (smoke-test driver mode).
      page
        .exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
          // The arguments of console.log: mocha's reporter passes printf-style formats.
          const text = format(...(Array.isArray(args) ? args : [args]));
          for (const line of text.replace(/\n$/, '').split('\n')) onLine(type === 'error' ? `[error] ${line}` : line);
        })
        .then(() =>
          page.exposeFunction('codeAutomationExit', (code: number) => {
            clearTimeout(timer);
            resolve(code);
          }),
        )
        .then(() =>
          page.goto(
            workbenchUrl(server, options.workspace, {
              extensionDevelopmentPath: placeholder,
              extensionTestsPath: options.testsModule,
            }),
          ),
        )
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        });
    });
    if (exitCode !== 0) {
      mkdirSync(options.artifactsDir, { recursive: true });
      await page.screenshot({ path: join(options.artifactsDir, 'suite-end.png') }).catch(() => undefined);
      writeFileSync(join(options.artifactsDir, 'extension-host.log'), log);
      writeFileSync(join(options.artifactsDir, 'code-server.log'), server.output());
      writeFileSync(join(options.artifactsDir, 'remoteexthost.log'), server.extensionHostLog());
    }
    return {
      exitCode,
      log,
      timings: {
        installSeconds: (installed - startedAt) / 1000,
        serverStartSeconds: (listening - installed) / 1000,
        runSeconds: (Date.now() - listening) / 1000,
      },
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}
