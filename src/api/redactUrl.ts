/** Hides access tokens that browsers must put in the query string (WebSocket URLs). */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/gi, '$1[redacted]');
}
