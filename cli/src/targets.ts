/**
 * What `--target` may name: a product (whose parser and string limit apply) or a bare parser
 * target. `LP_TARGET` in the environment supplies the default.
 */
import type { ParseOptions } from '../../core/src/api';
import type { ParserTarget } from '../../core/src/model';
import { PRODUCTS, PROFILES, isProduct, type ProductProfile } from '../../core/src/products';
import { UsageError } from './args';

const PARSER_TARGETS: readonly ParserTarget[] = ['v3', 'v2', 'v1'];

export const TARGET_NAMES: readonly string[] = [...PRODUCTS, ...PARSER_TARGETS.filter((t) => !isProduct(t))];

/** The parser's own default when nothing is chosen: v3 with the Cloud string limit. */
export const DEFAULT_TARGET = 'v3';

export interface TargetChoice {
  /** As the user wrote it (or the default). */
  readonly name: string;
  readonly parse: ParseOptions;
  /** The product's profile; undefined for a bare parser target other than a product's name. */
  readonly profile: ProductProfile | undefined;
}

function isParserTarget(value: string): value is ParserTarget {
  return (PARSER_TARGETS as readonly string[]).includes(value);
}

/**
 * `v1` is both a product and a parser target: the product wins, which is the same parser.
 * `from` says where the name came from, for the message (`--target`, `LP_TARGET`).
 */
export function resolveTarget(command: string, name: string, from: string): TargetChoice {
  if (isProduct(name)) {
    const profile = PROFILES[name];
    return { name, parse: { target: profile.parser, stringLimit: profile.stringLimit }, profile };
  }
  if (isParserTarget(name)) return { name, parse: { target: name }, profile: undefined };
  throw new UsageError(
    `${command}: unknown target '${name}' (from ${from}). Use one of: ${TARGET_NAMES.join(', ')}.`,
  );
}

/** `--target` if given, else `LP_TARGET`, else the default. */
export function chooseTarget(
  command: string,
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): TargetChoice {
  if (option !== undefined) return resolveTarget(command, option, '--target');
  const fromEnv = env.LP_TARGET;
  if (fromEnv) return resolveTarget(command, fromEnv, 'the LP_TARGET environment variable');
  return resolveTarget(command, DEFAULT_TARGET, 'the default');
}
