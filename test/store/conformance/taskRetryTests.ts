/**
 * Task store conformance: retries. The error decides (NonRetryableError, RetryAfterError, the type's
 * `retryable` hook, a timeout, a cancellation); the backoff spaces the attempts; every attempt is kept; a
 * waiting retry can be cancelled, survives a restart and is claimed by any process; manual and bulk retries;
 * a lost lease requeues the task with its attempt logged as `lost`.
 */
import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import {
  ABANDONED_ERROR,
  LeaseLostError,
  NonRetryableError,
  RetryAfterError,
  TaskAlreadyActiveError,
  TaskNotFoundError,
  TaskNotRetryableError,
  uuidv7,
  type Json,
} from '../../../src/engine/index.js';
import { heldTaskType } from '../../support/taskTypes.js';
import { gate, waitForFinal, waitForTask } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import { attemptLine, attemptsOf, ms, recordChanges, statusPath, untilClockPasses } from './retrySupport.js';
import type { TaskSuite } from './taskSuite.js';
import { wrapTaskStore } from './wrapTaskStore.js';

/** Stored times have millisecond precision; comparisons between two of them allow this much rounding. */
const ROUNDING_MS = 2;
/** A process on this host that no longer exists (the lease tests' way to leave a task behind). */
const DEAD_OWNER = `${hostname()}:2147483646:dead`;

