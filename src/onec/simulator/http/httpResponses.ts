// Writing answers and reading request bodies with node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UTF8_BOM, makeODataErrorBody } from '../../wire/index.js';

/** Sends a body with a content type. */
export function sendBody(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Sends JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendBody(res, status, 'application/json;charset=utf-8', JSON.stringify(body));
}

/** Sends an odata.error body prefixed with a UTF-8 BOM, as real 1C may. */
export function sendODataError(res: ServerResponse, status: number, code: string, message: string): void {
  sendBody(res, status, 'application/json;charset=utf-8', UTF8_BOM + JSON.stringify(makeODataErrorBody(code, message)));
}

/** The HTML page nginx sends when the upstream (1C's web server) fails. */
export function sendBadGatewayPage(res: ServerResponse): void {
  const page =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
    '<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';
  sendBody(res, 502, 'text/html', page);
}

/** The HTML 503 Apache in front of 1C sends while the base is closed (an update, a restart), with its Retry-After. */
export function sendUnavailablePage(res: ServerResponse, headers: Record<string, string>): void {
  const page =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n<html><head>\r\n<title>503 Service Unavailable</title>\r\n</head><body>\r\n' +
    '<h1>Service Unavailable</h1>\r\n<p>The server is temporarily unable to service your request.</p>\r\n</body></html>\r\n';
  sendBody(res, 503, 'text/html; charset=iso-8859-1', page, headers);
}

/** The HTML 404 IIS sends when request filtering finds the query string too long (maxQueryString, 2048 by default). */
export function sendQueryTooLongPage(res: ServerResponse): void {
  const page =
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>IIS 10.0 Detailed Error - 404.15 - Not Found</title></head>\r\n' +
    '<body><div id="content"><h3>HTTP Error 404.15 - Not Found</h3>\r\n' +
    '<h4>The request filtering module is configured to deny a request where the query string is too long.</h4></div></body></html>\r\n';
  sendBody(res, 404, 'text/html', page);
}

/** Reads a JSON request body of at most `limit` bytes; an empty body reads as {}. */
export async function readJsonBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new SyntaxError(`тело запроса больше ${limit} байт`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}
