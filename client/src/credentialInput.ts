/**
 * What the credentials input box asks for and how its answer becomes `Credentials`. Pure module.
 *
 * One input box for every product, so that a write needs at most one prompt:
 * - InfluxDB 1.x: `username:password` (Basic auth; a 1.8 token is the same `user:password`);
 * - every other product: the API token.
 * An empty answer means "this server needs no authentication" (a local 1.x, or InfluxDB 3 Core
 * started without auth); Escape (undefined) means "do not write".
 */
import type { Product } from '../../core/src/products';
import type { Credentials } from '../../core/src/write/index';

export interface CredentialPrompt {
  readonly title: string;
  readonly prompt: string;
  readonly placeHolder: string;
}

/** The input box texts for a connection; `why` says why it is asked (e.g. after a 401). Names the origin, never a secret. */
export function credentialPrompt(product: Product, origin: string, connectionName: string, why?: string): CredentialPrompt {
  const lead = why === undefined ? '' : `${why} `;
  if (product === 'v1') {
    return {
      title: `InfluxDB credentials for '${connectionName}'`,
      prompt: `${lead}Username and password for ${origin}, as username:password. Kept in VS Code's secret storage, only ever sent to ${origin}. Leave empty if the server has authentication off.`,
      placeHolder: 'username:password',
    };
  }
  return {
    title: `InfluxDB token for '${connectionName}'`,
    prompt: `${lead}API token for ${origin} with write permission. Kept in VS Code's secret storage, only ever sent to ${origin}. Leave empty if the server needs no token.`,
    placeHolder: 'API token',
  };
}

/** The credentials an input box answer stands for; undefined when the answer cannot be used. */
export function credentialsFromInput(product: Product, input: string): Credentials | undefined {
  const text = input.trim();
  if (text === '') return { kind: 'none' };
  if (product !== 'v1') return /\s/.test(text) ? undefined : { kind: 'token', token: text };
  // The password is kept as typed (spaces included); the username cannot contain ':' in Basic auth.
  const colon = input.indexOf(':');
  const username = input.slice(0, colon).trim();
  if (colon < 0 || username === '') return undefined;
  return { kind: 'basic', username, password: input.slice(colon + 1) };
}

/** The input box's validation message, or undefined when the answer is usable. Never repeats the input. */
export function validateCredentialInput(product: Product, input: string): string | undefined {
  if (credentialsFromInput(product, input) !== undefined) return undefined;
  return product === 'v1'
    ? 'Give username:password (the username cannot be empty), or leave empty for no authentication.'
    : 'A token has no spaces: paste the token only.';
}