/** Registers the retry tests. */
export function taskRetryTests(suite: TaskSuite): void {
  const { newEngine } = suite;

  it('a NonRetryableError fails the task at its first attempt, whatever attempts remain', async () => {
    const engine = newEngine();
    let calls = 0;
    engine.defineTaskType({
      type: 'bad_input',
      maxAttempts: 5,
      backoff: { base_ms: 10, jitter: 'none' },
      handler() {
        calls++;
        throw new NonRetryableError('Счёт 40702810 не существует');
      },
    });
    await engine.start();
    const t = await engine.enqueue('bad_input');
    expect(t.max_attempts).toBe(5);
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'failed', attempt: 1, max_attempts: 5, error: 'Счёт 40702810 не существует' });
    expect(calls).toBe(1);
    const attempts = await attemptsOf(engine, t.task_id);
    expect(attempts.map(attemptLine)).toEqual([[1, 'failed', 'Счёт 40702810 не существует', engine.leaseOwner]]);
  });

  it('a failed attempt aborts what it left running (its signal), so nothing of it outlives the attempt', async () => {
    const engine = newEngine();
    const signals: AbortSignal[] = [];
    engine.defineTaskType({
      type: 'leaves_work_behind',
      maxAttempts: 2,
      backoff: { base_ms: 10, jitter: 'none' },
      handler(ctx) {
        signals.push(ctx.signal);
        // A request the handler started and did not wait for.
        void new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        throw new Error('1С не ответила');
      },
    });
    await engine.start();
    const t = await engine.enqueue('leaves_work_behind');
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'failed', attempt: 2 });
    expect(signals.map((sig) => sig.aborted)).toEqual([true, true]);
  });

  it('a retry claimed before its failed attempt had the answer of its write runs as an attempt of its own', async () => {
    // The failed attempt's write (pending again, due 10 ms later) is stored at once, but its answer is held back
    // here — as on a busy process, where the next attempt's claim can come before that answer. The next attempt
    // once ran with the held attempt's aborted signal and old fence: cancelled, its write refused, the task left
    // running (a loaded CI run timed out on it).
    const storage = suite.storage();
    const written = gate<string>();
    const answer = gate();
    const held = wrapTaskStore(storage, 'retryLater', (retryLater) => async (...args) => {
      const row = await retryLater(...args);
      written.open(row.run_at);
      await answer.promise;
      return row;
    });
    const engine = newEngine(held);
    const seen: { attempt: number; aborted: boolean }[] = [];
    engine.defineTaskType({
      type: 'answered_late',
      maxAttempts: 2,
      backoff: { base_ms: 10, jitter: 'none' },
      handler(ctx) {
        seen.push({ attempt: ctx.attempt, aborted: ctx.signal.aborted });
        throw new Error('1С не ответила');
      },
    });
    engine.defineTaskType({ type: 'wakes_the_runner', handler: () => null });
    await engine.start();
    const t = await engine.enqueue('answered_late');
    await untilClockPasses(ms(await written.promise));
    // Another process's task wakes the runner (its store's watcher): the claim takes the due retry too.
    const producer = newEngine(await suite.harness().open(), 4, { runTasks: false });
    producer.defineTaskType({ type: 'wakes_the_runner', handler: () => null });
    await producer.enqueue('wakes_the_runner');
    await waitForTask(engine, t.task_id, (x) => x.attempt === 2);
    answer.open();
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'failed', attempt: 2, error: '1С не ответила' });
    expect(seen).toEqual([
      { attempt: 1, aborted: false },
      { attempt: 2, aborted: false },
    ]);
  });

  it("the type's retryable hook decides for the handler's own errors", async () => {
    const engine = newEngine();
    const calls = new Map<string, number>();
    engine.defineTaskType<{ kind: 'type' | 'other' }>({
      type: 'hooked',
      maxAttempts: 3,
      backoff: { base_ms: 10, jitter: 'none' },
      retryable: (err) => !(err instanceof TypeError),
      handler(ctx) {
        calls.set(ctx.taskId, (calls.get(ctx.taskId) ?? 0) + 1);
        if (ctx.payload.kind === 'type') throw new TypeError('payload.account is undefined');
        throw new Error('1С не ответила');
      },
    });
    await engine.start();
    const refused = await engine.enqueue('hooked', { payload: { kind: 'type' } });
    const retried = await engine.enqueue('hooked', { payload: { kind: 'other' } });
    expect(await waitForFinal(engine, refused.task_id)).toMatchObject({ status: 'failed', attempt: 1 });
    expect(await waitForFinal(engine, retried.task_id)).toMatchObject({ status: 'failed', attempt: 3, error: '1С не ответила' });
    expect(calls.get(refused.task_id)).toBe(1);
    expect(calls.get(retried.task_id)).toBe(3);
  });

  it('a plain error is retried after the backoff until max_attempts; every attempt is kept', async () => {
    const engine = newEngine();
    engine.defineTaskType({
      type: 'flaky',
      handler(ctx) {
        throw new Error(`Сбой в попытке ${ctx.attempt}`);
      },
    });
    await engine.start();
    const changes = recordChanges(engine);
    const t = await engine.enqueue('flaky', { max_attempts: 3, backoff: { base_ms: 10, jitter: 'none' } });
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'failed', attempt: 3, max_attempts: 3, error: 'Сбой в попытке 3' });

    const attempts = await attemptsOf(engine, t.task_id);
    expect(attempts.map(attemptLine)).toEqual([
      [1, 'failed', 'Сбой в попытке 1', engine.leaseOwner],
      [2, 'failed', 'Сбой в попытке 2', engine.leaseOwner],
      [3, 'failed', 'Сбой в попытке 3', engine.leaseOwner],
    ]);
    for (const a of attempts) expect(ms(a.finished_at)).toBeGreaterThanOrEqual(ms(a.started_at));

    // Between two attempts the task waited as pending, due after the backoff: 10 ms, then 20 ms (factor 2); the next
    // attempt did not start before that time.
    for (const i of [0, 1]) {
      const delay = 10 * 2 ** i;
      expect(ms(attempts[i + 1]!.started_at) - ms(attempts[i]!.finished_at)).toBeGreaterThanOrEqual(delay - ROUNDING_MS);
    }
    // Subscribers were told of the waits with their run_at — each one they saw: on a busy process the next attempt's
    // claim can be published before the wait's own write answered, and a subscriber is never sent an older state.
    const waits = changes.filter((c) => c.task_id === t.task_id && c.status === 'pending' && c.attempt > 0);
    for (const w of waits) {
      const i = w.attempt - 1;
      expect(w.error).toBe(`Сбой в попытке ${w.attempt}`);
      const failedAt = ms(attempts[i]!.finished_at);
      expect(ms(w.run_at) - failedAt).toBeGreaterThanOrEqual(10 * 2 ** i - ROUNDING_MS);
      expect(ms(w.run_at) - failedAt).toBeLessThan(10 * 2 ** i + 1_000);
      expect(ms(attempts[i + 1]!.started_at)).toBeGreaterThanOrEqual(ms(w.run_at) - ROUNDING_MS);
    }
    expect(waits.map((w) => w.attempt)).toEqual([...new Set(waits.map((w) => w.attempt))].sort());
  });

  it('a task that fails twice then succeeds completes; the next attempt resumes from the checkpoint', async () => {
    const engine = newEngine();
    const seen: { attempt: number; from: Json }[] = [];
    engine.defineTaskType({
      type: 'third_time',
      maxAttempts: 3,
      backoff: { base_ms: 10, jitter: 'none' },
      async handler(ctx) {
        seen.push({ attempt: ctx.attempt, from: ctx.resumeFrom });
        if (ctx.attempt < 3) {
          await ctx.checkpoint(ctx.attempt * 10, `Загружено ${ctx.attempt * 10}`, { page: ctx.attempt });
          throw new Error(`Обрыв связи ${ctx.attempt}`);
        }
        return { pages: 3 };
      },
    });
    await engine.start();
    const t = await engine.enqueue('third_time', { total: 30 });
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 3, error: null, result: { pages: 3 }, processed: 20 });
    expect(seen).toEqual([
      { attempt: 1, from: null },
      { attempt: 2, from: { page: 1 } },
      { attempt: 3, from: { page: 2 } },
    ]);
    const attempts = await attemptsOf(engine, t.task_id);
    expect(attempts.map(attemptLine)).toEqual([
      [1, 'failed', 'Обрыв связи 1', engine.leaseOwner],
      [2, 'failed', 'Обрыв связи 2', engine.leaseOwner],
      [3, 'completed', null, engine.leaseOwner],
    ]);
  });

  it('RetryAfterError(30 s): the task waits as pending, due 30 s after the failure, and nothing claims it before', async () => {
    const storage = suite.storage();
    const engine = newEngine();
    let calls = 0;
    let thrownAt = 0;
    engine.defineTaskType({
      type: 'rate_limited',
      maxAttempts: 3,
      handler() {
        calls++;
        thrownAt = Date.now();
        throw new RetryAfterError(30_000, '1С: 429 Too Many Requests');
      },
    });
    await engine.start();
    const t = await engine.enqueue('rate_limited');
    const waiting = await waitForTask(engine, t.task_id, (x) => x.status === 'pending' && x.attempt === 1);
    expect(waiting).toMatchObject({ error: '1С: 429 Too Many Requests', max_attempts: 3 });
    const due = ms(waiting.run_at);
    expect(Math.abs(due - (thrownAt + 30_000))).toBeLessThanOrEqual(1_000);

    const stored = await engine.getTaskDetails(t.task_id);
    expect(stored).toMatchObject({ status: 'pending', attempt: 1, run_at: waiting.run_at, error: '1С: 429 Too Many Requests' });
    expect(stored!.attempts.map(attemptLine)).toEqual([[1, 'failed', '1С: 429 Too Many Requests', engine.leaseOwner]]);
    expect(ms(waiting.run_at) - ms(stored!.attempts[0]!.finished_at)).toBeGreaterThanOrEqual(30_000 - ROUNDING_MS);

    // Not due: another process's claim finds nothing; the store knows when it is due.
    expect(await storage.tasks.claimTasks({ types: ['rate_limited'], limit: 10, leaseOwner: 'probe', leaseMs: 60_000 })).toEqual([]);
    expect((await storage.tasks.nextRunAt(['rate_limited']))?.runAt.getTime()).toBe(due);
    expect((await storage.tasks.nextRunAt(['other', 'rate_limited']))?.runAt.getTime()).toBe(due);
    expect(await storage.tasks.nextRunAt(['other'])).toBeNull();
    expect(calls).toBe(1);
    expect(await engine.getTask(t.task_id)).toMatchObject({ status: 'pending', attempt: 1 });
  });

  it("RetryAfterError sets the next attempt's time instead of the backoff; with no attempt left the task fails", async () => {
    const engine = newEngine();
    engine.defineTaskType({
      type: 'retry_after',
      maxAttempts: 2,
      backoff: { base_ms: 3_600_000, jitter: 'none' },
      handler(ctx) {
        if (ctx.attempt === 1) throw new RetryAfterError(200, '1С: 503, Retry-After');
        return 'ok';
      },
    });
    await engine.start();
    const t = await engine.enqueue('retry_after');
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'ok', error: null });
    const [first, second] = await attemptsOf(engine, t.task_id);
    expect(first).toMatchObject({ attempt: 1, outcome: 'failed', error: '1С: 503, Retry-After' });
    expect(ms(second!.started_at) - ms(first!.finished_at)).toBeGreaterThanOrEqual(200 - ROUNDING_MS);

    const last = await engine.enqueue('retry_after', { max_attempts: 1 });
    expect(await waitForFinal(engine, last.task_id)).toMatchObject({ status: 'failed', attempt: 1, error: '1С: 503, Retry-After' });
  });

  it("a timeout is retried by the policy, even when the type's retryable hook refuses everything", async () => {
    const engine = newEngine();
    engine.defineTaskType({
      type: 'slow_once',
      timeoutMs: 100,
      maxAttempts: 2,
      backoff: { base_ms: 10, jitter: 'none' },
      retryable: () => false,
      async handler(ctx) {
        if (ctx.attempt === 1) {
          await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('прервано')), { once: true }));
        }
        return 'в срок';
      },
    });
    await engine.start();
    const t = await engine.enqueue('slow_once');
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'в срок' });
    const attempts = await attemptsOf(engine, t.task_id);
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'completed']);
    expect(attempts[0]!.error).toMatch(/Превышено время выполнения/);
  });

  it('a cancellation is never retried', async () => {
    const engine = newEngine();
    let calls = 0;
    const started = gate();
    engine.defineTaskType({
      type: 'cancel_me',
      maxAttempts: 3,
      backoff: { base_ms: 10, jitter: 'none' },
      async handler(ctx) {
        calls++;
        started.open();
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('остановлено')), { once: true }));
      },
    });
    await engine.start();
    const t = await engine.enqueue('cancel_me');
    await started.promise;
    await engine.cancelTask(t.task_id);
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'cancelled', attempt: 1 });
    expect(calls).toBe(1);
    expect((await attemptsOf(engine, t.task_id)).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'cancelled']]);
  });

  it('cancelling a task that waits for its next attempt cancels it without running it again', async () => {
    const storage = suite.storage();
    const engine = newEngine();
    const calls = new Map<string, number>();
    engine.defineTaskType<{ fail: boolean }>({
      type: 'retry_wait',
      maxAttempts: 3,
      backoff: { base_ms: 300, jitter: 'none' },
      handler(ctx) {
        calls.set(ctx.taskId, (calls.get(ctx.taskId) ?? 0) + 1);
        if (ctx.payload.fail) throw new Error('Временный сбой');
        return 'ok';
      },
    });
    await engine.start();
    const t = await engine.enqueue('retry_wait', { payload: { fail: true } });
    const waiting = await waitForTask(engine, t.task_id, (x) => x.status === 'pending' && x.attempt === 1);
    const cancelled = await engine.cancelTask(t.task_id);
    expect(cancelled).toMatchObject({ status: 'cancelled', attempt: 1 });

    // A task of the same type due just after the cancelled one's time: once it has run, the runner has been
    // past that time, and the cancelled task would have been claimed before it.
    const sentinel = await engine.enqueue('retry_wait', { payload: { fail: false }, run_at: new Date(ms(waiting.run_at) + 50) });
    expect(await waitForFinal(engine, sentinel.task_id)).toMatchObject({ status: 'completed' });
    await untilClockPasses(ms(waiting.run_at));
    expect(await storage.tasks.claimTasks({ types: ['retry_wait'], limit: 10, leaseOwner: 'probe', leaseMs: 60_000 })).toEqual([]);
    expect(calls.get(t.task_id)).toBe(1);
    expect(await engine.getTask(t.task_id)).toMatchObject({ status: 'cancelled', attempt: 1 });
    expect((await attemptsOf(engine, t.task_id)).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed']]);
  });

  it('a retry waiting across a restart runs after it, resuming from the checkpoint', async () => {
    let storage = suite.storage();
    const first = newEngine();
    let firstCalls = 0;
    first.defineTaskType({
      type: 'restart_retry',
      maxAttempts: 3,
      backoff: { base_ms: 300, jitter: 'none' },
      async handler(ctx) {
        firstCalls++;
        await ctx.checkpoint(5, 'половина', { cursor: 'half' });
        throw new Error('Упал до перезапуска');
      },
    });
    await first.start();
    const t = await first.enqueue('restart_retry', { total: 10 });
    await waitForTask(first, t.task_id, (x) => x.status === 'pending' && x.attempt === 1);
    await first.stop(1000);
    await storage.close();

    storage = await suite.reopen();
    const second = newEngine();
    const seen: { attempt: number; from: Json }[] = [];
    second.defineTaskType({
      type: 'restart_retry',
      maxAttempts: 3,
      handler(ctx) {
        seen.push({ attempt: ctx.attempt, from: ctx.resumeFrom });
        ctx.progress(10, 'готово');
        return 'после перезапуска';
      },
    });
    await second.start();
    const done = await waitForFinal(second, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'после перезапуска', error: null, processed: 10 });
    expect(firstCalls).toBe(1);
    expect(seen).toEqual([{ attempt: 2, from: { cursor: 'half' } }]);
    expect((await attemptsOf(second, t.task_id)).map(attemptLine)).toEqual([
      [1, 'failed', 'Упал до перезапуска', first.leaseOwner],
      [2, 'completed', null, second.leaseOwner],
    ]);
  });

  it('a retry is claimed by another process, already running when the attempt failed', async () => {
    const a = newEngine();
    const b = newEngine(await suite.harness().open());
    const failNow = gate();
    const startedOnA = gate();
    a.defineTaskType({
      type: 'elsewhere',
      maxAttempts: 2,
      backoff: { base_ms: 300, jitter: 'none' },
      async handler() {
        startedOnA.open();
        await failNow.promise;
        throw new Error('Сбой на узле A');
      },
    });
    const onB: number[] = [];
    b.defineTaskType({
      type: 'elsewhere',
      maxAttempts: 2,
      handler(ctx) {
        onB.push(ctx.attempt);
        return 'B';
      },
    });
    await a.start();
    const t = await a.enqueue('elsewhere');
    await startedOnA.promise;
    // B is up and idle while attempt 1 runs on A; it learns of the retry from the store.
    await b.start();
    const waiting = waitForTask(a, t.task_id, (x) => x.status === 'pending' && x.attempt === 1);
    failNow.open();
    await waiting;
    await a.stop(1000);
    const done = await waitForFinal(b, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'B' });
    expect(onB).toEqual([2]);
    const attempts = await attemptsOf(b, t.task_id);
    expect(attempts.map(attemptLine)).toEqual([
      [1, 'failed', 'Сбой на узле A', a.leaseOwner],
      [2, 'completed', null, b.leaseOwner],
    ]);
    expect(a.leaseOwner).not.toBe(b.leaseOwner);
  });

  it('manual retry: a failed task goes back to pending as its next attempt, runs and completes, history and checkpoint kept', async () => {
    const engine = newEngine();
    const seen: { attempt: number; from: Json }[] = [];
    engine.defineTaskType({
      type: 'manual_retry',
      async handler(ctx) {
        seen.push({ attempt: ctx.attempt, from: ctx.resumeFrom });
        if (ctx.attempt === 1) {
          await ctx.checkpoint(5, 'пять', { at: 5 });
          throw new Error('Сломалось');
        }
        ctx.progress(10, 'готово');
        return 'починилось';
      },
    });
    await engine.start();
    const t = await engine.enqueue('manual_retry', { total: 10 });
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'failed', attempt: 1, max_attempts: 1, error: 'Сломалось' });

    const changes = recordChanges(engine);
    const retried = await engine.retryTask(t.task_id);
    // max_attempts was spent: it is raised so the next attempt may run.
    expect(retried).toMatchObject({
      status: 'pending',
      attempt: 1,
      max_attempts: 2,
      processed: 5,
      completed_at: null,
      cancel_requested: false,
    });
    const done = await waitForFinal(engine, t.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, error: null, result: 'починилось', processed: 10 });
    // The completion is published once its batched write returns, which a reader of the store can beat: wait for it.
    await expect.poll(() => statusPath(changes, t.task_id).at(-1)).toBe('completed');
    // A runner that was already claiming may start the task before the retry's answer is back and published: then
    // the pending state is older than one delivered and is dropped (changes arrive newest-wins, in seq order).
    const path = statusPath(changes, t.task_id);
    expect(path).toEqual(path[0] === 'pending' ? ['pending', 'running', 'completed'] : ['running', 'completed']);
    expect(seen).toEqual([
      { attempt: 1, from: null },
      { attempt: 2, from: { at: 5 } },
    ]);
    expect((await attemptsOf(engine, t.task_id)).map(attemptLine)).toEqual([
      [1, 'failed', 'Сломалось', engine.leaseOwner],
      [2, 'completed', null, engine.leaseOwner],
    ]);
  });

  it('manual retry of a cancelled task runs it; a task that is not failed or cancelled is refused', async () => {
    const storage = suite.storage();
    const caller = newEngine(storage, 4, { runTasks: false });
    const held = heldTaskType('manual_retry_held');
    held.define(caller);

    const neverRan = await caller.enqueue(held.type);
    expect(await caller.cancelTask(neverRan.task_id)).toMatchObject({ status: 'cancelled', attempt: 0 });
    expect(await caller.retryTask(neverRan.task_id)).toMatchObject({ status: 'pending', attempt: 0 });

    const pending = await caller.createTask({ task_type: 'by_hand' });
    const running = await caller.createTask({ task_type: 'by_hand' });
    await caller.startTask(running.task_id);
    const completed = await caller.createTask({ task_type: 'by_hand' });
    await caller.startTask(completed.task_id);
    await caller.completeTask(completed.task_id, 'готово');
    for (const [task, status] of [
      [pending, 'pending'],
      [running, 'running'],
      [completed, 'completed'],
    ] as const) {
      const refusal = caller.retryTask(task.task_id);
      await expect(refusal).rejects.toBeInstanceOf(TaskNotRetryableError);
      await expect(refusal).rejects.toMatchObject({ code: 'TASK_NOT_RETRYABLE', taskId: task.task_id, status });
      expect(await caller.getTask(task.task_id)).toMatchObject({ status });
    }
    await expect(caller.retryTask(uuidv7())).rejects.toBeInstanceOf(TaskNotFoundError);

    // The retried cancelled task runs on a runner like any pending task; it had never started, so its
    // history is the one attempt it made.
    const runner = newEngine();
    held.define(runner);
    await runner.start();
    await held.started(neverRan.task_id);
    held.release(neverRan.task_id, 'после отмены');
    expect(await waitForFinal(runner, neverRan.task_id)).toMatchObject({ status: 'completed', attempt: 1, result: 'после отмены' });
    expect((await attemptsOf(runner, neverRan.task_id)).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'completed']]);
  });

  it('manual retry of a task cancelled while running keeps that attempt in its history', async () => {
    const engine = newEngine();
    const held = heldTaskType('cancelled_then_retried');
    held.define(engine);
    await engine.start();
    const t = await engine.enqueue(held.type);
    await held.started(t.task_id);
    await engine.cancelTask(t.task_id);
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'cancelled', attempt: 1 });
    const retried = await engine.retryTask(t.task_id);
    expect(retried).toMatchObject({ status: 'pending', attempt: 1, cancel_requested: false });
    await waitForTask(engine, t.task_id, (x) => x.status === 'running' && x.attempt === 2);
    held.release(t.task_id, 'со второй попытки');
    expect(await waitForFinal(engine, t.task_id)).toMatchObject({ status: 'completed', attempt: 2, result: 'со второй попытки' });
    expect((await attemptsOf(engine, t.task_id)).map((a) => [a.attempt, a.outcome, a.node])).toEqual([
      [1, 'cancelled', engine.leaseOwner],
      [2, 'completed', engine.leaseOwner],
    ]);
  });

  it('bulk retry: the failed tasks of a type go back to pending, their run_at spread at bulkRetryPerSecond', async () => {
    const storage = suite.storage();
    const caller = newEngine(storage, 4, { runTasks: false, bulkRetryPerSecond: 10 });
    const make = async (type: string, end: 'fail' | 'cancel' | 'complete') => {
      const t = await caller.createTask({ task_type: type });
      if (end === 'cancel') return caller.cancelTask(t.task_id);
      await caller.startTask(t.task_id);
      return end === 'fail' ? caller.failTask(t.task_id, 'Сбой') : caller.completeTask(t.task_id, null);
    };
    const failedA = [];
    for (let i = 0; i < 5; i++) failedA.push(await make('bulk_a', 'fail'));
    const failedB = [await make('bulk_b', 'fail'), await make('bulk_b', 'fail')];
    const cancelledA = await make('bulk_a', 'cancel');
    const completedA = await make('bulk_a', 'complete');

    const before = Date.now();
    expect(await caller.retryTasks({ status: 'failed', taskType: 'bulk_a' })).toEqual({ retried: 5, spread_s: 0.4 });
    const rows = await Promise.all(failedA.map((t) => caller.getTask(t.task_id)));
    for (const row of rows) expect(row).toMatchObject({ status: 'pending', attempt: 1, max_attempts: 2 });
    // Spread at 10 per second: due now, +100 ms, +200 ms, +300 ms, +400 ms.
    const due = rows.map((r) => ms(r!.run_at)).sort((x, y) => x - y);
    expect(due[0]).toBeGreaterThanOrEqual(before - 1_000);
    for (const [i, at] of due.entries()) {
      expect(at - due[0]!).toBeGreaterThanOrEqual(i * 100 - 25);
      expect(at - due[0]!).toBeLessThanOrEqual(i * 100 + 25);
    }
    for (const t of failedB) expect(await caller.getTask(t.task_id)).toMatchObject({ status: 'failed' });
    expect(await caller.getTask(cancelledA.task_id)).toMatchObject({ status: 'cancelled' });
    expect(await caller.getTask(completedA.task_id)).toMatchObject({ status: 'completed' });

    expect(await caller.retryTasks({ status: 'failed' })).toEqual({ retried: 2, spread_s: 0.1 });
    for (const t of failedB) expect(await caller.getTask(t.task_id)).toMatchObject({ status: 'pending' });
    expect(await caller.retryTasks({ status: 'cancelled', taskType: 'bulk_a' })).toEqual({ retried: 1, spread_s: 0 });
    expect(await caller.retryTasks({ status: 'failed' })).toEqual({ retried: 0, spread_s: 0 });

    // At most bulkRetryLimit per call.
    const limited = newEngine(storage, 4, { runTasks: false, bulkRetryLimit: 2 });
    for (let i = 0; i < 3; i++) await make('bulk_c', 'fail');
    expect((await limited.retryTasks({ status: 'failed', taskType: 'bulk_c' })).retried).toBe(2);
    expect((await limited.retryTasks({ status: 'failed', taskType: 'bulk_c' })).retried).toBe(1);
  });

  it('a retry of a singleton task while another of its key is active is refused by name; a bulk retry takes one per key', async () => {
    const storage = suite.storage();
    const caller = newEngine(storage, 4, { runTasks: false });
    caller.defineTaskType({ type: 'single_sync', singleton: true, handler: () => null });
    const failed = [];
    for (let i = 0; i < 3; i++) {
      const t = await caller.enqueue('single_sync');
      await caller.startTask(t.task_id);
      failed.push(await caller.failTask(t.task_id, 'Сбой 1С'));
    }
    expect(await caller.retryTask(failed[0]!.task_id)).toMatchObject({ status: 'pending' });
    const refused = await caller.retryTask(failed[1]!.task_id).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TaskAlreadyActiveError);
    expect(refused).toMatchObject({ activeTaskId: failed[0]!.task_id });
    expect(await caller.getTask(failed[1]!.task_id)).toMatchObject({ status: 'failed' });
    // Nothing active now: a bulk retry puts back one of the two failed ones, and leaves the other failed.
    await caller.cancelTask(failed[0]!.task_id);
    expect(await caller.retryTasks({ status: 'failed', taskType: 'single_sync' })).toMatchObject({ retried: 1 });
    const statuses = await Promise.all(failed.slice(1).map(async (t) => (await caller.getTask(t.task_id))!.status));
    expect(statuses.sort()).toEqual(['failed', 'pending']);
  });

  it('a fenced fail from an attempt that is over does not fail the task requeued meanwhile', async () => {
    const storage = suite.storage();
    const [t] = await storage.tasks.insertTasks([newTaskFixture('stale_fail', { max_attempts: 3 })]);
    const [run] = await storage.tasks.claimTasks({ types: ['stale_fail'], limit: 1, leaseOwner: 'node-a', leaseMs: 60_000 });
    await storage.tasks.handBackTask(t!.task_id, {}, run!.attempt);
    await expect(storage.tasks.failTask(t!.task_id, 'поздняя ошибка', {}, run!.attempt)).rejects.toBeInstanceOf(Error);
    expect(await storage.tasks.getTask(t!.task_id)).toMatchObject({ status: 'pending', error: null });
    // Unfenced (a caller failing its own task by hand) it still may.
    expect(await storage.tasks.failTask(t!.task_id, 'отменено оператором', {})).toMatchObject({ status: 'failed' });
  });

  it('a Retry-After beyond a year is capped to a year, and the task stays readable', async () => {
    const engine = newEngine();
    engine.defineTaskType({
      type: 'far_retry',
      maxAttempts: 2,
      handler() {
        throw new RetryAfterError(1e16);
      },
    });
    await engine.start();
    const t = await engine.enqueue('far_retry');
    const waiting = await waitForTask(engine, t.task_id, (x) => x.status === 'pending' && x.attempt === 1);
    const year = 365 * 86_400_000;
    expect(ms(waiting.run_at) - Date.now()).toBeGreaterThan(year - 60_000);
    expect(ms(waiting.run_at) - Date.now()).toBeLessThanOrEqual(year);
    expect((await engine.listTasks({ limit: 10, offset: 0 })).tasks.map((x) => x.task_id)).toContain(t.task_id);
  });

  it('bulk-retried tasks run on a runner', async () => {
    const storage = suite.storage();
    const caller = newEngine(storage, 4, { runTasks: false });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await caller.createTask({ task_type: 'bulk_run' });
      await caller.startTask(t.task_id);
      await caller.failTask(t.task_id, 'Сбой');
      ids.push(t.task_id);
    }
    const runner = newEngine();
    runner.defineTaskType({ type: 'bulk_run', handler: (ctx) => `попытка ${ctx.attempt}` });
    await runner.start();
    expect((await runner.retryTasks({ status: 'failed', taskType: 'bulk_run' })).retried).toBe(4);
    for (const id of ids) {
      const done = await waitForFinal(runner, id);
      expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'попытка 2' });
      expect(Date.parse(done.started_at!)).toBeGreaterThanOrEqual(ms(done.run_at) - ROUNDING_MS);
    }
  });

  it('a task whose process died is requeued while attempts remain, its attempt logged as lost', async () => {
    const storage = suite.storage();
    const [t] = await storage.tasks.insertTasks([newTaskFixture('orphaned', { total: 10, max_attempts: 3 })]);
    await storage.tasks.claimTasks({ types: ['orphaned'], limit: 1, leaseOwner: DEAD_OWNER, leaseMs: 60_000 });
    await storage.tasks.saveCheckpoint(t!.task_id, { processed: 4, message: 'четыре' }, { next: 4 }, 1);
    const engine = newEngine();
    const seen: Json[] = [];
    engine.defineTaskType({
      type: 'orphaned',
      handler(ctx) {
        seen.push(ctx.resumeFrom);
        return 'дожато';
      },
    });
    await engine.start();
    const done = await waitForFinal(engine, t!.task_id);
    expect(done).toMatchObject({ status: 'completed', attempt: 2, result: 'дожато' });
    expect(seen).toEqual([{ next: 4 }]);
    const attempts = await attemptsOf(engine, t!.task_id);
    expect(attempts.map((a) => [a.attempt, a.outcome, a.node])).toEqual([
      [1, 'lost', DEAD_OWNER],
      [2, 'completed', engine.leaseOwner],
    ]);
    expect(attempts[0]!.started_at).not.toBeNull();
  });

  it('an expired lease: the store requeues the task, logs the attempt as lost, keeps its checkpoint, and it is claimed again', async () => {
    const storage = suite.storage();
    const [t] = await storage.tasks.insertTasks([newTaskFixture('expired', { max_attempts: 2 })]);
    const [claimed] = await storage.tasks.claimTasks({ types: ['expired'], limit: 1, leaseOwner: 'elsewhere:1:gone', leaseMs: 300 });
    await storage.tasks.saveCheckpoint(t!.task_id, { processed: 1 }, { cursor: 7 }, 1);
    await untilClockPasses(ms(claimed!.lease_expires_at) + ROUNDING_MS);
    const recovered = await storage.tasks.recoverAbandoned(ABANDONED_ERROR, []);
    expect(recovered.map((r) => r.task_id)).toEqual([t!.task_id]);
    expect(recovered[0]).toMatchObject({ status: 'pending', attempt: 1, checkpoint: { cursor: 7 }, processed: 1 });
    expect(recovered[0]!.attempt_log.map((a) => [a.attempt, a.outcome, a.node])).toEqual([[1, 'lost', 'elsewhere:1:gone']]);
    const [again] = await storage.tasks.claimTasks({ types: ['expired'], limit: 1, leaseOwner: 'next', leaseMs: 60_000 });
    expect(again).toMatchObject({ task_id: t!.task_id, attempt: 2, status: 'running', checkpoint: { cursor: 7 } });

    // With no attempt left it fails instead, and its last attempt reads as lost.
    const [last] = await storage.tasks.insertTasks([newTaskFixture('expired_last', { max_attempts: 1 })]);
    const [c2] = await storage.tasks.claimTasks({ types: ['expired_last'], limit: 1, leaseOwner: 'elsewhere:1:gone', leaseMs: 50 });
    await untilClockPasses(ms(c2!.lease_expires_at) + ROUNDING_MS);
    const [failed] = await storage.tasks.recoverAbandoned(ABANDONED_ERROR, []);
    expect(failed).toMatchObject({ task_id: last!.task_id, status: 'failed', error: ABANDONED_ERROR });
    const engine = newEngine(storage, 4, { runTasks: false });
    expect((await attemptsOf(engine, last!.task_id)).map((a) => [a.attempt, a.outcome])).toEqual([[1, 'lost']]);
  });

  it('retryLater is fenced by the attempt, and a cancellation requested meanwhile wins', async () => {
    const storage = suite.storage();
    const [a, b] = await storage.tasks.insertTasks([
      newTaskFixture('later_store', { max_attempts: 3 }),
      newTaskFixture('later_store', { max_attempts: 3 }),
    ]);
    await storage.tasks.claimTasks({ types: ['later_store'], limit: 2, leaseOwner: 'me', leaseMs: 60_000 });
    await expect(storage.tasks.retryLater(a!.task_id, 'сбой', {}, 2, 1_000)).rejects.toBeInstanceOf(LeaseLostError);
    const row = await storage.tasks.retryLater(a!.task_id, 'сбой', { processed: 3, message: 'три' }, 1, 1_000);
    expect(row).toMatchObject({ status: 'pending', attempt: 1, error: 'сбой', processed: 3, message: 'три' });
    expect(row.attempt_log.map((x) => [x.attempt, x.outcome, x.error, x.node])).toEqual([[1, 'failed', 'сбой', 'me']]);
    expect(ms(row.run_at) - Date.now()).toBeGreaterThan(500);

    await storage.tasks.requestCancel(b!.task_id);
    const cancelled = await storage.tasks.retryLater(b!.task_id, 'сбой', {}, 1, 1_000);
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    expect((await storage.tasks.nextRunAt(['later_store']))?.runAt).toEqual(new Date(ms(row.run_at)));
  });
}
