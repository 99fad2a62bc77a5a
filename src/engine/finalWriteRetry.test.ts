/**
 * A task's final write (completed, failed, cancelled) that fails for a transient reason — a dropped
 * PostgreSQL connection, SQLite busy beyond its timeout — is retried, so the handler's outcome lands within
 * moments of the database answering again instead of after the lease expires. A refusal (the task ended
 * elsewhere) is not retried. Real databases throughout; the leases are long so the reaper cannot be what
 * ends the tasks.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isFinalStatus, TaskEngine, type Json, type Logger, type Task, type TaskContext } from './index.js';
import { type Storage, openPostgres } from '../store/index.js';
import { shouldRunPostgres, TEST_DATABASE_URL } from '../../test/support/postgres.js';
import { openTestSqlite } from '../../test/support/sqlite.js';

/** Far longer than any test here: a task that ends did not end through lease expiry. */
const LEASE_MS = 60_000;
/** Written into every payload; no log line may contain it. */
const SECRET = `payload-${randomBytes(4).toString('hex')}`;

interface LogLine {
  level: keyof Logger;
  msg: string;
  obj: Record<string, unknown>;
}

/** A logger that keeps every line. */
function recordingLogger(): Logger & { lines: LogLine[]; retries: (taskId: string) => LogLine[] } {
  const lines: LogLine[] = [];
  function at(level: keyof Logger) {
    return (obj: object, msg = '') => void lines.push({ level, msg, obj: obj as Record<string, unknown> });
  }
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    retries: (taskId) => lines.filter((l) => l.obj.task_id === taskId && l.msg.endsWith('retrying')),
  };
}

/** The first final state the engine publishes, and when (subscribe before enqueueing: one task per test). */
function finalPublished(engine: TaskEngine, timeoutMs = 10_000): Promise<{ task: Task; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no final state published within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = engine.subscribeAll((task) => {
      if (!isFinalStatus(task.status)) return;
      clearTimeout(timer);
      off();
      resolve({ task, at: Date.now() });
    });
  });
}

const engines: TaskEngine[] = [];
const cleanups: (() => Promise<void>)[] = [];

