import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeScheduleStore } from '../../../test/store/conformance/describeScheduleStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';
import { dbClock, decision, newScheduleFixture, tickTask } from '../../../test/store/conformance/scheduleSuite.js';
import { openSqlite, type SqliteStorage } from './openSqlite.js';

describeScheduleStore('SQLite', sqliteHarness);

/** What only SQLite does: its own clock against a skewed process clock, and the data_version wake-ups. */
describe('SQLite schedule store', () => {
  let dir: string;
  const opened: SqliteStorage[] = [];
  const open = async () => {
    const s = openSqlite({ file: join(dir, 'taskcast.db'), pollIntervalMs: 5, schedulePollIntervalMs: 20, checkpointIntervalMs: 0 });
    await s.migrate();
    opened.push(s);
    return s;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taskcast-schedules-'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const s of opened.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('judges due-ness by SQLite’s clock, not the process’s: a process an hour slow still fires a due tick', async () => {
    const { schedules } = await open();
    const now = await schedules.now();
    const tick = new Date(now.getTime() - 1_000).toISOString();
    const row = await schedules.insertSchedule(newScheduleFixture({ next_run_at: tick }));
    vi.useFakeTimers({ toFake: ['Date'], now: now.getTime() - 3_600_000 });
    expect(Math.abs((await schedules.now()).getTime() - now.getTime())).toBeLessThan(5_000);
    expect((await schedules.nextDue())!.inMs).toBeLessThanOrEqual(-1_000);
    expect(await schedules.dueSchedules(10)).toEqual([row.id]);
    const fired = await schedules.fire(row.id, () => decision([tickTask(row.id, tick)], { next_run_at: null, last_run_at: tick }));
    // The task too is created at the database's now.
    expect(Math.abs(Date.parse(fired!.created[0]!.created_at) - now.getTime())).toBeLessThan(5_000);
  });

  it('another process hears of a schedule edit (watchSchedules) and of a fired task (watchNewTasks)', async () => {
    const a = await open();
    const b = await open();
    const onSchedule = vi.fn();
    const onTasks = vi.fn();
    const stops = [b.watchSchedules(onSchedule), b.watchNewTasks(onTasks)];
    const { at } = await dbClock(a);
    const row = await a.schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
    await vi.waitFor(() => expect(onSchedule).toHaveBeenCalled());
    onTasks.mockClear();
    await a.schedules.fire(row.id, (due) => decision([tickTask(row.id, due.row.next_run_at!)], { next_run_at: null }));
    await vi.waitFor(() => expect(onTasks).toHaveBeenCalled());
    for (const stop of stops) stop();
  });
});
