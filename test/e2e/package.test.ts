/**
 * `npm run package`: the VSIX holds exactly the allowlist of .vscodeignore (bundles, manifest,
 * grammars, language configuration, icon, README, CHANGELOG, LICENSE), nothing else, stays
 * small, and its manifest has what a Marketplace listing shows.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, test } from 'node:test';
import { ROOT } from '../../scripts/e2e/packageVsix';
import { vsixUnderTest } from './support/vsix';
import { ZipFile } from './support/zip';

/** Largest VSIX we accept: the three bundles minified plus grammar and icon are far below it. */
const MAX_VSIX_BYTES = 1_500_000;

/** Where vsce puts a file of the tree in the archive (it renames README, CHANGELOG and LICENSE). */
function archiveName(path: string): string {
  const renamed: Record<string, string> = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
  return `extension/${renamed[path] ?? path}`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(ROOT, join(d.parentPath, d.name)))
    .sort();
}

/** The allowlist, as files of this tree. */
const ALLOWED = [
  'dist/client.js',
  'dist/server.js',
  'dist/cli.js',
  'package.json',
  'language-configuration.json',
  'images/icon.png',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  ...filesUnder('syntaxes'),
];

let zip: ZipFile;
let bytes: number;

before(() => {
  const vsix = vsixUnderTest('package');
  zip = new ZipFile(vsix.path);
  bytes = readFileSync(vsix.path).length;
  vsix.remove();
  console.log(`VSIX: ${(bytes / 1024).toFixed(1)} KiB, ${zip.entries.length} entries, ${vsix.origin}`);
});

void test('the VSIX holds exactly the allowlisted files', () => {
  const extensionFiles = zip.entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).sort();
  assert.deepEqual(extensionFiles, ALLOWED.map(archiveName).sort());
  const others = zip.entries.map((e) => e.name).filter((n) => !n.startsWith('extension/')).sort();
  assert.deepEqual(others, ['[Content_Types].xml', 'extension.vsixmanifest']);
});

void test('the VSIX is small and ships production bundles without sources', () => {
  assert.ok(bytes < MAX_VSIX_BYTES, `the VSIX is ${bytes} bytes, over ${MAX_VSIX_BYTES}`);
  for (const bundle of ['client', 'server', 'cli']) {
    const code = zip.read(`extension/dist/${bundle}.js`).toString('utf8');
    // An unminified esbuild bundle names each module it inlines in a `// core/src/….ts` comment.
    const modules = code.match(/^\/\/ (core|client|server|cli|node_modules)\/\S+$/gm) ?? [];
    assert.equal(modules.length, 0, `dist/${bundle}.js is not minified: ${modules.slice(0, 3).join(', ')}`);
    assert.ok(!code.includes('sourcesContent'), `dist/${bundle}.js embeds sources`);
  }
  assert.ok(zip.read('extension/images/icon.png').subarray(1, 4).toString('latin1') === 'PNG', 'images/icon.png is not a PNG');
});

void test('the packaged manifest is the repository manifest, complete for a Marketplace listing', () => {
  const packaged = JSON.parse(zip.read('extension/package.json').toString('utf8')) as Record<string, unknown>;
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(packaged.name, manifest.name);
  assert.equal(packaged.version, manifest.version);
  assert.deepEqual(packaged.contributes, manifest.contributes);
  for (const key of ['publisher', 'displayName', 'description', 'license', 'icon', 'repository', 'categories', 'keywords', 'engines', 'main']) {
    assert.ok(packaged[key] !== undefined && packaged[key] !== '', `package.json has no "${key}" (the Marketplace listing shows it)`);
  }
  assert.equal(packaged.main, './dist/client.js');
  const vsixManifest = zip.read('extension.vsixmanifest').toString('utf8');
  assert.match(vsixManifest, /<Asset Type="Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/images\/icon\.png"/);
  assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Content\.Details/, 'the listing has no details page (README.md)');
  assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Content\.Changelog/, 'the listing has no changelog (CHANGELOG.md)');
});
