/**
 * What Taskcast logs goes to the logger given to createTaskcast — the sockets' warnings included, not the
 * application's `app.log` — and a made-up JWT secret is said out loud there.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openSocket } from '../../test/support/sockets.js';
import { openTestSqlite } from '../../test/support/sqlite.js';
import type { Logger } from '../engine/index.js';
import type { SqliteStorage } from '../store/index.js';
import { createTaskcast, taskcastPlugin, type Taskcast } from './index.js';

/** A logger keeping every line in memory. */
function memoryLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

let storage: SqliteStorage & { drop(): Promise<void> };
beforeAll(async () => {
  storage = await openTestSqlite();
});
afterAll(() => storage.drop());

describe('the JWT secret', () => {
  test('a random one (no auth.jwtSecret) is warned about', () => {
    const logger = memoryLogger();
    createTaskcast({ storage, logger });
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', obj: { option: 'auth.jwtSecret' } }));
  });

  test('a given one, or none needed (resolveCaller), is not', () => {
    const logger = memoryLogger();
    createTaskcast({ storage, logger, auth: { jwtSecret: 's'.repeat(40) } });
    createTaskcast({ storage, logger, auth: { resolveCaller: () => null, allowedOrigins: [] } });
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });
});

describe('the sockets', () => {
  let taskcast: Taskcast<SqliteStorage>;
  let app: FastifyInstance;
  let base: string;
  const logger = memoryLogger();

  beforeAll(async () => {
    taskcast = createTaskcast({
      storage,
      logger,
      shutdownGraceMs: 0,
      sockets: { messagesPerSecond: 1 },
      auth: { resolveCaller: () => ({ id: 1, username: 'ann', role: 'user' }), allowedOrigins: '*' },
    });
    // The application's own logger logs nothing: what Taskcast logs must not depend on it.
    app = Fastify({ logger: false });
    await app.register(taskcastPlugin, { taskcast });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await taskcast?.close();
  });

  test('a client sending too many messages is closed, and that is logged through the Taskcast logger', async () => {
    const socket = await openSocket(`${base.replace('http', 'ws')}/api/v1/ws/tasks`);
    const closed = new Promise<number>((resolve) => socket.ws.once('close', (code: number) => resolve(code)));
    // A burst of twice the rate is allowed: the third message in a moment is one too many.
    for (let i = 0; i < 3 && socket.ws.readyState === WebSocket.OPEN; i++) socket.send({ type: 'ping' });
    expect(await closed).toBe(1008);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'websocket client sends too many messages, closed', obj: { user_id: 1 } }),
    );
  });
});
