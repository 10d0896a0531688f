/**
 * The one check of a server URL as the user typed it. The write endpoint (ConnectionError) and the
 * client's credential origin (OriginError) both use it, so a bad URL gets the same message wherever
 * it is caught. Pure: it returns the problem and each caller throws its own error.
 */

export type ServerUrlCheck =
  | { readonly ok: true; readonly url: URL }
  | { readonly ok: false; readonly message: string };

const EXAMPLES = 'http://localhost:8086 or https://eu-central-1-1.aws.cloud2.influxdata.com';

/**
 * The URL as typed, safe to put in a message. A URL that failed a check may still carry a secret, so
 * whatever comes before its last '@' (a user:password) is cut out, and so are the query and fragment
 * (a ?token=…). This works on the text, so it also covers text that does not parse as a URL.
 */
export function shownUrl(text: string): string {
  const at = text.lastIndexOf('@');
  let shown = text;
  if (at >= 0) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
    shown = `${scheme}…@${text.slice(at + 1)}`;
  }
  const query = shown.search(/[?#]/);
  return query < 0 ? shown : `${shown.slice(0, query)}?…`;
}

/** Parses a server URL: absolute, http or https, with a host and without user:password@. */
export function checkServerUrl(text: string): ServerUrlCheck {
  const shown = shownUrl(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `The server URL '${shown}' is not a valid URL: give the server's address, e.g. ${EXAMPLES}.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    // Name the scheme only when it is visible in the shown text: in `user:pw@host` the parser's
    // "scheme" is the user name, which shownUrl left out.
    const startsWith = shown.toLowerCase().startsWith(url.protocol) ? ` (it starts with '${url.protocol}')` : '';
    return { ok: false, message: `The server URL '${shown}' must start with http:// or https://${startsWith}: give e.g. ${EXAMPLES}.` };
  }
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      message: `The server URL '${shown}' contains user:password@: remove it from the URL: credentials are given separately (a token, or a username and password), so they stay out of settings and logs.`,
    };
  }
  // The parser already refuses http(s) without a host; checked anyway so an origin always has one.
  if (url.hostname === '') return { ok: false, message: `The server URL '${shown}' names no host: give e.g. ${EXAMPLES}.` };
  return { ok: true, url };
}
