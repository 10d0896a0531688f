/**
 * A person's session: code-server with the packaged VSIX installed into a fresh profile, and the
 * workbench open on a folder in headless Chromium. Closed (browser, server, profile) by close().
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../scripts/e2e/browser';
import { createProfile, installExtension, startCodeServer, workbenchUrl, type CodeServer } from '../../../scripts/e2e/codeServer';
import type { E2eTools } from '../../../scripts/e2e/install';

export interface SessionOptions {
  readonly tools: E2eTools;
  readonly vsix: string;
  readonly workspace: string;
  readonly settings?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

export interface Session {
  readonly page: Page;
  readonly server: CodeServer;
  readonly browser: Browser;
  /** Keeps code-server's and the extension host's logs (call before close when a step failed). */
  saveLogs(dir: string): void;
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const temp = mkdtempSync(join(tmpdir(), 'lp-e2e-ui-'));
  const profile = createProfile(temp, options.settings);
  installExtension(options.tools, profile, options.vsix);
  const server = await startCodeServer({ tools: options.tools, profile, env: options.env, smokeTestDriver: false });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(workbenchUrl(server, options.workspace));
    const opened = browser;
    return {
      page,
      server,
      browser: opened,
      saveLogs: (dir) => {
        writeFileSync(join(dir, 'code-server.log'), server.output());
        writeFileSync(join(dir, 'remoteexthost.log'), server.extensionHostLog());
      },
      close: async () => {
        await opened.close();
        await server.stop();
        rmSync(temp, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
