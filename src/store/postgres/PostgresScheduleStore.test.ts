import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PostgresStorage } from '../index.js';
import { describeScheduleStore } from '../../../test/store/conformance/describeScheduleStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { type StoreHarness } from '../../../test/store/conformance/harnessTypes.js';
import { dbClock, decision, newScheduleFixture, tickTask } from '../../../test/store/conformance/scheduleSuite.js';
import { TEST_DATABASE_URL, shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeScheduleStore('PostgreSQL', postgresHarness);

  describe('schedule notifications', () => {
    let harness: StoreHarness;
    let a: PostgresStorage;
    let b: PostgresStorage;
    const stops: (() => void)[] = [];
    beforeEach(async () => {
      harness = await postgresHarness();
      a = (await harness.open()) as PostgresStorage;
      b = (await harness.open()) as PostgresStorage;
    });
    afterEach(async () => {
      for (const stop of stops.splice(0)) stop();
      await harness.drop();
    });

    /** A watcher on `b` and the number of calls it got; resolves once it listens (its first call). */
    async function watch() {
      const onChange = vi.fn();
      stops.push(b.watchSchedules(onChange));
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5_000, interval: 20 });
      onChange.mockClear();
      return onChange;
    }

    it("another process's watcher hears an insert, an edit and a delete", async () => {
      const onChange = await watch();
      const row = await a.schedules.insertSchedule(newScheduleFixture());
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
      await a.schedules.updateSchedule(row.id, 1, { enabled: false });
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(2), { timeout: 5_000, interval: 20 });
      // A stale edit writes nothing and tells nobody; the delete does.
      await a.schedules.updateSchedule(row.id, 1, { enabled: true });
      await a.schedules.deleteSchedule(row.id);
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(3), { timeout: 5_000, interval: 20 });
    });

    it('the watcher listens again after its connection is cut, and calls back for what it may have missed', async () => {
      const onChange = await watch();
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      try {
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN taskcast_schedules_${b.schema}%'`,
        );
      } finally {
        await admin.end();
      }
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5_000, interval: 20 });
      onChange.mockClear();
      await a.schedules.insertSchedule(newScheduleFixture());
      await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1), { timeout: 5_000, interval: 20 });
    });

    it("a fired tick's task wakes the runners: a notification on the new-task channel at commit", async () => {
      const listener = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await listener.connect();
      try {
        const heard = vi.fn();
        listener.on('notification', (n) => heard(n.channel));
        await listener.query(`LISTEN taskcast_new_tasks_${a.schema}`);
        const { at } = await dbClock(a);
        const row = await a.schedules.insertSchedule(newScheduleFixture({ next_run_at: at(-1_000) }));
        await a.schedules.fire(row.id, () => decision([tickTask(row.id, at(-1_000))], { next_run_at: at(60_000) }));
        await vi.waitFor(() => expect(heard).toHaveBeenCalledWith(`taskcast_new_tasks_${a.schema}`), { timeout: 5_000, interval: 20 });
      } finally {
        await listener.end();
      }
    });
  });
});
