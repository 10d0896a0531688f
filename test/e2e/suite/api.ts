/** The extension under test and the API its activate() returns (client/src/extension.ts). */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InfluxLineProtocolApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'lp-tools.influxdb-line-protocol';
export const LANGUAGE_ID = 'influxdb-line-protocol';

export function extension(): vscode.Extension<InfluxLineProtocolApi> {
  const found = vscode.extensions.getExtension<InfluxLineProtocolApi>(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not installed in this VS Code`);
  return found;
}

/** Activates the extension (a no-op when it already is) and returns its API. */
export async function api(): Promise<InfluxLineProtocolApi> {
  return extension().activate();
}
