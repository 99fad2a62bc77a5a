/**
 * The PostgreSQL bus after its listening connection was lost: changes notified while nobody listened are
 * missed, so the bus tells the engine when it listens again, and the engine reads the followed tasks again.
 * Without it a task that ended during the gap (a sync finishing while PostgreSQL was coming back) left the
 * sockets following it waiting for good — the intermittent failure of test/hardening/postgresOutage.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PostgresBus } from './PostgresBus.js';
import { decodeBusMessage } from './BusOutbox.js';
import { TaskEngine, type BusHandlers, type Task, type TaskBus } from '../engine/index.js';
import { startTcpProxy } from '../../test/support/tcpProxy.js';
import { TEST_DATABASE_URL, shouldRunPostgres } from '../../test/support/postgres.js';
import { openTestSqlite } from '../../test/support/sqlite.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the engine after its bus reconnected', () => {
  it('delivers the newest state of every followed task, which changed while the bus was deaf', async () => {
    const storage = await openTestSqlite();
    let handlers: BusHandlers | null = null;
    const bus: TaskBus = {
      publish() {},
      publishCancel() {},
      async listen(h) {
        handlers = h;
      },
      async close() {},
    };
    const engine = new TaskEngine({ storage, bus, runTasks: false, heartbeatMs: 1000 });
    engine.defineTaskType({ type: 't', async handler() {} });
    await engine.start();
    cleanups.push(() => engine.stop(1000));
    const task = await engine.enqueue('t');
    const seen: Task[] = [];
    engine.subscribe(task.task_id, (t) => seen.push(t));
    // Another node ends the task; its announcement never arrives (the bus was down).
    const cancelled = await storage.tasks.requestCancel(task.task_id);
    expect(cancelled.status).toBe('cancelled');
    expect(seen).toEqual([]);

    handlers!.onReconnect!();
    await eventually(() => seen.length > 0, 'the followed task to be delivered');
    expect(seen).toEqual([expect.objectContaining({ task_id: task.task_id, status: 'cancelled', seq: cancelled.seq })]);
  });
});

describe.runIf(await shouldRunPostgres())('PostgresBus after a lost connection', () => {
  it('listens again and says so once (onReconnect), then hears the other nodes again', async () => {
    const url = new URL(TEST_DATABASE_URL);
    const proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    cleanups.push(() => proxy.close());
    const proxied = new URL(TEST_DATABASE_URL);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const namespace = `t${randomBytes(6).toString('hex')}`;
    const listening = new PostgresBus(proxied.toString(), namespace, () => {}, 2000);
    const sending = new PostgresBus(TEST_DATABASE_URL, namespace);
    cleanups.push(
      () => sending.close(),
      () => listening.close(),
    );
    const heard: string[] = [];
    let reconnects = 0;
    await listening.listen({
      onChange: (c) => heard.push('task' in c ? c.task.task_id : c.task_id),
      onCancel: () => {},
      onReconnect: () => reconnects++,
    });
    sending.publishCancel('x'); // any message: proves the first connection hears
    sending.publish({ task_id: 'before', seq: 1 } as Task);
    await eventually(() => heard.includes('before'), 'the first message');
    expect(reconnects).toBe(0);

    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 300)); // an outage longer than nothing: the bus must retry
    proxy.restore();
    await eventually(() => reconnects > 0, 'the bus to listen again');
    expect(reconnects).toBe(1);
    sending.publish({ task_id: 'after', seq: 1 } as Task);
    await eventually(() => heard.includes('after'), 'a message sent after the reconnection');
  });
});

describe.runIf(await shouldRunPostgres())('PostgresBus log hints', () => {
  it('carries "lines a..b of task X stored", merged per task within a turn, to the other nodes only', async () => {
    const namespace = `t${randomBytes(6).toString('hex')}`;
    const listening = new PostgresBus(TEST_DATABASE_URL, namespace);
    const sending = new PostgresBus(TEST_DATABASE_URL, namespace);
    cleanups.push(
      () => sending.close(),
      () => listening.close(),
    );
    const heard: [string, number, number][] = [];
    const ownHeard: unknown[] = [];
    const handlers = (into: unknown[]): BusHandlers => ({
      onChange: () => {},
      onCancel: () => {},
      onLogs: (id, from, to) => into.push([id, from, to]),
    });
    await listening.listen(handlers(heard));
    await sending.listen(handlers(ownHeard));
    sending.publishLogs('task-1', 1, 3);
    sending.publishLogs('task-1', 4, 5); // the same turn: one hint, the whole range
    sending.publishLogs('task-2', 7, 7);
    await eventually(() => heard.length >= 2, 'the hints');
    expect(heard).toEqual([
      ['task-1', 1, 5],
      ['task-2', 7, 7],
    ]);
    expect(ownHeard).toEqual([]);
  });

  it('drops a malformed hint', () => {
    expect(decodeBusMessage(JSON.stringify({ o: 'other', t: 'logs', id: 'x', a: '1', s: 2 }), 'me')).toBeNull();
    expect(decodeBusMessage(JSON.stringify({ o: 'other', t: 'logs', a: 1, s: 2 }), 'me')).toBeNull();
    expect(decodeBusMessage(JSON.stringify({ o: 'other', t: 'logs', id: 'x', a: 1, s: 2 }), 'me')).toMatchObject({ id: 'x', a: 1, s: 2 });
  });
});
