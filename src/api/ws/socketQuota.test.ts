/**
 * Issue 13 on a real server and real sockets: open sockets per user (TASKCAST_WS_MAX_PER_USER) and upgrades per
 * client address per minute (TASKCAST_WS_UPGRADES_PER_MIN), each refused with HTTP 429 and Retry-After.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { openSocket, UpgradeRefused, type TestSocket } from '../../../test/support/sockets.js';
import { startTestServer, type TestServer } from '../../../test/support/testServer.js';

/** The refusal of an upgrade that was expected to fail. */
async function refusal(url: string): Promise<UpgradeRefused> {
  try {
    const s = await openSocket(url);
    await s.close();
  } catch (err) {
    if (err instanceof UpgradeRefused) return err;
    throw err;
  }
  throw new Error(`the upgrade to ${url} was accepted`);
}

const open: TestSocket[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

describe('open sockets per user: 20', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine: { runTasks: false }, sockets: { maxPerUser: 20 } });
  });
  afterAll(() => server.close());
  const socketOf = (token: string) => `${server.wsUrl}/api/v1/ws/tasks?token=${token}`;

  test('the 21st socket of a user is refused with 429; another user is not; a closed socket gives its place back', async () => {
    for (let i = 0; i < 20; i++) open.push(await openSocket(socketOf(server.user.token)));
    const refused = await refusal(socketOf(server.user.token));
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ detail: 'This user already has 20 sockets open' });
    expect(refused.headers['retry-after']).toBe('1');
    // Another user is not counted with the first.
    open.push(await openSocket(socketOf(server.user2.token)));
    // One closed: its place is free again (given back when the server sees the connection end).
    await open.shift()!.close();
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        open.push(await openSocket(socketOf(server.user.token)));
        break;
      } catch (err) {
        if (!(err instanceof UpgradeRefused) || Date.now() > deadline) throw err;
      }
    }
    expect((await refusal(socketOf(server.user.token))).status).toBe(429);
  });
});

describe('upgrades per client address: 5 per minute', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ engine: { runTasks: false }, sockets: { upgradesPerMinute: 5 } });
  });
  afterAll(() => server.close());

  test('the 6th upgrade within the minute is refused with 429 and Retry-After, before the token is even read', async () => {
    const url = `${server.wsUrl}/api/v1/ws/tasks?token=${server.admin.token}`;
    for (let i = 0; i < 5; i++) {
      const s = await openSocket(url);
      await s.close();
    }
    const refused = await refusal(url);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ detail: 'More than 5 socket upgrades per minute from this address' });
    // One upgrade every 12 s: the next is at most that far.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    // Counted per address, whoever asks: a bad token is refused for the rate, not the token.
    expect((await refusal(`${server.wsUrl}/api/v1/ws/tasks?token=bad`)).status).toBe(429);
  });
});
