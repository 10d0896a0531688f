// @ts-check
// Flat ESLint config: type-aware rules for every TypeScript source and script; zero warnings
// allowed (`--max-warnings 0`). The import rules below are the project's boundaries (issue 11 §4).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { noImportCycle } from './scripts/eslint/noImportCycle.mjs';

/** Node's modules by either name (`node:fs`, `fs`): core is pure, only core/src/write/node/ may use them. */
const NODE_MODULES = {
  regex: `^(node:.*|(${builtinModules.filter((m) => !m.startsWith('_')).join('|')})(/.*)?)$`,
  message: 'core/ is pure: Node I/O goes under core/src/write/node/ and is injected.',
};
const EDITOR_MODULES = { group: ['vscode', 'vscode-*'], message: 'core/ has no editor or protocol dependency.' };
/** A relative import into another side of the project: `../../server/src/x` and the like. @param {string} name @param {string} message */
const side = (name, message) => ({ regex: `^(\\.\\.?/)+${name}/`, message });
const NOT_UP = [side('server', 'core/ is below the server: nothing points back up.'), side('client', 'core/ is below the client.'), side('cli', 'core/ is below the command line.'), side('protocol', 'core/ knows no editor protocol.')];
const NO_TEST_CODE = side('test', 'Scripts, benchmarks and support/ do not import test code: share helpers through support/.');

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.tsbuild/**', '.bench/**', '.test-artifacts/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.mjs'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { local: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      // No import circles (issue 11). With eslint-plugin-import-x installed, the one-line switch is
      // `'import-x/no-cycle': 'error'` (plugin `importX` from 'eslint-plugin-import-x') in place of this.
      'local/no-import-cycle': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // An async generator without await is how an array or a sync source becomes an AsyncIterable
      // (test sources, a text's batches); the rule flags each one (12 places) and finds no bug.
      '@typescript-eslint/require-await': 'off',
      // Passing on a caught error or an AbortSignal's reason unchanged is right: it may be any value.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // The .mjs scripts are type-checked (checkJs in tsconfig.json), which finds undefined names.
    // tsx's tsImport returns `any`: each call is cast to the module's type with a JSDoc cast, which
    // ESLint's tree cannot see (it drops the parentheses the cast lives in).
    files: ['**/*.mjs'],
    rules: { 'no-undef': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The server talks over stdio: a stray console.log would corrupt the protocol stream.
    files: ['server/src/**/*.ts', 'core/src/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Tests stringify protocol unions (a diagnostic's code or message, a request body) to assert on
    // them: a value of another shape fails the assertion, which is what a test should do.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // Functions passed to page.evaluate run in the browser, on DOM values; the Node-side tsconfig
    // has no DOM types, so they are `any` here.
    files: ['test/e2e/support/workbench.ts'],
    rules: { '@typescript-eslint/no-unsafe-call': 'off', '@typescript-eslint/no-unsafe-member-access': 'off', '@typescript-eslint/no-unsafe-return': 'off', '@typescript-eslint/no-unsafe-argument': 'off', '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The fuzz test swaps String.prototype's methods for counting ones and puts the originals back.
    files: ['test/core/fuzz.test.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // One job per module (issue 11): past 300 lines a module holds more than one. The hand-written
    // parsers read best as one file per grammar, and the benches as one file per figure.
    files: ['core/src/**/*.ts', 'server/src/**/*.ts', 'client/src/**/*.ts', 'cli/src/**/*.ts', 'protocol/src/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'support/**/*.ts'],
    ignores: ['core/src/parse/models.ts', 'core/src/parse/v3.ts'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  // Boundaries. Each side lists what it may not import; a later block for the same files replaces
  // the rule's options, so every block states the whole list for its files.
  {
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/write/node/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_MODULES, EDITOR_MODULES, ...NOT_UP] }] },
  },
  {
    files: ['core/src/write/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EDITOR_MODULES, ...NOT_UP] }] },
  },
  {
    // The shared protocol module depends only on vscode-languageserver-protocol.
    files: ['protocol/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [side('server', 'protocol/ is shared: it imports no side.'), side('client', 'protocol/ is shared: it imports no side.'), side('cli', 'protocol/ is shared: it imports no side.'), side('core', 'protocol/ is shared: it imports no side.')] }] },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [side('server', 'The client does not import server/: shared words live in protocol/src/protocol.ts.'), side('cli', 'The client does not import the command line.')] }] },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [side('client', 'The server does not import the client: shared words live in protocol/src/protocol.ts.'), side('cli', 'The server does not import the command line.')] }] },
  },
  {
    files: ['cli/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [side('server', 'The command line bundles core/, not the server.'), side('client', 'The command line does not import the client.')] }] },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'support/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_TEST_CODE] }] },
  },
);
