// HTTP Basic check. Credentials are decoded as UTF-8, so Cyrillic logins work as with 1C (inferred).

/** Credentials the simulator accepts; null accepts any request. */
export interface Credentials {
  user: string;
  password: string;
}

/** True when the Authorization header carries exactly these credentials (or when none are configured). */
export function checkBasicAuth(header: string | undefined, credentials: Credentials | null): boolean {
  if (credentials === null) return true;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  return decoded.slice(0, colon) === credentials.user && decoded.slice(colon + 1) === credentials.password;
}

/** The user name of a Basic Authorization header, '' when there is none. */
export function basicAuthUser(header: string | undefined): string {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return '';
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '' : decoded.slice(0, colon);
}
