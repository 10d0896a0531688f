// @ts-check
/**
 * `local/no-import-cycle`: a relative import that leads back, through other relative imports, to
 * the importing file. A stand-in for `import-x/no-cycle` (eslint-plugin-import-x is not installed
 * here); see eslint.config.mjs for the one line that switches to it.
 *
 * Only the project's own files count (relative specifiers resolved to `.ts`, `/index.ts`, `.mjs`).
 * Type-only imports count too: a circle of types still makes two modules one unit to read.
 * The graph is read once per lint run with TypeScript's parser; files are read from disk, so an
 * unsaved editor buffer is judged by its saved imports.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** @type {Map<string, string[]>} file → the project files it imports */
const graph = new Map();

/** @param {string} from @param {string} specifier */
function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`, `${base}.mjs`]) {
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.(ts|mjs)$/.test(candidate)) return candidate;
  }
  return undefined;
}

/** @param {string} file @returns {string[]} */
function importsOf(file) {
  let found = graph.get(file);
  if (found) return found;
  found = [];
  graph.set(file, found);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  for (const statement of source.statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
    const target = specifier === undefined ? undefined : resolveImport(file, specifier);
    if (target) found.push(target);
  }
  return found;
}

/** A path from `start` back to `goal`, or undefined. @param {string} start @param {string} goal */
function pathBack(start, goal) {
  /** @type {Map<string, string | undefined>} */
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const next of importsOf(file)) {
      if (next === goal) {
        const path = [];
        for (let at = /** @type {string | undefined} */ (file); at !== undefined; at = cameFrom.get(at)) path.unshift(at);
        return path;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative imports that lead back to the importing module.' },
    schema: [],
    messages: { cycle: 'Import circle: {{path}}.' },
  },
  create(context) {
    const file = resolve(context.filename);
    const root = context.cwd;
    /** @param {import('estree').ImportDeclaration | import('estree').ExportNamedDeclaration | import('estree').ExportAllDeclaration} node */
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== 'string') return;
      const target = resolveImport(file, specifier);
      if (target === undefined) return;
      const back = target === file ? [] : pathBack(target, file);
      if (back === undefined) return;
      const path = [file, ...back, file].map((f) => relative(root, f)).join(' → ');
      context.report({ node, messageId: 'cycle', data: { path } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};
