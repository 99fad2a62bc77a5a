/**
 * Issue 11 on the SQLite task store, through the store interface: delayed tasks, the claim order by claim key,
 * retryLater, manual and bulk retries, nextRunAt, idempotency keys, attempt_log, the node kept by final writes,
 * migration 006 over existing rows, and the plans of the claim and the timer's query.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ABANDONED_ERROR,
  InvalidTransitionError,
  LeaseLostError,
  type NewTask,
  TaskAlreadyActiveError,
  TaskNotFoundError,
  TaskNotRetryableError,
  type TaskRow,
  attemptsOf,
} from '../../engine/index.js';
import { type SqliteStorage, openSqlite } from './openSqlite.js';
import { newTaskFixture } from '../../../test/store/conformance/newTaskFixture.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const OWNER = 'node-a:1:x';
let dir: string;
let storage: SqliteStorage;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taskcast-retries-'));
  storage = openSqlite({ file: join(dir, 'taskcast.db') });
  await storage.migrate();
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = async (type: string, o: Partial<NewTask> = {}) => (await storage.tasks.insertTasks([newTaskFixture(type, o)]))[0]!;
const claim = (type: string, limit = 10) => storage.tasks.claimTasks({ types: [type], limit, leaseOwner: OWNER, leaseMs: 60_000 });
const raw = (id: string) =>
  storage.db.prepare('SELECT run_at, claim_key, idempotency_key FROM tasks WHERE task_id = ?').get(id) as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SQLite task store: delayed tasks and the claim order', () => {
  it('keeps a delayed task out of claims until its run_at; a past run_at means now', async () => {
    const at = new Date(Date.now() + 150).toISOString();
    const later = await insert('delayed', { run_at: at });
    expect(later.run_at).toBe(at);
    expect(await storage.tasks.getTask(later.task_id)).toEqual(later);
    const past = await insert('delayed', { run_at: new Date(Date.now() - 60_000).toISOString() });
    expect(past.run_at).toBe(past.created_at);
    expect(await storage.tasks.getTask(past.task_id)).toEqual(past);
    expect((await claim('delayed')).map((r) => r.task_id)).toEqual([past.task_id]);
    expect((await storage.tasks.nextRunAt(['delayed']))?.runAt).toEqual(new Date(at));
    expect(await storage.tasks.nextRunAt(['other'])).toBeNull();
    await sleep(170);
    // Due, not claimed yet: still named, with a wait ≤ 0 (a runner whose claim just missed it claims it next).
    expect(await storage.tasks.nextRunAt(['delayed'])).toMatchObject({ runAt: new Date(at), inMs: expect.any(Number) });
    expect((await storage.tasks.nextRunAt(['delayed']))!.inMs).toBeLessThanOrEqual(0);
    expect((await claim('delayed')).map((r) => r.task_id)).toEqual([later.task_id]);
  });

  it('claims by run_at − lead: a higher priority goes ahead, and a task that waited long enough overtakes it', async () => {
    const low = await insert('order', { priority: -1, lead_ms: -3000 });
    const none = await insert('order');
    const high = await insert('order', { priority: 1, lead_ms: 3000 });
    expect(raw(high.task_id)).toMatchObject({ claim_key: Date.parse(high.run_at) - 3000 });
    // Waited 10 s before the others came: ahead of a priority 1 task that arrives now (lead 3 s).
    storage.db.prepare('UPDATE tasks SET claim_key = claim_key - 10000 WHERE task_id = ?').run(low.task_id);
    expect((await claim('order', 2)).map((r) => r.task_id)).toEqual([low.task_id, high.task_id]);
    expect((await claim('order')).map((r) => r.task_id)).toEqual([none.task_id]);
  });

  it('walks tasks_claim_idx in claim order (no sort) and answers nextRunAt from tasks_delayed_idx', () => {
    const plan = (file: string, params: Record<string, unknown>) =>
      (
        storage.db.prepare(`EXPLAIN QUERY PLAN ${readFileSync(join(HERE, 'sql', 'tasks', file), 'utf8')}`).all(params) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
    const claimPlan = plan('claimTasks.sql', { now: 1, owner: 'o', expires: 2, types: '["a"]', limit: 5 });
    expect(claimPlan).toContain('SCAN tasks USING INDEX tasks_claim_idx');
    expect(claimPlan.join('\n')).not.toMatch(/TEMP B-TREE/);
    const timerPlan = plan('nextRunAt.sql', { types: '["a"]' });
    expect(timerPlan).toContain('SCAN tasks USING INDEX tasks_delayed_idx');
    expect(timerPlan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('SQLite task store: retries', () => {
  it('retryLater: pending again after the delay, keeping its lead; the attempt logged; the next completion clears the error', async () => {
    const t = await insert('flaky', {
      max_attempts: 3,
      priority: 2,
      lead_ms: 6000,
      backoff: { base_ms: 5, factor: 2, max_ms: 10, jitter: 'none' },
    });
    expect(t.backoff).toEqual({ base_ms: 5, factor: 2, max_ms: 10, jitter: 'none' });
    const [run] = await claim('flaky');
    const before = Date.now();
    const r = await storage.tasks.retryLater(t.task_id, 'boom', { processed: 3, message: 'three' }, 1, 120);
    expect(r).toMatchObject({ status: 'pending', error: 'boom', processed: 3, message: 'three', attempt: 1, started_at: null });
    expect(r).toMatchObject({ completed_at: null, lease_owner: null, lease_expires_at: null, seq: run!.seq + 1 });
    expect(Date.parse(r.run_at) - before).toBeGreaterThanOrEqual(120);
    expect(raw(t.task_id).claim_key).toBe(Date.parse(r.run_at) - 6000);
    expect(r.attempt_log).toEqual([
      {
        attempt: 1,
        started_at: Date.parse(run!.started_at!),
        finished_at: expect.any(Number),
        outcome: 'failed',
        error: 'boom',
        node: OWNER,
      },
    ]);
    expect(await storage.tasks.getTask(t.task_id)).toEqual(r);
    expect(await claim('flaky')).toEqual([]);
    expect((await storage.tasks.nextRunAt(['flaky']))?.runAt).toEqual(new Date(r.run_at));
    await sleep(140);
    const [again] = await claim('flaky');
    expect(again).toMatchObject({ attempt: 2, error: 'boom' });
    const done = await storage.tasks.completeTask(t.task_id, 7, {}, 2);
    expect(done).toMatchObject({ status: 'completed', error: null, lease_owner: OWNER, lease_expires_at: null });
    expect(attemptsOf(done).map((a) => [a.attempt, a.outcome, a.error, a.node])).toEqual([
      [1, 'failed', 'boom', OWNER],
      [2, 'completed', null, OWNER],
    ]);
  });

  it('retryLater is fenced like the other writes, and ends the task cancelled when a cancellation was requested', async () => {
    const t = await insert('flaky', { max_attempts: 3 });
    await claim('flaky');
    await expect(storage.tasks.retryLater(t.task_id, 'x', {}, 2, 10)).rejects.toBeInstanceOf(LeaseLostError);
    await storage.tasks.requestCancel(t.task_id);
    const r = await storage.tasks.retryLater(t.task_id, 'boom', {}, 1, 10);
    expect(r).toMatchObject({ status: 'cancelled', lease_owner: OWNER, cancel_requested: true, error: null });
    expect(r.completed_at).not.toBeNull();
    expect(r.attempt_log).toMatchObject([{ attempt: 1, outcome: 'cancelled', error: 'boom', node: OWNER }]);
    await expect(storage.tasks.retryLater(t.task_id, 'x', {}, 1, 10)).rejects.toBeInstanceOf(InvalidTransitionError);
    // A manual retry does not log that attempt twice.
    expect(await storage.tasks.retryFinished(t.task_id)).toMatchObject({ status: 'pending', attempt_log: [{ attempt: 1 }] });
    await expect(storage.tasks.retryLater('00000000-0000-7000-8000-000000000000', 'x', {}, 1, 10)).rejects.toBeInstanceOf(
      TaskNotFoundError,
    );
  });

  it('final writes keep the node of the last attempt', async () => {
    const [a, b, c] = [await insert('end'), await insert('end'), await insert('end')];
    await claim('end');
    expect(await storage.tasks.failTask(a.task_id, 'no', {}, 1)).toMatchObject({ lease_owner: OWNER, lease_expires_at: null });
    expect(await storage.tasks.markCancelled(b.task_id, {}, 1)).toMatchObject({ lease_owner: OWNER, lease_expires_at: null });
    const [done] = await storage.tasks.completeTasks([{ taskId: c.task_id, result: 1, update: {}, fence: 1 }]);
    expect(done).toMatchObject({ status: 'completed', lease_owner: OWNER, lease_expires_at: null });
  });

  it('retryFinished: the next attempt of a failed or cancelled task, its history and checkpoint kept', async () => {
    const t = await insert('manual', { max_attempts: 1, lead_ms: -3000 });
    await claim('manual');
    await storage.tasks.saveCheckpoint(t.task_id, { processed: 4 }, { next: 4 }, 1);
    await storage.tasks.requestCancel(t.task_id);
    const failed = await storage.tasks.failTask(t.task_id, 'broke', {}, 1);
    const before = Date.now();
    const r = await storage.tasks.retryFinished(t.task_id);
    expect(r).toMatchObject({ status: 'pending', attempt: 1, max_attempts: 2, processed: 4, checkpoint: { next: 4 }, error: 'broke' });
    expect(r).toMatchObject({ cancel_requested: false, started_at: null, completed_at: null, lease_owner: null, seq: failed.seq + 1 });
    expect(Date.parse(r.run_at)).toBeGreaterThanOrEqual(before);
    expect(raw(t.task_id).claim_key).toBe(Date.parse(r.run_at) + 3000);
    expect(r.attempt_log).toEqual([
      {
        attempt: 1,
        started_at: Date.parse(failed.started_at!),
        finished_at: Date.parse(failed.completed_at!),
        outcome: 'failed',
        error: 'broke',
        node: OWNER,
      },
    ]);
    expect(await storage.tasks.getTask(t.task_id)).toEqual(r);
    await expect(storage.tasks.retryFinished(t.task_id)).rejects.toBeInstanceOf(TaskNotRetryableError);
    // Cancelled before it ran again: retried without logging attempt 1 twice.
    await storage.tasks.requestCancel(t.task_id);
    expect((await storage.tasks.retryFinished(t.task_id)).attempt_log).toHaveLength(1);
    const [second] = await claim('manual');
    expect(second).toMatchObject({ attempt: 2, checkpoint: { next: 4 } });
    await storage.tasks.completeTask(t.task_id, null, {}, 2);
    await expect(storage.tasks.retryFinished(t.task_id)).rejects.toBeInstanceOf(TaskNotRetryableError);
    await expect(storage.tasks.retryFinished('00000000-0000-7000-8000-000000000000')).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('retryFinished: a task that never started logs no attempt; one that failed abandoned logs it lost', async () => {
    const never = await insert('manual');
    await storage.tasks.failTask(never.task_id, 'refused', {});
    expect(await storage.tasks.retryFinished(never.task_id)).toMatchObject({ status: 'pending', attempt: 0, attempt_log: [] });
    const lost = await insert('lost');
    await storage.tasks.claimTasks({ types: ['lost'], limit: 1, leaseOwner: 'dead', leaseMs: 60_000 });
    await storage.tasks.recoverAbandoned(ABANDONED_ERROR, ['dead']);
    expect(await storage.tasks.getTask(lost.task_id)).toMatchObject({ status: 'failed', lease_owner: 'dead' });
    const r = await storage.tasks.retryFinished(lost.task_id);
    expect(r.attempt_log).toMatchObject([{ attempt: 1, outcome: 'lost', error: ABANDONED_ERROR, node: 'dead' }]);
  });

  it('retryFinishedMany: up to the limit of a status and type, oldest first, their starts spread', async () => {
    const x: TaskRow[] = [];
    for (let i = 0; i < 5; i++) x.push(await insert('bulk'));
    const y = await insert('other');
    await claim('bulk');
    await claim('other');
    for (const t of [...x, y]) await storage.tasks.failTask(t.task_id, 'e', {}, 1);
    const cancelled = await insert('bulk');
    await storage.tasks.requestCancel(cancelled.task_id);
    const before = Date.now();
    const rows = await storage.tasks.retryFinishedMany({ status: 'failed', taskType: 'bulk', limit: 3, perSecond: 10 });
    expect(rows.map((r) => r.task_id)).toEqual(x.slice(0, 3).map((t) => t.task_id));
    const start = Date.parse(rows[0]!.run_at);
    expect(start).toBeGreaterThanOrEqual(before);
    expect(rows.map((r) => Date.parse(r.run_at) - start)).toEqual([0, 100, 200]);
    for (const r of rows) expect(r).toMatchObject({ status: 'pending', max_attempts: 2, attempt_log: [{ attempt: 1, outcome: 'failed' }] });
    const all = await storage.tasks.retryFinishedMany({ status: 'failed', limit: 10, perSecond: 20 });
    expect(all.map((r) => r.task_id)).toEqual([x[3]!.task_id, x[4]!.task_id, y.task_id]);
    expect((await storage.tasks.retryFinishedMany({ status: 'cancelled', limit: 10, perSecond: 20 })).map((r) => r.task_id)).toEqual([
      cancelled.task_id,
    ]);
    expect(await storage.tasks.retryFinishedMany({ status: 'failed', limit: 10, perSecond: 20 })).toEqual([]);
  });
});

describe('SQLite task store: attempt_log of requeues', () => {
  it('recoverAbandoned logs a lost attempt and keeps the place in line; handBackTask logs an interrupted one; releaseTasks none', async () => {
    const t = await insert('requeue', { max_attempts: 2, lead_ms: 3000 });
    const key = raw(t.task_id).claim_key;
    await storage.tasks.claimTasks({ types: ['requeue'], limit: 1, leaseOwner: 'dead', leaseMs: 60_000 });
    const [lost] = await storage.tasks.recoverAbandoned('gone', ['dead']);
    expect(lost).toMatchObject({ status: 'pending', error: null, lease_owner: null, started_at: null, run_at: t.run_at });
    expect(lost!.attempt_log).toMatchObject([{ attempt: 1, outcome: 'lost', error: 'gone', node: 'dead' }]);
    expect(raw(t.task_id).claim_key).toBe(key);
    await claim('requeue');
    const back = await storage.tasks.handBackTask(t.task_id, {}, 2);
    expect(back).toMatchObject({ status: 'pending', max_attempts: 3, lease_owner: null });
    expect(back.attempt_log.map((a) => [a.attempt, a.outcome, a.node])).toEqual([
      [1, 'lost', 'dead'],
      [2, 'interrupted', OWNER],
    ]);
    await claim('requeue');
    const [released] = await storage.tasks.releaseTasks([{ taskId: t.task_id, fence: 3 }]);
    expect(released).toMatchObject({ status: 'pending', attempt: 2 });
    expect(released!.attempt_log).toHaveLength(2);
  });
});

describe('SQLite task store: idempotency keys', () => {
  const keyed = (key: string, o: Partial<NewTask> = {}) => ({ ...newTaskFixture('keyed', o), idempotency_key: key });

  it('returns the active or recently finished task of the key; after the window the key goes to a new task', async () => {
    const first = await storage.tasks.insertIdempotent(keyed('k1'), 60_000);
    expect(first.created).toBe(true);
    expect(await storage.tasks.getTask(first.row.task_id)).toEqual(first.row);
    const again = await storage.tasks.insertIdempotent(keyed('k1'), 60_000);
    expect(again).toEqual({ row: first.row, created: false });
    // Another type may use the same key.
    expect((await storage.tasks.insertIdempotent({ ...keyed('k1'), task_type: 'other' }, 60_000)).created).toBe(true);
    await claim('keyed');
    await storage.tasks.completeTask(first.row.task_id, null, {}, 1);
    const finished = await storage.tasks.insertIdempotent(keyed('k1'), 60_000);
    expect(finished).toMatchObject({ row: { task_id: first.row.task_id, status: 'completed' }, created: false });
    await sleep(5);
    const fresh = await storage.tasks.insertIdempotent(keyed('k1'), 1);
    expect(fresh.created).toBe(true);
    expect(fresh.row.task_id).not.toBe(first.row.task_id);
    expect(raw(first.row.task_id).idempotency_key).toBeNull();
    expect(raw(fresh.row.task_id).idempotency_key).toBe('k1');
  });

  it('creates exactly one task for concurrent calls from two connections', async () => {
    const other = openSqlite({ file: join(dir, 'taskcast.db') });
    await other.migrate();
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other : storage).tasks.insertIdempotent(keyed('same'), 60_000)),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.row.task_id)).size).toBe(1);
    } finally {
      await other.close();
    }
  });

  it('a singleton conflict is TaskAlreadyActiveError, as in insertTasks', async () => {
    const active = await insert('keyed', { singleton_key: 'one' });
    const refused = await storage.tasks.insertIdempotent(keyed('k2', { singleton_key: 'one' }), 60_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TaskAlreadyActiveError);
    expect((refused as TaskAlreadyActiveError).activeTaskId).toBe(active.task_id);
  });
});

describe('SQLite migration 006', () => {
  it('gives existing tasks run_at = created_at and claim_key = created_at − priority × 3 s, in claim order', async () => {
    const file = join(dir, 'old.db');
    const db = new Database(file);
    const migrations = join(HERE, 'migrations');
    db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const f of readdirSync(migrations)
      .sort()
      .filter((f) => f < '006')) {
      db.exec(readFileSync(join(migrations, f), 'utf8'));
      db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(Number(f.slice(0, 3)), f);
    }
    const add = db.prepare(`INSERT INTO tasks (task_id, task_type, status, created_at, priority) VALUES (?, 'old', 'pending', ?, ?)`);
    add.run('00000000-0000-7000-8000-000000000001', 1_000_000, 0);
    add.run('00000000-0000-7000-8000-000000000002', 1_001_000, 1);
    db.close();
    const migrated = openSqlite({ file });
    await migrated.migrate();
    try {
      const row = migrated.db.prepare('SELECT run_at, claim_key, attempt_log, backoff FROM tasks WHERE priority = 1').get();
      expect(row).toEqual({ run_at: 1_001_000, claim_key: 998_000, attempt_log: '[]', backoff: null });
      const claimed = await migrated.tasks.claimTasks({ types: ['old'], limit: 2, leaseOwner: OWNER, leaseMs: 1000 });
      expect(claimed.map((r) => [r.priority, r.run_at, r.attempt_log])).toEqual([
        [1, new Date(1_001_000).toISOString(), []],
        [0, new Date(1_000_000).toISOString(), []],
      ]);
    } finally {
      await migrated.close();
    }
  });
});
