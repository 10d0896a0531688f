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

/** C0 controls and DEL: no HTTP header can carry them (a line break in a token once broke every request and was printed in full). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Why these credentials cannot be used, or undefined. Never repeats the secret: it names the
 * kind of credential and the fix only.
 */
export function credentialProblem(credentials: Credentials): string | undefined {
  switch (credentials.kind) {
    case 'token':
      return CONTROL.test(credentials.token) ? 'The token contains a control character (a line break, tab or similar), which an HTTP header cannot carry: paste the token alone, on one line.' : undefined;
    case 'basic':
      return CONTROL.test(credentials.username) || CONTROL.test(credentials.password)
        ? 'The username or password contains a control character (a line break, tab or similar), which an HTTP header cannot carry: type them again, on one line.'
        : undefined;
    case 'none':
      return undefined;
  }
}

/** The credentials an input box answer stands for; undefined when the answer cannot be used. */
export function credentialsFromInput(product: Product, input: string): Credentials | undefined {
  if (CONTROL.test(input)) return undefined;
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
  if (CONTROL.test(input)) return 'This contains a control character (a line break, tab or similar), which an HTTP header cannot carry: paste it again, on one line.';
  return product === 'v1'
    ? 'Give username:password (the username cannot be empty), or leave empty for no authentication.'
    : 'A token has no spaces: paste the token only.';
}
