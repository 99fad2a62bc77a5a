/** Task store conformance: the tasks' log lines (ctx.log) — append, the bound, truncation, `since`, clean-up. */
import { expect, it, vi } from 'vitest';
import { ENGINE_DEFAULTS, type NewTaskLogLine, NonRetryableError } from '../../../src/engine/index.js';
import { waitForFinal } from '../../support/wait.js';
import { newTaskFixture } from './newTaskFixture.js';
import type { TaskSuite } from './taskSuite.js';

/** `n` lines logged at `at`, numbered from `from`. */
function lines(n: number, from = 1, at = Date.parse('2026-12-01T10:00:00.123Z')): NewTaskLogLine[] {
  return Array.from({ length: n }, (_, i) => ({ at, level: 'info' as const, message: `Строка ${from + i}`, fields: null }));
}

/** Registers the log tests. */
export function taskLogTests(suite: TaskSuite): void {
  const { newEngine, storage } = suite;

  it('appends lines in seq order from 1 and lists them after a seq, in the exact shape', async () => {
    const [task] = await storage().tasks.insertTasks([newTaskFixture('logs')]);
    const logs = storage().logs;
    const first = await logs.appendTaskLogs(
      task!.task_id,
      [{ at: Date.parse('2026-12-01T10:00:00.123Z'), level: 'warn', message: 'Повтор', fields: '{"code":"ONEC_TIMEOUT","n":2}' }],
      1000,
    );
    expect(first).toEqual([
      { seq: 1, at: '2026-12-01T10:00:00.123Z', level: 'warn', message: 'Повтор', fields: { code: 'ONEC_TIMEOUT', n: 2 } },
    ]);
    const more = await logs.appendTaskLogs(task!.task_id, lines(4, 2), 1000);
    expect(more.map((l) => l.seq)).toEqual([2, 3, 4, 5]);
    expect(more[0]).toEqual({ seq: 2, at: '2026-12-01T10:00:00.123Z', level: 'info', message: 'Строка 2', fields: null });
    expect((await logs.listTaskLogs(task!.task_id, 0, 100)).map((l) => l.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await logs.listTaskLogs(task!.task_id, 2, 100)).map((l) => l.seq)).toEqual([3, 4, 5]);
    expect((await logs.listTaskLogs(task!.task_id, 2, 2)).map((l) => l.message)).toEqual(['Строка 3', 'Строка 4']);
    expect(await logs.listTaskLogs(task!.task_id, 5, 100)).toEqual([]);
  });

  it('keeps the newest lines of a task past the bound of 1,000', async () => {
    const [task, other] = await storage().tasks.insertTasks([newTaskFixture('logs'), newTaskFixture('logs')]);
    const logs = storage().logs;
    const keep = ENGINE_DEFAULTS.taskLogLines;
    for (let batch = 0; batch < 3; batch++) await logs.appendTaskLogs(task!.task_id, lines(400, batch * 400 + 1), keep);
    await logs.appendTaskLogs(other!.task_id, lines(3), keep);
    const kept = await logs.listTaskLogs(task!.task_id, 0, 5000);
    expect(kept).toHaveLength(1000);
    expect(kept[0]).toMatchObject({ seq: 201, message: 'Строка 201' });
    expect(kept.at(-1)).toMatchObject({ seq: 1200, message: 'Строка 1200' });
    expect(await logs.listTaskLogs(other!.task_id, 0, 10)).toHaveLength(3);
  });

  it('stores nothing for a task that does not exist', async () => {
    const ghost = newTaskFixture('logs').task_id;
    expect(await storage().logs.appendTaskLogs(ghost, lines(2), 1000)).toEqual([]);
    expect(await storage().logs.listTaskLogs(ghost, 0, 10)).toEqual([]);
  });

  it('stores what handlers log before the final state, cut to 2 KB, numbered across attempts', async () => {
    const engine = newEngine(undefined, 4, { taskLogFlushMs: 10_000 });
    engine.defineTaskType<null>({
      type: 'talkative',
      backoff: { base_ms: 1, max_ms: 1, jitter: 'none' },
      async handler(ctx) {
        ctx.log('info', `Попытка ${ctx.attempt}`, { attempt: ctx.attempt });
        if (ctx.attempt === 1) {
          ctx.log('debug', 'я'.repeat(3000));
          ctx.log('warn', 'Большие поля', { blob: 'x'.repeat(5000) });
          throw new Error('первая попытка');
        }
        ctx.log('error', 'Вторая попытка', { nested: { ok: true } });
        if (ctx.attempt > 2) throw new NonRetryableError('не бывает');
      },
    });
    await engine.start();
    const created = await engine.enqueue('talkative', { max_attempts: 2 });
    const done = await waitForFinal(engine, created.task_id);
    expect(done.status).toBe('completed');
    // Flushed at the end of each attempt, not by the (10 s) timer: already stored when the task completed.
    const stored = await engine.listTaskLogs(created.task_id, 0, 100);
    expect(stored.map((l) => [l.seq, l.level])).toEqual([
      [1, 'info'],
      [2, 'debug'],
      [3, 'warn'],
      [4, 'info'],
      [5, 'error'],
    ]);
    expect(stored[0]).toMatchObject({ message: 'Попытка 1', fields: { attempt: 1 } });
    expect(stored[3]).toMatchObject({ message: 'Попытка 2', fields: { attempt: 2 } });
    expect(stored[4]!.fields).toEqual({ nested: { ok: true } });
    const long = stored[1]!;
    expect(Buffer.byteLength(long.message)).toBeLessThanOrEqual(2048);
    expect(Buffer.byteLength(long.message)).toBeGreaterThan(2000);
    expect(long.message.endsWith('… [обрезано]')).toBe(true);
    expect(long.message.startsWith('яяя')).toBe(true);
    expect(stored[2]).toMatchObject({ message: 'Большие поля', fields: { truncated: true } });
  });

  it('sends stored lines to the task’s log subscribers, in batches', async () => {
    const engine = newEngine(undefined, 4, { taskLogFlushMs: 20 });
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    engine.defineTaskType<null>({
      type: 'live',
      async handler(ctx) {
        for (let i = 1; i <= 50; i++) ctx.log('info', `Строка ${i}`);
        await released;
      },
    });
    await engine.start();
    const created = await engine.enqueue('live');
    const heard: number[] = [];
    let batches = 0;
    engine.subscribeLogs(created.task_id, (items) => {
      batches++;
      heard.push(...items.map((l) => l.seq));
    });
    await vi.waitFor(() => expect(heard).toHaveLength(50), { timeout: 5000 });
    expect(heard).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(batches).toBeLessThan(5);
    release();
    await waitForFinal(engine, created.task_id);
  });

  it('removes a task’s lines with the task (retention, clean-up)', async () => {
    const engine = newEngine();
    engine.defineTaskType<null>({
      type: 'short',
      handler(ctx) {
        ctx.log('info', 'Готово');
      },
    });
    await engine.start();
    const created = await engine.enqueue('short');
    await waitForFinal(engine, created.task_id);
    expect(await engine.listTaskLogs(created.task_id, 0, 10)).toHaveLength(1);
    expect(await storage().tasks.deleteFinishedBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await engine.listTaskLogs(created.task_id, 0, 10)).toEqual([]);
  });
}
