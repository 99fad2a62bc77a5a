/**
 * Test helpers for the 1C side: a plain GET with optional Basic auth that keeps the raw bytes, so tests can look
 * at what the simulator really sent (a BOM, a status, a text body) without going through the client, and a JSON
 * request to the simulator's admin API.
 */

/** What rawGet returns. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  /** True when the body starts with a UTF-8 BOM. */
  bom: boolean;
  /** Body as text, without the BOM. */
  text: string;
  /** Body parsed as JSON, undefined when it is not JSON. */
  json: unknown;
}

/** GETs `url`, sending Basic credentials (UTF-8) when given. */
export async function rawGet(url: string, credentials?: { user: string; password: string }): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  if (credentials) headers.Authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
  const response = await fetch(url, { headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = bytes.subarray(bom ? 3 : 0).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, bom, text, json };
}

/** Sends JSON to the simulator's admin API and returns status and parsed body. */
export async function adminRequest(url: string, method: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}
