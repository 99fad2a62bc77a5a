// Issue 10, item 1, with a crash: the process running a bank sync is killed with SIGKILL (nothing flushed) in the
// middle of the run, 1C's data changes while it is dead, and another process resumes from the committed cursor.
// No live document may be deleted locally, and the next run must converge to exactly 1C's set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config/index.js';
import type { Task } from '../engine/index.js';
import { BANK_DOCUMENT_SETS, ONEC_SETS, startSimulator, type RunningSimulator } from '../onec/index.js';
import { createEngineNode, type EngineNode } from '../server/index.js';
import { syncFeature } from './syncFeature.js';
import { BANK_SYNC_TYPE } from './taskTypes.js';
import { NodeProcess } from '../../test/cluster/processes.js';
import {
  applyChange,
  CHANGE_KINDS,
  checkNoLoss,
  globalPosition,
  liveIn1C,
  pageRequest,
  readOrder,
  storedLocally,
  type ChangeKind,
  type Side,
} from '../../test/support/liveChanges.js';

const PERIOD = { date_from: '2025-01-01', date_to: '2025-03-31' };
const SET = ONEC_SETS.incomingPayments;

describe('bank sync killed with SIGKILL while 1C changes, resumed from its cursor', () => {
  let sim: RunningSimulator;
  let dataDir: string;
  let env: Record<string, string>;
  /** This process's node: enqueues and watches, runs no task (so the worker process gets it). */
  let watcher: EngineNode;

  /** A worker process that claims the pending task at start; the request hook kills it with SIGKILL. */
  const startWorker = async (): Promise<NodeProcess> => {
    const child = new NodeProcess('sync-worker', 'test/support/syncWorkerProcess.ts', env);
    await child.waitForOutput(/worker ready/);
    return child;
  };

  /** Runs `body` with a node of this process that runs tasks (and requeues the task of a dead worker at start). */
  const withRunner = async <T>(body: (runner: EngineNode) => Promise<T>): Promise<T> => {
    const runner = await createEngineNode(loadConfig(env), pino({ level: 'silent' }), [syncFeature], true);
    await runner.engine.start();
    try {
      return await body(runner);
    } finally {
      await runner.close();
    }
  };

  /** Waits (reading the shared database) until the task is final. */
  const finalTask = (taskId: string): Promise<Task> =>
    vi.waitFor(
      async () => {
        const task = await watcher.engine.getTask(taskId);
        if (!task || !['completed', 'failed', 'cancelled'].includes(task.status)) throw new Error(`task ${task?.status}`);
        return task;
      },
      { timeout: 60_000, interval: 50 },
    );

  const enqueueSync = async (node: EngineNode): Promise<string> =>
    (await node.engine.enqueue(BANK_SYNC_TYPE, { payload: { ...PERIOD, auto_classify: true } })).task_id;

  const completed = async (taskId: string): Promise<Task> => {
    const task = await finalTask(taskId);
    expect(task.status, task.error ?? '').toBe('completed');
    return task;
  };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 7, contractors: 40, documents: 600, from: '2025-01-01', to: '2025-03-31' });
    dataDir = mkdtempSync(join(tmpdir(), 'taskcast-crash-'));
    env = {
      TASKCAST_DATA_DIR: dataDir,
      ONEC_URL: sim.url,
      ONEC_PAGE_SIZE: '40',
      // One window at a time, so the kill falls right after the committed cursor; the same crash while reading four
      // windows at once is src/sync/bankSyncConcurrentResume.test.ts.
      ONEC_MAX_CONCURRENCY: '1',
      ONEC_MAX_RPS: '0',
      ONEC_TIMEOUT_MS: '5000',
      TASKCAST_HEARTBEAT_MS: '100',
      TASKCAST_PROGRESS_INTERVAL_MS: '20',
      LOG_LEVEL: 'silent',
    };
    watcher = await createEngineNode(loadConfig(env), pino({ level: 'silent' }), [syncFeature], false);
    await watcher.engine.start();
    await withRunner(async (runner) => completed(await enqueueSync(runner)));
    expect(await storedLocally(watcher.storage)).toEqual(liveIn1C(sim, PERIOD.date_from, PERIOD.date_to));
  }, 60_000);

  afterAll(async () => {
    await watcher?.close();
    await sim?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const cases = CHANGE_KINDS.flatMap((kind) => (['before', 'after'] as Side[]).map((side) => [kind, side] as [ChangeKind, Side]));
  it.each(cases)(
    '%s %s the committed cursor while the worker is dead: the resumed run loses nothing, the next converges',
    async (kind, side) => {
      const before = await storedLocally(watcher.storage);
      const liveAtStart = liveIn1C(sim, PERIOD.date_from, PERIOD.date_to);
      const taskId = await enqueueSync(watcher);
      let changed: string | null = null;
      const victim = await startWorker();
      sim.setRequestHook(async (request) => {
        const page = pageRequest(request, PERIOD.date_from, PERIOD.date_to);
        // March's second page: January and February are read, at least one batch is committed.
        if (changed !== null || !page || page.set !== SET || page.windowIndex !== 2 || page.skip < 30) return;
        changed = 'pending';
        await victim.kill();
        // The change lands next to where the dead run's committed cursor says it stopped.
        const checkpoint = (await watcher.engine.getTaskRow(taskId))!.checkpoint as {
          cursor: { set: number; window: number; offset: number };
        } | null;
        if (!checkpoint) {
          changed = 'no checkpoint';
          return;
        }
        const { cursor } = checkpoint;
        const set = BANK_DOCUMENT_SETS[cursor.set]!;
        const here = globalPosition(sim, set, PERIOD.date_from, PERIOD.date_to, cursor.window, cursor.offset);
        changed = applyChange(
          sim,
          set,
          kind,
          readOrder(sim, set, PERIOD.date_from, PERIOD.date_to)[side === 'before' ? here - 3 : here + 3]!,
        );
      });
      expect(await victim.exited).toMatchObject({ signal: 'SIGKILL' });
      await vi.waitFor(() => expect(changed).not.toBe('pending'), { timeout: 10_000, interval: 20 });
      expect(changed).not.toBe('no checkpoint');
      sim.setRequestHook(null);
      await withRunner(async (runner) => {
        const resumed = await completed(taskId);
        expect(resumed.attempt).toBe(2);
        const after = await storedLocally(watcher.storage);
        expect(checkNoLoss(before, after, liveAtStart, liveIn1C(sim, PERIOD.date_from, PERIOD.date_to))).toEqual([]);
        if (kind === 'insert' || kind === 'edit' || kind === 'move') expect(after.has(changed!)).toBe(true);
        await completed(await enqueueSync(runner));
      });
      expect(await storedLocally(watcher.storage)).toEqual(liveIn1C(sim, PERIOD.date_from, PERIOD.date_to));
    },
  );
});
