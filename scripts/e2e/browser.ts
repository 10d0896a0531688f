/**
 * Headless Chromium (Debian's /usr/bin/chromium, never a downloaded one) through playwright-core,
 * with the flags a root user on a closed network needs.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './install';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(options: { headless?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: options.headless ?? true, args: [...CHROMIUM_ARGS] });
}
