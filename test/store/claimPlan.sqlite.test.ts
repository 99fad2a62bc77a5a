/**
 * Issue 11 on SQLite: the claim walks tasks_claim_idx in claim order — no 'USE TEMP B-TREE FOR ORDER BY' — on an
 * analysed table of 20,000 pending tasks of mixed priorities and run times (and running and finished ones): the
 * store's own statement (sql/tasks/claimTasks.sql) with realistic parameters under EXPLAIN QUERY PLAN. Then
 * claims through the store come out in that order and pass over the tasks not yet due.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteStorage } from '../../src/store/index.js';
import { openTestSqlite } from '../support/sqlite.js';
import {
  AGING_MS,
  FINISHED,
  HOUR_MS,
  NOT_DUE_AHEAD,
  OWNER,
  PENDING,
  RUNNING,
  TYPES,
  dueOf,
  priorityOf,
  seededRandom,
  sqlFile,
} from './claimPlanSupport.js';

const CLAIM_SQL = readFileSync(sqlFile('sqlite', 'claimTasks'), 'utf8');

/** The fill of claimPlanSupport.ts (times in Unix ms, as the SQLite store keeps them). */
function fill(storage: SqliteStorage, now: number): void {
  const random = seededRandom(11);
  const insert = storage.db.prepare(
    `INSERT INTO tasks (task_id, task_type, status, created_at, started_at, completed_at, priority, run_at, claim_key,
       attempt, lease_owner, lease_expires_at)
     VALUES (@id, @type, @status, @created, @started, @completed, @priority, @runAt, @claimKey, @attempt, @owner, @expires)`,
  );
  const row = (o: Record<string, unknown>) => {
    const base = { id: randomUUID(), started: null, completed: null, priority: 0, attempt: 0, owner: null, expires: null };
    insert.run({ ...base, ...o });
  };
  storage.db.transaction(() => {
    for (let i = 0; i < PENDING; i++) {
      const runAt = Math.round(dueOf(i) ? now - random() * HOUR_MS : now + random() * HOUR_MS);
      const priority = priorityOf(i);
      const created = Math.min(runAt, now);
      row({ type: TYPES[i % 4], status: 'pending', created, priority, runAt, claimKey: runAt - priority * AGING_MS });
    }
    const long = now - HOUR_MS;
    for (let i = 0; i < RUNNING; i++) {
      const lease = { owner: 'node-other:1:x', expires: now + 60_000 };
      row({ type: TYPES[0], status: 'running', created: long, started: now, runAt: long, claimKey: long, attempt: 1, ...lease });
    }
    for (let i = 0; i < FINISHED; i++) {
      const status = i % 3 === 0 ? 'failed' : 'completed';
      row({ type: TYPES[1], status, created: long, started: long, completed: now, runAt: long, claimKey: long, attempt: 1 });
    }
    for (let i = 0; i < NOT_DUE_AHEAD; i++) {
      row({ type: TYPES[0], status: 'pending', created: now, priority: 10, runAt: now + 600_000, claimKey: now - 3 * HOUR_MS });
    }
  })();
  storage.db.exec('ANALYZE');
}

describe('SQLite claim plan at 20,000 pending tasks', () => {
  let storage: SqliteStorage & { drop(): Promise<void> };

  beforeAll(async () => {
    storage = await openTestSqlite();
    fill(storage, Date.now());
  });
  afterAll(async () => {
    await storage?.drop();
  });

  const plan = (types: string[], limit: number): string[] => {
    const now = Date.now();
    const params = { now, owner: OWNER, expires: now + 60_000, types: JSON.stringify(types), limit };
    return (storage.db.prepare(`EXPLAIN QUERY PLAN ${CLAIM_SQL}`).all(params) as { detail: string }[]).map((r) => r.detail);
  };

  for (const [label, types] of [
    ['every type', TYPES],
    ['one type of four', TYPES.slice(0, 1)],
  ] as const) {
    it(`${label}: the subquery scans tasks_claim_idx, nothing sorts, the rows are updated by primary key`, () => {
      for (const limit of [1, 10]) {
        const details = plan([...types], limit);
        expect(details, details.join('\n')).toContain('SCAN tasks USING INDEX tasks_claim_idx');
        expect(details.join('\n')).not.toMatch(/TEMP B-TREE/);
        expect(details.filter((d) => /^SCAN tasks$/.test(d))).toEqual([]);
        expect(details.some((d) => d.startsWith('SEARCH tasks USING PRIMARY KEY (task_id=?)'))).toBe(true);
      }
    });
  }

  it('claims through the store come out in claim order, due tasks only, past the tasks not yet due ahead of them', async () => {
    const now = Date.now();
    const due = `SELECT task_id FROM tasks WHERE status = 'pending' AND run_at <= ? ORDER BY claim_key, task_id LIMIT 25`;
    const expected = (storage.db.prepare(due).all(now) as { task_id: string }[]).map((r) => r.task_id);
    const claimed = await storage.tasks.claimTasks({ types: TYPES, limit: 25, leaseOwner: OWNER, leaseMs: 60_000 });
    expect(claimed.map((t) => t.task_id)).toEqual(expected);
    for (const t of claimed) expect(Date.parse(t.run_at)).toBeLessThanOrEqual(Date.now());
    const ahead = storage.db.prepare('SELECT status FROM tasks WHERE claim_key < ?').all(now - 2.5 * HOUR_MS) as { status: string }[];
    expect(ahead.map((r) => r.status)).toEqual(Array(NOT_DUE_AHEAD).fill('pending'));
  });
});
