/**
 * Issue 9, item 11: a client that sends a body far over the limit (16 MiB against 1 MiB) must be able to read
 * the 413 `{detail}`: the server answers, then reads and discards the rest instead of resetting the connection
 * while the client still writes (the client then saw EPIPE/ECONNRESET and never the answer).
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../support/testServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** What a raw client saw: the bytes it read, the error its socket reported (if any) and how much it wrote. */
interface RawExchange {
  response: string;
  error: string | null;
  written: number;
}

/** Writes a request with a `size`-byte body over a real socket, honouring backpressure, and reads the answer to the end. */
function sendLargeBody(url: string, path: string, size: number, headers: Record<string, string> = {}): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let response = '';
    let error: string | null = null;
    let written = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => (error = err.code ?? err.message));
    socket.on('close', () => resolve({ response, error, written }));
    const head = Object.entries({ Host: 'localhost', 'Content-Type': 'application/json', 'Content-Length': String(size), ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    socket.write(`POST ${path} HTTP/1.1\r\n${head}\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (written < size && !socket.destroyed) {
        const n = Math.min(chunk.length, size - written);
        written += n;
        if (!socket.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          socket.once('drain', pump);
          return;
        }
      }
      // Everything sent: half-close, as a client that has nothing more to say does.
      if (!socket.destroyed) socket.end();
    };
    pump();
  });
}

describe('a 16 MiB body', () => {
  const size = 16 * 1024 * 1024;

  /** The status line, headers and parsed JSON body of a raw exchange, after checking that nothing was cut off. */
  const answerOf = (exchange: RawExchange) => {
    expect(exchange.error).toBeNull();
    expect(exchange.written).toBe(size);
    const [head, body] = exchange.response.split('\r\n\r\n');
    expect(head).toMatch(/\r\nconnection: close/i);
    return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head!)?.[1]), body: JSON.parse(body!) as unknown };
  };

  test.each([
    ['the log-in', '/api/v1/auth/login'],
    ['an unknown route', '/api/v1/nothing-here'],
  ])('sent to %s is answered 413 {detail} and the connection closes gracefully', async (_name, path) => {
    expect(answerOf(await sendLargeBody(server.url, path, size))).toEqual({ status: 413, body: { detail: 'Request body is too large' } });
  });

  test('sent with a token to a route that takes a body is answered 413 {detail}', async () => {
    const exchange = await sendLargeBody(server.url, '/api/v1/users', size, { Authorization: `Bearer ${server.admin.token}` });
    expect(answerOf(exchange)).toEqual({ status: 413, body: { detail: 'Request body is too large' } });
  });

  test('an answer given before the body is read (401 without a token) also reaches the client', async () => {
    const answer = answerOf(await sendLargeBody(server.url, '/api/v1/users', size));
    expect(answer.status).toBe(401);
    expect(answer.body).toHaveProperty('detail');
  });

  test('the server is still fine afterwards', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});
