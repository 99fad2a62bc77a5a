import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** What the HTTP parser refused before any route saw the request, by Node's error code. */
const CLIENT_ERRORS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: 'Request line or headers are too large (the URL with its query string included)' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, detail: 'The request was not received in time' },
  // Raw non-ASCII text in the URL (`?search=ООО` typed into curl): it must be percent-encoded.
  HPE_INVALID_URL: {
    status: 400,
    detail: 'The URL holds characters that must be percent-encoded (e.g. Cyrillic in a query: curl -G --data-urlencode "search=ООО")',
  },
};

/**
 * Fastify's `clientErrorHandler`: a request the HTTP parser refused (headers or URL over Node's 16 KiB,
 * malformed request line, timeout) is answered like every other error, JSON `{detail}`, instead of
 * Fastify's default `{error, message, statusCode}`; then the connection is closed (the parser cannot go on).
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, detail: 'Malformed HTTP request' };
  const body = JSON.stringify({ detail });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
