/** The extension activates when an .lp file is opened, and exports its API. */
import * as assert from 'node:assert/strict';
import { extension, LANGUAGE_ID } from './api';
import { metrics, type SuiteConfig } from './config';
import { waitFor } from './wait';
import { openInEditor } from './workspace';

export function registerActivationSuite(config: SuiteConfig): void {
  suite('activation', () => {
    test('opening an .lp file selects the language and activates the installed extension', async () => {
      const installed = extension();
      assert.ok(!installed.extensionPath.includes('placeholder'), 'the extension under test must be the installed VSIX');
      // No editor is open yet: an extension that is already active started for something else.
      assert.equal(installed.isActive, false, `${installed.id} is active before any .lp file was opened`);
      const opened = performance.now();
      const editor = await openInEditor('clean.lp');
      assert.equal(editor.document.languageId, LANGUAGE_ID);
      // Nothing else activates it: contributes.languages implies onLanguage activation.
      await waitFor(() => installed.isActive, `${installed.id} to activate after opening clean.lp`);
      metrics.activatedAfterOpenMs = Math.round(performance.now() - opened);
      metrics.startToActivatedMs = Date.now() - config.startedAt;
      console.log(`activation: ${metrics.activatedAfterOpenMs} ms after opening clean.lp, ${metrics.startToActivatedMs} ms after code-server was started`);
    });
  });
}
