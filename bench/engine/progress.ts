import WebSocket from 'ws';
import { buildApp } from '../../src/api/index.js';
import { hashPassword, TokenService } from '../../src/auth/index.js';
import { isFinalStatus } from '../../src/engine/index.js';
import { createTaskcast, taskcastPlugin } from '../../src/taskcast/index.js';
import { dropLocation, freshLocation, openLocation } from './stores.js';

/** What (c) measures. */
export interface ProgressFigures {
  calls: number;
  nsPerCall: number;
  /** task_update messages a WebSocket client following the task received (snapshot and final included). */
  wsUpdates: number;
}

/**
 * (c) One task calling `progress()` `calls` times (yielding to the event loop every 10,000 calls, as a
 * real handler doing I/O would), with a WebSocket client of the real API following it: ns per call over
 * the loop, and how many updates reached the client.
 */
export async function measureProgress(kind: 'sqlite' | 'postgres', calls: number): Promise<ProgressFigures> {
  const loc = await freshLocation(kind);
  const storage = await openLocation(loc);
  const secret = 'b'.repeat(48);
  const taskcast = createTaskcast({
    storage,
    concurrency: 1,
    shutdownGraceMs: 1000,
    migrate: false,
    auth: { jwtSecret: secret, tokenTtlSeconds: 3600 },
  });
  const { engine } = taskcast;
  let loopNs = 0n;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  engine.defineTaskType({
    type: 'chatty',
    async handler(ctx) {
      await gate;
      for (let i = 1; i <= calls;) {
        const t0 = process.hrtime.bigint();
        const end = Math.min(calls, i + 9_999);
        for (; i <= end; i++) ctx.progress(i, 'working');
        loopNs += process.hrtime.bigint() - t0;
        await new Promise((r) => setImmediate(r));
      }
      return { calls };
    },
  });
  const tokens = new TokenService(secret, 3600);
  const user = await storage.users.insertUser({ username: 'bench', role: 'admin', password_hash: await hashPassword('benchbench') });
  const app = await buildApp({ storage, plugins: [(app) => app.register(taskcastPlugin, { taskcast })] });
  await taskcast.start();
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const task = await engine.enqueue('chatty', { total: calls });
  const ws = new WebSocket(
    `${url.replace('http', 'ws')}/api/v1/ws/tasks/${task.task_id}?token=${await tokens.issue({ id: user.id, username: 'bench', role: 'admin' })}`,
  );
  let updates = 0;
  const finished = new Promise<void>((resolve, reject) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; task: { status: 'completed' } };
      if (msg.type !== 'task_update') return;
      updates++;
      if (updates === 1) release();
      if (isFinalStatus(msg.task.status)) resolve();
    });
    ws.on('error', reject);
  });
  await finished;
  ws.close();
  await app.close();
  await taskcast.close();
  await storage.close();
  await dropLocation(loc);
  return { calls, nsPerCall: Number(loopNs) / calls, wsUpdates: updates };
}
