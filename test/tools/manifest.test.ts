/**
 * package.json's `contributes.languageModelTools` and the tools the code registers agree: the same
 * names in the client and in `lp mcp`, the model descriptions of core/src/tools/descriptions.ts,
 * and input schemas whose properties are what the tools read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { TOOL_DESCRIPTIONS, TOOL_PRECISIONS } from '../../core/src/tools/index';
import { PRODUCTS } from '../../core/src/products';

interface ManifestTool {
  readonly name: string;
  readonly modelDescription: string;
  readonly inputSchema: { readonly type: string; readonly properties: Record<string, { type: string; enum?: string[] }> };
  readonly when?: string;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: { languageModelTools: ManifestTool[] } };
const tools = manifest.contributes.languageModelTools;
const client = readFileSync(join(__dirname, '..', '..', 'client', 'src', 'lmTools.ts'), 'utf8');

void it('declares the three tools with the shared model descriptions', () => {
  assert.deepEqual(tools.map((t) => t.name), Object.keys(TOOL_DESCRIPTIONS));
  for (const tool of tools) assert.equal(tool.modelDescription, TOOL_DESCRIPTIONS[tool.name as keyof typeof TOOL_DESCRIPTIONS], tool.name);
  // Every declared name is registered by the client.
  for (const tool of tools) assert.ok(client.includes(`'${tool.name}'`), `client/src/lmTools.ts does not register ${tool.name}`);
});

void it('gives the inputs of the issue: text or uri, and target and precision for validate', () => {
  const byName = new Map(tools.map((t) => [t.name, t]));
  assert.deepEqual(Object.keys(byName.get('validate_line_protocol')?.inputSchema.properties ?? {}), ['text', 'uri', 'target', 'precision']);
  assert.deepEqual(byName.get('validate_line_protocol')?.inputSchema.properties.target.enum, [...PRODUCTS]);
  assert.deepEqual(byName.get('validate_line_protocol')?.inputSchema.properties.precision.enum, [...TOOL_PRECISIONS]);
  assert.deepEqual(Object.keys(byName.get('write_line_protocol')?.inputSchema.properties ?? {}), ['text', 'uri']);
  // Both send the saved credentials to the server the workspace's settings name.
  assert.equal(byName.get('write_line_protocol')?.when, 'isWorkspaceTrusted');
  assert.equal(byName.get('get_bucket_schema')?.when, 'isWorkspaceTrusted');
});
