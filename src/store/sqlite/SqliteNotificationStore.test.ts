import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeNotificationStore } from '../../../test/store/conformance/describeNotificationStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';
import { REPORT, newRuleFixture, runningTask } from '../../../test/store/conformance/notificationSuite.js';
import { openSqlite, type SqliteStorage } from './openSqlite.js';

describeNotificationStore('SQLite', sqliteHarness);

/** What only SQLite does: the watcher's look at the newest event id (data_version misses this connection's own commits). */
describe('SQLite notification watcher', () => {
  let dir: string;
  const opened: SqliteStorage[] = [];
  const open = async () => {
    const s = openSqlite({ file: join(dir, 'taskcast.db'), notificationPollIntervalMs: 10, checkpointIntervalMs: 0 });
    await s.migrate();
    opened.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taskcast-notifications-'));
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hears an event the trigger inserts on its own connection, and one another process inserts', async () => {
    const a = await open();
    const b = await open();
    const onA = vi.fn();
    const onB = vi.fn();
    const stops = [a.watchNotifications(onA), b.watchNotifications(onB)];
    await a.notifications.insertRule(newRuleFixture({ event: 'completed' }));
    const task = await runningTask(a, REPORT);
    await a.tasks.completeTask(task.task_id, null, {}, 1);
    await vi.waitFor(() => expect(onA).toHaveBeenCalled(), { timeout: 5_000, interval: 10 });
    await vi.waitFor(() => expect(onB).toHaveBeenCalled(), { timeout: 5_000, interval: 10 });
    for (const stop of stops) stop();
  });

  it('the trigger probes indexes only: its rule and watch lookups are index searches', async () => {
    const { db } = await open();
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan(`SELECT 1 FROM task_watches w WHERE w.task_id = 'x'`)).toMatch(/^SEARCH w USING PRIMARY KEY \(task_id=\?\)$/);
    expect(
      plan(
        `SELECT 1 FROM notification_rules r WHERE r.enabled = 1 AND r.event = 'completed' AND (r.task_type IS NULL OR r.task_type = 'x')`,
      ),
    ).toMatch(/^SEARCH r USING COVERING INDEX notification_rules_event_idx \(event=\?\)$/);
  });
});
