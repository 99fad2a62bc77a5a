// HTTP Basic credentials. 1C decodes them as UTF-8, so Cyrillic logins must be encoded as UTF-8 before base64
// (the default latin1 of older clients garbles them).

/** The Authorization header value for `user`/`password`, UTF-8 before base64. */
export function basicAuthHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
