/**
 * Hides secrets in a URL's query string before it is logged: access tokens that browsers must put there
 * (WebSocket URLs), and anything else a client may send as a credential. A parameter is judged by its
 * name as the server decodes it, so `?%74oken=…`, `?Access_Token=…` and `?pass+word=…` are redacted like
 * `?token=…`; the name itself is kept as it was written.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return isSecretName(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    })
    .join('&');
  return url.slice(0, q + 1) + redacted + (hash < 0 ? '' : url.slice(hash));
}

// Names that carry a credential wherever they appear in a parameter name (`token`, `access_token`,
// `x-api-key`, `client_secret`, `password`, `jwt`…), after decoding and without separators.
const SECRET_PART = /token|passw|secret|credential|apikey|privatekey|jwt|signature|session|cookie|authoriz/;
// Short names that are credentials only as the whole name (or its last word): `key`, `api_key`, `pwd`, `sig`.
const SECRET_WORD = /(^|[^a-z0-9])(key|pwd|pass|sig|auth|code)$/;

/** True when a (still percent-encoded) query parameter name names a secret. */
export function isSecretName(rawName: string): boolean {
  const name = decodeName(rawName).toLowerCase();
  return SECRET_PART.test(name.replace(/[^a-z0-9]/g, '')) || SECRET_WORD.test(name);
}

/** The name as a query-string parser reads it: `+` is a space, %XX sequences decoded where valid. */
function decodeName(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed sequence elsewhere in the name: decode the valid escapes one by one.
    return spaced.replace(/(%[0-9a-f]{2})+/gi, (seq) => {
      try {
        return decodeURIComponent(seq);
      } catch {
        return seq;
      }
    });
  }
}
