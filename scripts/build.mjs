// @ts-check
// Bundles every entry point (extension client, language server, command line) into dist/ with esbuild.
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Entry points that exist so far; a missing one is skipped with a note, so partial trees still build. */
const entries = [
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/main.ts', out: 'server' },
  { in: 'cli/src/main.ts', out: 'cli', banner: '#!/usr/bin/env node' },
].filter((e) => {
  if (existsSync(e.in)) return true;
  console.warn(`build: ${e.in} does not exist yet, skipped`);
  return false;
});

/** Prints build problems in the shape VS Code's esbuild problem matcher expects. @type {esbuild.Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onEnd((result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}: ${text}`);
      }
      if (watch) console.log(`[watch] build finished: ${result.errors.length} errors`);
    });
  },
};

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      entryPoints: { [e.out]: e.in },
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      outdir: 'dist',
      external: ['vscode'],
      sourcemap: true,
      sourcesContent: false,
      minify: production,
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
      logOverride: { 'import-is-undefined': 'error' },
      plugins: [problemMatcher],
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) process.exit(1);
}
