/**
 * Credentials never reach an output: a check that refuses credentials a header cannot carry
 * (before anything is sent, with a message that does not contain them), and a scrub applied to
 * every text the pipeline puts in a report, a log entry or a progress event. Error texts come from
 * places we do not control (Node's `Headers.append: "Bearer …" is an invalid header value`, a
 * server echoing a header), so the scrub runs on all of them rather than trusting each source.
 */
import type { Credentials } from './types';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

/** Secrets shorter than this are replaced only where they stand alone (not inside a word). */
const SHORT = 6;

/** What replaces a credential in a text. */
export const REDACTED = '[redacted]';

/**
 * Undefined when the credentials can travel in an Authorization header; otherwise a message
 * naming which credential is at fault and what to do, without any of its characters.
 */
export function credentialProblem(credentials: Credentials): string | undefined {
  const bad = (what: string): string =>
    `The ${what} contains a control character (such as a line break or a tab, often picked up when copying it), which an HTTP header cannot carry. Nothing was sent: set the ${what} again without it.`;
  switch (credentials.kind) {
    case 'none':
      return undefined;
    case 'token':
      return CONTROL.test(credentials.token) ? bad('token') : undefined;
    case 'basic':
      if (CONTROL.test(credentials.username)) return bad('username');
      return CONTROL.test(credentials.password) ? bad('password') : undefined;
  }
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Removes every credential it was given from texts, in the forms they can appear in. */
export class Scrubber {
  private readonly secrets = new Set<string>();

  add(credentials: Credentials): void {
    const values =
      credentials.kind === 'token'
        ? [credentials.token]
        : credentials.kind === 'basic'
          ? [credentials.password, base64Utf8(`${credentials.username}:${credentials.password}`)]
          : [];
    for (const value of values) {
      if (value.length === 0) continue;
      this.secrets.add(value);
      // As JSON or a message may escape it (a line break as \n), and each piece between control
      // characters on its own (a message may quote only one line of it).
      this.secrets.add(JSON.stringify(value).slice(1, -1));
      // eslint-disable-next-line no-control-regex
      for (const piece of value.split(/[\x00-\x1f\x7f]+/)) if (piece.length >= 4) this.secrets.add(piece);
    }
  }

  scrub(text: string): string {
    let out = text;
    // Longest first, so that a piece does not leave the rest of a longer form behind.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (!out.includes(secret)) continue;
      if (secret.length >= SHORT) out = out.split(secret).join(REDACTED);
      // A very short secret (a test password "pw") also occurs inside ordinary words: replace it
      // where it stands alone, so that messages stay readable and the secret still goes.
      else out = out.replace(new RegExp(`(?<![A-Za-z0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'), REDACTED);
    }
    return out;
  }
}
