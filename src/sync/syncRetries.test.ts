// Issue 11 for the 1C sync: a failed attempt that may pass is tried again after the backoff and resumes from its
// checkpoint; 1C's Retry-After sets the next attempt's time; an error that cannot pass fails at once (access rights:
// bankSyncAccessRights.test.ts; the classification itself: syncError.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { BANK_DOCUMENT_SETS } from '../onec/index.js';
import type { Task } from '../engine/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal, waitForTask } from '../../test/support/wait.js';
import { liveIn1C, pageRequest, storedLocally } from '../../test/support/liveChanges.js';

const PERIOD = { date_from: '2025-01-01', date_to: '2025-06-30' };

/** The bank sync's resume cursor and counts, as its batches commit them. */
interface Checkpoint {
  cursor: { set: number; window: number; offset: number };
  counts: { loaded: number };
}

async function startSync(s: SyncTestServer): Promise<string> {
  const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', { ...PERIOD, auto_classify: false });
  expect(res.status).toBe(202);
  return res.body.task_id as string;
}

/** Resolves once the task's attempt `attempt` failed and the task waits for the next one. */
const retryScheduled = (s: SyncTestServer, taskId: string, attempt: number): Promise<Task> =>
  waitForTask(s.engine, taskId, (t) => t.status === 'pending' && t.attempt === attempt && t.error !== null, 30_000);

