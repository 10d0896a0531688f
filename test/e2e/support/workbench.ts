/**
 * Driving VS Code's web workbench as a person does: keys and clicks through Playwright, reading
 * only what is on the screen (the DOM), and a screenshot after each step. Selectors are VS Code's
 * own stable class names (the ones its smoke tests use).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const STEP_TIMEOUT = 30_000;
const PROBLEM_ROWS = '.markers-panel .monaco-list-row';

export class Workbench {
  private step = 0;

  constructor(
    readonly page: Page,
    private readonly screenshots: string,
  ) {
    mkdirSync(screenshots, { recursive: true });
  }

  /** Saves `NN-name.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.step++;
    const path = join(this.screenshots, `${String(this.step).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
  }

  /** Shows the Explorer (Ctrl+Shift+E) and clicks the file's row, which opens it. */
  async openFromExplorer(name: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+E');
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`).first();
    await row.waitFor({ timeout: STEP_TIMEOUT });
    await row.click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: STEP_TIMEOUT });
    await this.editor().waitFor();
  }

  editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
  }

  /** Clicks into the editor text (focus), so that editor keys reach it. */
  async focusEditor(): Promise<void> {
    await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
  }

  /** Ctrl+G `line:column` Enter (1-based). */
  async goTo(line: number, column: number): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.quickInput();
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** The hover at the cursor (Ctrl+K Ctrl+I), its text once it has some. */
  async hoverAtCursor(): Promise<string> {
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first();
    await hover.waitFor({ timeout: STEP_TIMEOUT });
    await this.page.waitForFunction((el) => (el?.textContent ?? '').trim().length > 0, await hover.elementHandle(), { timeout: STEP_TIMEOUT });
    return (await hover.innerText()).trim();
  }

  async closeHover(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content').first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT }).catch(() => undefined);
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /**
   * F1, type the command's title, Enter on the matching entry. The palette fixes its list when it
   * opens, so when the command is not there yet (extension host still starting) it is reopened.
   */
  async runCommand(title: string): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      await this.page.keyboard.press('F1');
      const input = this.quickInput();
      await input.waitFor({ timeout: STEP_TIMEOUT });
      await input.fill(`>${title}`);
      const entry = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await entry.waitFor({ timeout: 3_000 });
        await this.page.keyboard.press('Enter');
        return;
      } catch (error) {
        await this.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw new Error(`the command palette has no '${title}'`, { cause: error });
      }
    }
  }

  /** Types into the open quick input (an input box, or with `password` a password box: it must be one). */
  async typeIntoInput(text: string, options: { password?: boolean } = {}): Promise<void> {
    const selector = options.password ? '.quick-input-widget .quick-input-box input[type="password"]' : '.quick-input-widget .quick-input-box input';
    const input = this.page.locator(selector);
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.click();
    await this.page.keyboard.type(text);
  }

  /** The text of the first notification toast whose text matches. */
  async notification(match: RegExp): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: match }).first();
    await toast.waitFor({ timeout: 60_000 });
    return (await toast.innerText()).trim();
  }

  /** Clicks a button (e.g. Cancel of a progress notification) of the first notification toast whose text matches. */
  async clickNotificationButton(match: RegExp, label: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: match }).first();
    await toast.waitFor({ timeout: STEP_TIMEOUT });
    await toast.locator('.monaco-button', { hasText: label }).first().click();
  }

  /** The rows (their text) of the quick pick whose title matches, once it shows. */
  async quickPickRows(title: RegExp): Promise<string[]> {
    await this.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT });
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: STEP_TIMEOUT });
    return (await rows.allInnerTexts()).map((r) => r.trim());
  }

  /** In the open quick pick: types `filter`, then Enter on the first row whose text matches `row`. */
  async pickInQuickPick(filter: string, row: RegExp): Promise<void> {
    const input = this.quickInput();
    await input.waitFor({ timeout: STEP_TIMEOUT });
    await input.fill(filter);
    await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: row }).first().waitFor({ timeout: STEP_TIMEOUT });
    await this.page.keyboard.press('Enter');
  }

  /** Resolves once the panel shows the view titled `title` (e.g. Output) with the keyboard focus in its text. */
  async panelFocused(title: string): Promise<void> {
    await this.page.locator('.part.panel .composite-bar .action-item.checked', { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT });
    await this.page.locator('.part.panel .monaco-editor.focused').first().waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Resolves once the status bar shows a text that matches (e.g. a command's brief confirmation). */
  async statusBarText(match: RegExp): Promise<string> {
    const item = this.page.locator('.statusbar .statusbar-item', { hasText: match }).first();
    await item.waitFor({ timeout: STEP_TIMEOUT });
    return (await item.innerText()).trim();
  }

  /** Opens the language status (the `{}` in the status bar) and returns its text once it matches; closes it again. */
  async languageStatus(match: RegExp): Promise<string> {
    const status = this.page.locator('[id="status.languageStatus"]');
    await status.waitFor({ timeout: STEP_TIMEOUT });
    await status.click();
    const hover = this.page.locator('.monaco-hover:not(.hidden)', { hasText: match }).first();
    await hover.waitFor({ timeout: STEP_TIMEOUT });
    return (await hover.innerText()).replace(/\s+/g, ' ');
  }

  /** Answers the quick input whose title matches: replaces its text with `text` and presses Enter. */
  async answerInput(title: RegExp, text: string): Promise<void> {
    await this.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT });
    await this.quickInput().fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** Resolves once no notification toast's text matches (e.g. a finished progress notification closed). */
  async noNotification(match: RegExp): Promise<void> {
    await this.page.locator('.notifications-toasts .notification-list-item', { hasText: match }).first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Opens the Problems view (Ctrl+Shift+M) and returns its rows once `accept` likes them. */
  async problems(accept: (rows: string[]) => boolean): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+M');
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      const labels = await this.page.locator(PROBLEM_ROWS).evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
      if (accept(labels)) return labels;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`the Problems view shows:\n  ${labels.join('\n  ') || '(nothing)'}`);
      // Wait until the view's rows change (checked on each animation frame, in the page), then read them again.
      await this.page
        .waitForFunction(
          ([selector, before]) => {
            const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null; textContent: string | null }> } }).document;
            return Array.from(doc.querySelectorAll(selector), (e) => e.getAttribute('aria-label') ?? e.textContent ?? '').join('\n') !== before;
          },
          [PROBLEM_ROWS, labels.join('\n')] as const,
          { timeout: left },
        )
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
        });
    }
  }

  private quickFixMenu(): Locator {
    return this.page.locator('.action-widget:not(.action-list-submenu-panel)').first();
  }

  /**
   * Ctrl+. at the cursor: the quick fix menu, and its entries. A key press the workbench lost (the
   * menu never opens; it happened once in this project's CI runs) is followed, as a person would,
   * by giving the editor focus and pressing again.
   */
  async openQuickFixes(): Promise<string[]> {
    const menu = this.quickFixMenu();
    const firstRow = menu.locator('.monaco-list-row').first();
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      await this.page.keyboard.press('Control+.');
      try {
        await firstRow.waitFor({ timeout: Math.max(1, Math.min(5_000, deadline - Date.now())) });
        break;
      } catch (error) {
        if (!(error instanceof Error && error.name === 'TimeoutError') || Date.now() >= deadline) throw error;
      }
      await this.focusEditorKeepingCursor();
    }
    return (await menu.locator('.monaco-list-row').allInnerTexts()).map((e) => e.trim());
  }

  /** Clicks the entry of the open quick fix menu whose title matches. */
  async chooseQuickFix(title: RegExp): Promise<void> {
    const menu = this.quickFixMenu();
    await menu.locator('.monaco-list-row', { hasText: title }).first().click();
    await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Gives the editor focus back without moving its cursor (after a panel took focus). */
  async focusEditorKeepingCursor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
  }

  /** The lines the active editor shows now, top to bottom (what is scrolled into view). */
  async visibleLines(): Promise<string[]> {
    const lines = this.editor().locator('.view-lines .view-line');
    const items = await lines.evaluateAll((elements) =>
      elements.map((e) => ({ top: Number.parseFloat(/top:\s*(-?[\d.]+)px/.exec(e.getAttribute('style') ?? '')?.[1] ?? '0'), text: e.textContent ?? '' })),
    );
    return items.sort((a, b) => a.top - b.top).map((item) => item.text.replace(/\u00a0/g, ' '));
  }
}
