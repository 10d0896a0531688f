/**
 * What a test does when something it needs (a server binary, a browser) is not on the machine:
 * on a developer's machine it is skipped with the reason and the fix; under CI=true it fails,
 * because a skipped test must never pass for a tested one.
 */
import type { TestContext } from 'node:test';

export function requirePrerequisite(t: TestContext, available: boolean, what: string, fix: string): boolean {
  if (available) return true;
  const message = `${what} is not available: ${fix}`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: missing prerequisites fail the run)`);
  t.skip(message);
  return false;
}
