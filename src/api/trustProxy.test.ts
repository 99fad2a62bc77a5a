/**
 * TASKCAST_TRUST_PROXY (issue 13): behind a trusted reverse proxy the client's address — for the per-address log-in
 * limit and the socket upgrades per address — is the one X-Forwarded-For names; without the setting the header is
 * ignored, so a client sending it cannot escape the limits. Real server, real HTTP and WebSocket upgrades (the test
 * client on 127.0.0.1 plays the proxy).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { api, type ApiResponse } from '../../test/support/http.js';
import { startTestServer, type TestServer } from '../../test/support/testServer.js';

const loginFrom = (server: TestServer, forwardedFor: string): Promise<ApiResponse> =>
  api(server).request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username: `guess-${forwardedFor}-${Math.random()}`, password: 'wrong' }),
  });

/** The HTTP status an upgrade gets (101 when accepted); no token, so an upgrade past the address limit is 429, else 401. */
function upgradeStatus(server: TestServer, forwardedFor: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.wsUrl}/api/v1/ws/tasks`, { headers: { 'x-forwarded-for': forwardedFor } });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => reject(err));
  });
}

const LIMITS = {
  login: { maxFailures: 1_000_000, maxFailuresPerAddress: 2, lockBaseMs: 60_000 },
  sockets: { upgradesPerMinute: 2 },
};

describe('with TASKCAST_TRUST_PROXY naming the proxy (127.0.0.1)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...LIMITS, trustProxy: ['127.0.0.1'] });
  });
  afterAll(() => server.close());

  test('log-in failures count per forwarded client: one client locked, another through the same proxy not', async () => {
    for (let i = 0; i < 2; i++) expect((await loginFrom(server, '203.0.113.7')).status).toBe(401);
    expect((await loginFrom(server, '203.0.113.7')).status).toBe(429);
    expect((await loginFrom(server, '198.51.100.9')).status).toBe(401);
    // A client's own X-Forwarded-For before the proxy's: the proxy appends the peer it saw, which decides.
    expect((await loginFrom(server, '198.51.100.9, 203.0.113.7')).status).toBe(429);
  });

  test('socket upgrades count per forwarded client', async () => {
    for (let i = 0; i < 2; i++) expect(await upgradeStatus(server, '203.0.113.8')).toBe(401);
    expect(await upgradeStatus(server, '203.0.113.8')).toBe(429);
    expect(await upgradeStatus(server, '198.51.100.10')).toBe(401);
  });
});

describe('without it (the default), X-Forwarded-For is ignored', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(LIMITS);
  });
  afterAll(() => server.close());

  test('log-in: a new address in the header does not escape the per-address lock', async () => {
    for (let i = 0; i < 2; i++) expect((await loginFrom(server, `203.0.113.${i}`)).status).toBe(401);
    expect((await loginFrom(server, '198.51.100.1')).status).toBe(429);
  });

  test('socket upgrades: a new address in the header does not escape the per-address limit', async () => {
    for (let i = 0; i < 2; i++) expect(await upgradeStatus(server, `203.0.113.${i}`)).toBe(401);
    expect(await upgradeStatus(server, '198.51.100.1')).toBe(429);
  });
});

describe('a proxy that is not trusted', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ ...LIMITS, trustProxy: ['10.0.0.0/8'] });
  });
  afterAll(() => server.close());

  test('its header is ignored: the peer (127.0.0.1, not in 10.0.0.0/8) is the client', async () => {
    for (let i = 0; i < 2; i++) expect(await upgradeStatus(server, `203.0.113.${i}`)).toBe(401);
    expect(await upgradeStatus(server, '198.51.100.1')).toBe(429);
  });
});