describe('1C sync retries', () => {
  let s: SyncTestServer;
  afterEach(async () => {
    await s.close();
  });

  it('a 1C outage longer than the client’s own deadline: attempt 2 runs after the backoff, resumes, stores each document once', async () => {
    s = await startSyncServer({
      env: {
        ONEC_PAGE_SIZE: '40',
        ONEC_MAX_CONCURRENCY: '1',
        ONEC_MAX_RPS: '0',
        // The client gives a hung request 1 s, twice: then the attempt fails.
        ONEC_TIMEOUT_MS: '1000',
        ONEC_MAX_ATTEMPTS: '2',
        // Equal jitter: the second attempt starts 0.5–1 s after the first failed.
        ONEC_SYNC_RETRY_BASE_MS: '1000',
      },
    });
    const live = liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to);
    let taskId = '';
    let phase: 'before' | 'outage' | 'after' = 'before';
    const pagesAfter: NonNullable<ReturnType<typeof pageRequest>>[] = [];
    s.sim.setRequestHook(async (request) => {
      if (phase === 'after') {
        const page = pageRequest(request, PERIOD.date_from, PERIOD.date_to);
        if (page) pagesAfter.push(page);
        return;
      }
      // 1C goes down (every request hangs) once two batches are committed.
      if (phase === 'before' && taskId && ((await s.engine.getTask(taskId))?.processed ?? 0) >= 200) {
        phase = 'outage';
        s.sim.setFaults({ hang: 'always' });
      }
    });
    taskId = await startSync(s);

    const waiting = await retryScheduled(s, taskId, 1);
    // 1C is back while the task waits for its second attempt.
    s.sim.clearFaults();
    phase = 'after';
    const row = (await s.engine.getTaskRow(taskId))!;
    const checkpoint = row.checkpoint as unknown as Checkpoint;
    expect(waiting.processed).toBeGreaterThanOrEqual(200);
    expect(checkpoint.counts.loaded).toBe(waiting.processed);
    const [failed] = (await s.engine.getTaskDetails(taskId))!.attempts;
    expect(failed).toMatchObject({ attempt: 1, outcome: 'failed' });
    expect(failed!.error).toMatch(/^Не удалось получить данные из 1С: 1С не ответила за 1 с \(2 попытки\)/);
    const wait = Date.parse(waiting.run_at!) - Date.parse(failed!.finished_at!);
    expect(wait).toBeGreaterThanOrEqual(500);
    expect(wait).toBeLessThanOrEqual(1000);

    const done = await waitForFinal(s.engine, taskId, 30_000);
    expect(done.status, done.error ?? '').toBe('completed');
    expect(done.attempt).toBe(2);
    const details = (await s.engine.getTaskDetails(taskId))!;
    expect(details.attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ]);
    expect(Date.parse(details.attempts[1]!.started_at!)).toBeGreaterThanOrEqual(Date.parse(waiting.run_at!));

    // Resumed: no page before the committed cursor was asked for again (the first one starts a record early, at the
    // last stored document, to see whether 1C's data moved).
    const { cursor } = checkpoint;
    expect(pagesAfter.length).toBeGreaterThan(0);
    const before = pagesAfter.filter((p) => {
      const set = BANK_DOCUMENT_SETS.indexOf(p.set);
      return (
        set < cursor.set ||
        (set === cursor.set && (p.windowIndex < cursor.window || (p.windowIndex === cursor.window && p.skip < cursor.offset - 1)))
      );
    });
    expect(before).toEqual([]);
    expect(pagesAfter[0]).toMatchObject({
      set: BANK_DOCUMENT_SETS[cursor.set],
      windowIndex: cursor.window,
      skip: Math.max(0, cursor.offset - 1),
    });

    // Stored exactly once: 1C's set, and every document counted once across both attempts.
    expect(await storedLocally(s.storage)).toEqual(live);
    expect(done.processed).toBe(live.size);
    expect(done.result).toMatchObject({ loaded: live.size, created: live.size, updated: 0, skipped: 0, deleted: 0 });
  });

  it('1C answers 503 with Retry-After: 30: the next attempt is due 30 s after that answer; cancelled while waiting, it never runs', async () => {
    // The client gives up on the first answer (it would otherwise wait out the hold itself).
    s = await startSyncServer({ env: { ONEC_MAX_ATTEMPTS: '1' } });
    s.sim.setFaults({ unavailable: 'always', retryAfterSeconds: 30 });
    const taskId = await startSync(s);
    const waiting = await retryScheduled(s, taskId, 1);
    expect(waiting.max_attempts).toBe(5);
    expect(waiting.error).toMatch(/^Не удалось получить данные из 1С: Сервер ответил не как OData 1С \(HTTP 503/);
    const answered = s.sim
      .stats()
      .recentRequests.filter((r) => r.status === 503)
      .map((r) => r.answeredAt!);
    expect(answered.length).toBeGreaterThan(0);
    const runAt = Date.parse(waiting.run_at!);
    for (const at of answered) expect(Math.abs(runAt - (at + 30_000))).toBeLessThanOrEqual(1000);
    const [failed] = (await s.engine.getTaskDetails(taskId))!.attempts;
    expect(Math.abs(runAt - (Date.parse(failed!.finished_at!) + 30_000))).toBeLessThanOrEqual(1000);

    expect((await api(s, s.manager.token).post(`/api/v1/tasks/${taskId}/cancel`)).status).toBe(200);
    const done = await waitForFinal(s.engine, taskId);
    expect(done).toMatchObject({ status: 'cancelled', attempt: 1 });
    // Never started again: one attempt, the failed one.
    const details = (await s.engine.getTaskDetails(taskId))!;
    expect(details.attempts.map((a) => a.outcome)).toEqual(['failed']);
    expect(details.started_at).toBeNull();
  });

  it('a fault that outlasts every attempt fails the task after the last one, with the last error in words', async () => {
    s = await startSyncServer({ env: { ONEC_SYNC_MAX_ATTEMPTS: '2', ONEC_SYNC_RETRY_BASE_MS: '100' } });
    s.sim.setFaults({ fail500: 'always' });
    const done = await waitForFinal(s.engine, await startSync(s), 30_000);
    expect(done).toMatchObject({ status: 'failed', attempt: 2, max_attempts: 2 });
    expect(done.error).toMatch(/^Не удалось получить данные из 1С: Внутренняя ошибка сервера/);
    expect((await s.engine.getTaskDetails(done.task_id))!.attempts.map((a) => a.outcome)).toEqual(['failed', 'failed']);
  });
});
