/**
 * `taskcast_tasks_total` counts every end the engine writes, not only the runs of its runner (issue 14): a
 * caller-driven task (createTask → startTask → completeTask / failTask), a pending task cancelled before it ran,
 * and a task failed by the abandoned-task reaper — on the standalone server, read from its real `/metrics`, on SQLite
 * and on PostgreSQL.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { TaskEngine } from '../engine/index.js';
import { startServer, type RunningServer } from '../server/index.js';
import { openStorage, type Storage } from '../store/index.js';
import { sample } from '../../test/support/metricsText.js';
import { waitForFinal } from '../../test/support/wait.js';
import { shouldRunPostgres } from '../../test/support/postgres.js';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/cluster.js';

const TOKEN = 'task-outcomes-test-token';

const BACKENDS = [
  { name: 'SQLite', run: true },
  { name: 'PostgreSQL', run: await shouldRunPostgres() },
] as const;

describe.each(BACKENDS)('taskcast_tasks_total beyond the runner ($name)', ({ name, run }) => {
  let server: RunningServer;
  let dataDir: string;
  let db: TestDatabase | null = null;
  let other: Storage;
  let text: string;

  beforeAll(async () => {
    if (!run) return;
    dataDir = await mkdtemp(join(tmpdir(), 'taskcast-outcomes-'));
    if (name === 'PostgreSQL') db = await createTestDatabase();
    server = await startServer(
      loadConfig({
        ...(db ? { DATABASE_URL: db.url } : {}),
        TASKCAST_DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        TASKCAST_ADMIN_PASSWORD: 'adminpass123',
        TASKCAST_METRICS_TOKEN: TOKEN,
        TASKCAST_HEARTBEAT_MS: '100',
      }),
      pino({ level: 'silent' }),
    );
    const engine = server.engine;
    // Caller-driven: one completed, one failed, one cancelled while pending.
    const done = await engine.createTask({ task_type: 'caller_job' });
    await engine.startTask(done.task_id);
    await engine.completeTask(done.task_id, { ok: true });
    const broken = await engine.createTask({ task_type: 'caller_job' });
    await engine.startTask(broken.task_id);
    await engine.failTask(broken.task_id, 'boom');
    const dropped = await engine.createTask({ task_type: 'caller_job' });
    await engine.cancelTask(dropped.task_id);
    // A registered type's task waiting for its time, cancelled before it ran.
    engine.defineTaskType({ type: 'later_job', handler: () => null });
    const later = await engine.enqueue('later_job', { delay_ms: 3_600_000 });
    await engine.cancelTask(later.task_id);
    // Another engine on the same database starts a task and goes silent: its lease (1 s) runs out, and the
    // server's reaper fails it (one attempt).
    other = await openStorage({ dataDir, databaseUrl: db?.url });
    const gone = new TaskEngine({ storage: other, runTasks: false, leaseMs: 1_000 });
    const abandoned = await gone.createTask({ task_type: 'abandoned_job' });
    await gone.startTask(abandoned.task_id);
    const reaped = await waitForFinal(engine, abandoned.task_id, 20_000);
    expect(reaped.status).toBe('failed');

    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    text = await res.text();
  }, 60_000);
  afterAll(async () => {
    await other?.close();
    await server?.close();
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it.runIf(run)('counts caller-driven tasks, with their wait and run times', () => {
    expect(sample(text, 'taskcast_tasks_total', { task_type: 'caller_job', outcome: 'completed' })).toBe(1);
    expect(sample(text, 'taskcast_tasks_total', { task_type: 'caller_job', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'taskcast_task_wait_seconds_count', { task_type: 'caller_job' })).toBe(2);
    expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: 'caller_job', outcome: 'completed' })).toBe(1);
    expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: 'caller_job', outcome: 'failed' })).toBe(1);
  });

  it.runIf(run)('counts pending tasks cancelled before they ran, without a run time', () => {
    expect(sample(text, 'taskcast_tasks_total', { task_type: 'caller_job', outcome: 'cancelled' })).toBe(1);
    expect(sample(text, 'taskcast_tasks_total', { task_type: 'later_job', outcome: 'cancelled' })).toBe(1);
    expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: 'later_job', outcome: 'cancelled' })).toBe(0);
    expect(sample(text, 'taskcast_task_wait_seconds_count', { task_type: 'later_job' })).toBe(0);
  });

  it.runIf(run)('counts a task the abandoned-task reaper failed, without a run time', () => {
    expect(sample(text, 'taskcast_tasks_total', { task_type: 'abandoned_job', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'taskcast_task_run_seconds_count', { task_type: 'abandoned_job', outcome: 'failed' })).toBe(0);
  });
});
