// Issue 10, item 4, with a crash: a bank sync reading four month windows at once (ONEC_MAX_CONCURRENCY=4, paced by
// ONEC_MAX_RPS) is killed with SIGKILL in the middle, with pages of later windows read ahead and not yet committed.
// Another process resumes from the committed cursor: since batches are committed in window order, the cursor is
// exact, so the resumed run stores exactly 1C's set and its counts count every document once. On a SQLite file and
// on a fresh PostgreSQL database (the worker is a process of its own, so a database rather than a schema).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/index.js';
import type { Task } from '../engine/index.js';
import { startSimulator, type RunningSimulator } from '../onec/index.js';
import { createEngineNode, type EngineNode } from '../server/index.js';
import { syncFeature } from './syncFeature.js';
import { BANK_SYNC_TYPE } from './taskTypes.js';
import { NodeProcess } from '../../test/cluster/processes.js';
import { liveIn1C, pageRequest, storedLocally } from '../../test/support/liveChanges.js';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/cluster.js';
import { shouldRunPostgres } from '../../test/support/postgres.js';

const PERIOD = { date_from: '2025-01-01', date_to: '2025-06-30' };

const backends: [string, boolean][] = [
  ['SQLite', true],
  ['PostgreSQL', await shouldRunPostgres()],
];

describe.each(backends)(
  'bank sync reading windows concurrently on %s, killed with SIGKILL and resumed from its cursor',
  (backend, enabled) => {
    let sim: RunningSimulator;
    let database: TestDatabase | null = null;
    let dataDir: string;
    let env: Record<string, string>;
    /** This process's node: enqueues and watches, runs no task (so the worker process gets it). */
    let watcher: EngineNode;

    const finalTask = (taskId: string): Promise<Task> =>
      vi.waitFor(
        async () => {
          const task = await watcher.engine.getTask(taskId);
          if (!task || !['completed', 'failed', 'cancelled'].includes(task.status)) throw new Error(`task ${task?.status}`);
          return task;
        },
        { timeout: 60_000, interval: 50 },
      );

    beforeAll(async () => {
      if (!enabled) return;
      // 1,200 documents over six months, 30 a page: about four pages per window and set, 48 page requests in all.
      sim = await startSimulator({
        seed: 7,
        contractors: 40,
        documents: 1200,
        from: PERIOD.date_from,
        to: PERIOD.date_to,
        faults: { latencyMs: 5 },
      });
      dataDir = mkdtempSync(join(tmpdir(), 'taskcast-concurrent-resume-'));
      env = {
        TASKCAST_DATA_DIR: dataDir,
        ONEC_URL: sim.url,
        ONEC_PAGE_SIZE: '30',
        ONEC_MAX_CONCURRENCY: '4',
        ONEC_MAX_RPS: '200',
        ONEC_TIMEOUT_MS: '5000',
        TASKCAST_HEARTBEAT_MS: '100',
        TASKCAST_PROGRESS_INTERVAL_MS: '20',
        LOG_LEVEL: 'silent',
      };
      if (backend === 'PostgreSQL') {
        database = await createTestDatabase();
        env.DATABASE_URL = database.url;
      }
      watcher = await createEngineNode(loadConfig(env), pino({ level: 'silent' }), [syncFeature], false);
      await watcher.engine.start();
    }, 60_000);

    afterAll(async () => {
      await watcher?.close();
      await sim?.close();
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    // The 10th page request falls in the first set, the 34th in the second.
    it.runIf(enabled).each([10, 34])(
      'killed at the %ith page request: the resumed run stores exactly 1C’s set, every document counted once',
      async (killAt) => {
        const db = await watcher.storage.sync.listBankTransactions({ limit: 1, offset: 0 });
        const fresh = db.total === 0;
        const taskId = (await watcher.engine.enqueue(BANK_SYNC_TYPE, { payload: { ...PERIOD, auto_classify: true } })).task_id;
        const victim = new NodeProcess('sync-worker', 'test/support/syncWorkerProcess.ts', env);
        await victim.waitForOutput(/worker ready/);
        let pages = 0;
        let killed: { window: number; set: number } | 'pending' | null = null;
        sim.setRequestHook(async (request) => {
          if (killed !== null || !pageRequest(request, PERIOD.date_from, PERIOD.date_to) || ++pages < killAt) return;
          // Only once a batch is committed, so the resumed run starts from a cursor inside the pass.
          const row = await watcher.engine.getTaskRow(taskId);
          const checkpoint = row?.checkpoint as { cursor: { set: number; window: number } } | null;
          if (!checkpoint) return;
          killed = 'pending';
          await victim.kill();
          killed = checkpoint.cursor;
        });
        expect(await victim.exited).toMatchObject({ signal: 'SIGKILL' });
        await vi.waitFor(() => expect(killed).not.toBe('pending'), { timeout: 10_000, interval: 20 });
        sim.setRequestHook(null);
        expect(killed).not.toBeNull();

        const runner = await createEngineNode(loadConfig(env), pino({ level: 'silent' }), [syncFeature], true);
        await runner.engine.start();
        try {
          const task = await finalTask(taskId);
          expect(task.status, task.error ?? '').toBe('completed');
          expect(task.attempt).toBe(2);
          const expected = liveIn1C(sim, PERIOD.date_from, PERIOD.date_to);
          // Counts continue from the committed cursor: a document read twice or skipped would show here.
          expect(task.result).toMatchObject({ loaded: expected.size, deleted: 0 });
          const r = task.result as { created: number; updated: number; skipped: number };
          if (fresh) expect(r).toMatchObject({ created: expected.size, updated: 0, skipped: 0 });
          else expect(r.created + r.updated + r.skipped).toBe(expected.size);
          expect(task.processed).toBe(expected.size);
          expect(await storedLocally(watcher.storage)).toEqual(expected);
        } finally {
          await runner.close();
        }
      },
    );
  },
);