function newEngine(storage: Storage, logger: Logger): TaskEngine {
  // Progress is written by the final write only (long interval), and no heartbeat runs during a test.
  const engine = new TaskEngine({ storage, logger, leaseMs: LEASE_MS, heartbeatMs: LEASE_MS, progressIntervalMs: LEASE_MS });
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  for (const e of engines.splice(0)) await e.stop(1000);
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('final writes on SQLite', () => {
  async function sqlite() {
    // A write waiting for the lock gives up (SQLITE_BUSY) after 20 ms, and the store does not retry it
    // itself (lockWaitMs 0): what is tested here is the engine's own retry of a final write.
    const storage = await openTestSqlite(undefined, { busyTimeoutMs: 20, lockWaitMs: 0 });
    cleanups.push(() => storage.drop());
    return storage;
  }

  /** Another connection takes the write lock and lets it go after `ms`; resolves with the release time. */
  function holdWriteLock(file: string, ms: number): Promise<number> {
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    return new Promise((resolve) =>
      setTimeout(() => {
        other.exec('ROLLBACK');
        other.close();
        resolve(Date.now());
      }, ms),
    );
  }

  const endings: { outcome: string; end: (ctx: TaskContext) => Promise<Json>; expected: Partial<Task> }[] = [
    { outcome: 'completed', end: () => Promise.resolve({ sum: 42 }), expected: { status: 'completed', result: { sum: 42 }, error: null } },
    {
      outcome: 'failed',
      end: () => Promise.reject(new Error('1С недоступна')),
      expected: { status: 'failed', result: null, error: '1С недоступна' },
    },
    {
      outcome: 'cancelled',
      end: (ctx) => Promise.resolve().then(() => (ctx.throwIfCancelled(), null)),
      expected: { status: 'cancelled', result: null, error: null, cancel_requested: true },
    },
  ];

  for (const { outcome, end, expected } of endings) {
    it(`records a task as ${outcome} once the database is no longer busy (SQLITE_BUSY is retried)`, async () => {
      const storage = await sqlite();
      const logger = recordingLogger();
      const engine = newEngine(storage, logger);
      let released: Promise<number> | undefined;
      engine.defineTaskType({
        type: 'busy_end',
        async handler(ctx) {
          ctx.progress(5, 'пять');
          if (outcome === 'cancelled') await engine.cancelTask(ctx.taskId);
          // The database turns busy just as the handler ends: its final write meets the lock.
          released = holdWriteLock(join(storage.dir, 'taskcast.db'), 300);
          return end(ctx);
        },
      });
      await engine.start();
      const final = finalPublished(engine);
      const t = await engine.enqueue('busy_end', { payload: { secret: SECRET }, total: 10 });
      const { task: done, at } = await final;
      const backAt = await released!;

      expect(done).toMatchObject({ ...expected, task_id: t.task_id, processed: 5, message: 'пять', total: 10, attempt: 1 });
      expect(await engine.getTask(t.task_id)).toEqual(done);
      expect(at - backAt).toBeLessThan(1_500);
      const retries = logger.retries(t.task_id);
      expect(retries.length).toBeGreaterThan(0);
      for (const r of retries) {
        expect(r.level).toBe('warn');
        expect(String(r.obj.err)).toMatch(/database is locked/);
      }
      expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
    });
  }

  it('does not retry a refused completion (the task was ended elsewhere) and publishes what the store holds', async () => {
    const storage = await sqlite();
    const logger = recordingLogger();
    const engine = newEngine(storage, logger);
    const completeTasks = vi.spyOn(storage.tasks, 'completeTasks');
    engine.defineTaskType({
      type: 'ended_elsewhere',
      async handler(ctx) {
        ctx.progress(3);
        // Another process (an operator, a reaper) ends this attempt while the handler still runs.
        await storage.tasks.failTask(ctx.taskId, 'ended elsewhere', {}, ctx.attempt);
        return { late: true };
      },
    });
    await engine.start();
    // The engine's answer to the refusal: it reads the task back and publishes it.
    const final = finalPublished(engine);
    const t = await engine.enqueue('ended_elsewhere');
    const { task: done } = await final;

    expect(done).toMatchObject({ task_id: t.task_id, status: 'failed', error: 'ended elsewhere', result: null, processed: 0 });
    expect(await engine.getTask(t.task_id)).toEqual(done);
    expect(completeTasks).toHaveBeenCalledTimes(1);
    expect(logger.retries(t.task_id)).toEqual([]);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'could not record task as completed' }));
  });

  it('stops retrying when the engine stops, and returns what the store holds (the lease reaper ends the task)', async () => {
    const storage = await sqlite();
    const logger = recordingLogger();
    const engine = newEngine(storage, logger);
    const t = await engine.createTask({ task_type: 'manual' });
    const other = new Database(join(storage.dir, 'taskcast.db'));
    cleanups.push(async () => void other.close());
    const run = engine.runAsyncTask(t.task_id, () => {
      other.exec('BEGIN IMMEDIATE'); // busy until the end of the test
      return { sum: 1 };
    });
    await vi.waitFor(() => expect(logger.retries(t.task_id).length).toBeGreaterThan(0));
    const stopping = Date.now();
    await engine.stop(100);
    const final = await run;

    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(final).toMatchObject({ task_id: t.task_id, status: 'running', result: null });
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'could not record task as completed' }));
  });
});

