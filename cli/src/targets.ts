/**
 * What `--target` may name: a product (whose parser and string limit apply) or a bare parser
 * target. `LP_TARGET` in the environment supplies the default.
 *
 * `lp check` applies a product's rules (its analysis needs one): a bare parser target stands for
 * the product that runs that parser with its limits, so that the check never gets stricter or
 * looser about what the parser itself does: v3 is Cloud Serverless (the v3 parser with the 64KB
 * string limit, the editor's default target), v2 is OSS 2.x.
 */
import type { ParseOptions } from '../../core/src/api';
import type { ParserTarget } from '../../core/src/model';
import { PRODUCTS, PROFILES, isProduct, type Product, type ProductProfile } from '../../core/src/products';
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
  /** The product whose rules `lp check` applies: the product named, or the one a bare parser target stands for. */
  readonly rules: Product;
}

/** The product a bare parser target stands for in `lp check` (v1 is a product already). */
export const PARSER_TARGET_RULES: Readonly<Record<Exclude<ParserTarget, 'v1'>, Product>> = {
  v3: 'cloud-serverless',
  v2: 'oss-v2',
};

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
    return { name, parse: { target: profile.parser, stringLimit: profile.stringLimit }, profile, rules: name };
  }
  if (isParserTarget(name) && name !== 'v1') return { name, parse: { target: name }, profile: undefined, rules: PARSER_TARGET_RULES[name] };
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
