/**
 * Waiting in the extension host without fixed sleeps: on VS Code events, or (for state that has
 * no event, such as Extension.isActive) by re-checking a condition until a deadline.
 */
import * as vscode from 'vscode';

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the diagnostics of `uri` once `accept` likes them (checked now and on every change). */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: readonly vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const current = vscode.languages.getDiagnostics(uri);
  if (accept(current)) return current;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map(describe).join('\n  ');
      reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} on ${uri.toString()}; diagnostics now:\n  ${seen || '(none)'}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(diagnostics);
    });
  });
}

/**
 * Resolves with a value once `accept` likes it: `now` (undefined: none yet) is tried first, then
 * every value `event` fires. `state` says what there is, in the timeout's message.
 */
export async function waitForEvent<T>(now: T | undefined, event: vscode.Event<T>, accept: (value: T) => boolean, what: string, state: () => string, timeoutMs = 30_000): Promise<T> {
  if (now !== undefined && accept(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; ${state()}`));
    }, timeoutMs);
    const listener = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

/** `L3:C5-L3:C9 [lp] message` (1-based), for assertion messages. */
export function describe(d: vscode.Diagnostic): string {
  const { start, end } = d.range;
  return `L${start.line + 1}:C${start.character + 1}-L${end.line + 1}:C${end.character + 1} [${d.source ?? ''}] ${d.message}`;
}