describe.runIf(await shouldRunPostgres())('final writes on PostgreSQL', () => {
  it('completes a task whose final write lost its connection, within a second of the database answering again', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const app = `taskcast_${schema}`;
    const storage = openPostgres({ url: TEST_DATABASE_URL, schema, pollIntervalMs: 200, applicationName: app });
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    const killer = new pg.Client({ connectionString: TEST_DATABASE_URL });
    cleanups.push(async () => {
      await storage.close();
      await locker.end().catch(() => {});
      await killer.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await killer.end();
    });
    await Promise.all([locker.connect(), killer.connect()]);
    await storage.migrate();

    // Terminates every connection of the engine each time one of them waits for the task's row (its final
    // write), `times` times; then lets the row go and resolves with that moment. Killing idle connections
    // alone would prove little: the pool notices and the final write gets a fresh connection.
    const terminateFinalWrites = async (times: number): Promise<number> => {
      const until = Date.now() + 10_000;
      for (let killed = 0; killed < times;) {
        if (Date.now() > until) throw new Error(`the final write waited for the row ${killed} times, not ${times}`);
        const waiting = await killer.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [
          app,
        ]);
        if (waiting.rows.length === 0) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        const { rows } = await killer.query<{ pid: number }>(
          'SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
          [app],
        );
        // Wait until they are gone, so a dying backend is not taken for the next attempt.
        const pids = rows.map((r) => r.pid);
        while ((await killer.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1)', [pids])).rows.length > 0) {
          await new Promise((r) => setTimeout(r, 5));
        }
        killed++;
      }
      await locker.query('ROLLBACK');
      return Date.now();
    };

    const logger = recordingLogger();
    const engine = newEngine(storage, logger);
    let back: Promise<number> | undefined;
    engine.defineTaskType({
      type: 'connection_lost',
      async handler(ctx) {
        ctx.progress(7, 'семь');
        // The progress write goes first: on a loaded machine it could otherwise reach the row after the lock, take
        // one of the kills meant for the final write and hold the final write back behind it.
        const stored = async () => {
          const { rows } = await killer.query<{ processed: string }>(`SELECT processed FROM ${schema}.tasks WHERE task_id = $1`, [
            ctx.taskId,
          ]);
          return rows[0]?.processed === '7'; // int8 as text: a plain client
        };
        while (!(await stored())) await new Promise((r) => setTimeout(r, 5));
        await locker.query('BEGIN');
        await locker.query(`SELECT 1 FROM ${schema}.tasks WHERE task_id = $1 FOR UPDATE`, [ctx.taskId]);
        back = terminateFinalWrites(3);
        back.catch(() => {}); // awaited by the test
        return { sum: 42 };
      },
    });
    await engine.start();
    const final = finalPublished(engine);
    const enqueuedAt = Date.now();
    const t = await engine.enqueue('connection_lost', { payload: { secret: SECRET }, total: 7 });
    const { task: done, at } = await final;
    const backAt = await back!;

    expect(done).toMatchObject({
      task_id: t.task_id,
      status: 'completed',
      result: { sum: 42 },
      processed: 7,
      message: 'семь',
      progress: 100,
      attempt: 1,
    });
    expect(await engine.getTask(t.task_id)).toEqual(done);
    expect(at - backAt).toBeLessThan(1_500);
    expect(at - enqueuedAt).toBeLessThan(LEASE_MS / 10);
    const retries = logger.retries(t.task_id);
    expect(retries.length).toBeGreaterThanOrEqual(3);
    for (const r of retries) {
      expect(r.level).toBe('warn');
      expect(String(r.obj.err)).toMatch(/terminat/i);
    }
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
  });
});

describe('results that cannot be stored', () => {
  it('fails a task whose handler returns what JSON cannot hold (a BigInt), with the reason, at once', async () => {
    const storage = await openTestSqlite();
    cleanups.push(() => storage.drop());
    const logger = recordingLogger();
    const engine = newEngine(storage, logger);
    engine.defineTaskType({ type: 'bigint', handler: () => ({ total: 10n }) as unknown as Json });
    await engine.start();
    const final = finalPublished(engine);
    const t = await engine.enqueue('bigint');
    const { task } = await final;
    expect(task).toMatchObject({ task_id: t.task_id, status: 'failed', result: null });
    expect(task.error).toMatch(/^Результат задачи не удалось сохранить: .*BigInt/);
    expect(await engine.getTask(t.task_id)).toEqual(task);
    expect(logger.retries(t.task_id)).toEqual([]);
  });
});

describe.runIf(await shouldRunPostgres())('results PostgreSQL refuses', () => {
  it('fails only the task whose result PostgreSQL refuses (\\u0000), and completes the rest of its batch', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const storage = openPostgres({ url: TEST_DATABASE_URL, schema });
    cleanups.push(async () => {
      await storage.close();
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    });
    await storage.migrate();
    const logger = recordingLogger();
    const engine = newEngine(storage, logger);
    engine.defineTaskType<{ i: number }>({
      type: 'text_result',
      handler: (ctx) => ({ text: ctx.payload.i === 3 ? 'нуль\u0000байт' : `строка ${ctx.payload.i}` }),
    });
    // Enqueued before the runner starts, so the first claim takes all eight and their completions share a batch.
    const tasks = await engine.enqueueMany(
      'text_result',
      Array.from({ length: 8 }, (_, i) => ({ payload: { i } })),
    );
    const started = Date.now();
    await engine.start();
    const ended = await Promise.all(
      tasks.map(
        (t) =>
          new Promise<Task>((resolve) => {
            const check = async () => {
              const now = await engine.getTask(t.task_id);
              if (now && isFinalStatus(now.status)) resolve(now);
              else setTimeout(check, 20);
            };
            void check();
          }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    ended.forEach((task, i) => {
      if (i === 3) {
        expect(task).toMatchObject({ status: 'failed', result: null });
        expect(task.error).toMatch(/^Результат задачи не удалось сохранить: unsupported Unicode escape sequence \(.*\\u0000/);
      } else {
        expect(task).toMatchObject({ status: 'completed', result: { text: `строка ${i}` } });
      }
    });
    expect(logger.retries(tasks[3]!.task_id)).toEqual([]);
  });
});
