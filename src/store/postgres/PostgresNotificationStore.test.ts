import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PostgresStorage } from '../index.js';
import { describeNotificationStore } from '../../../test/store/conformance/describeNotificationStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import type { StoreHarness } from '../../../test/store/conformance/harnessTypes.js';
import { REPORT, newRuleFixture, runningTask } from '../../../test/store/conformance/notificationSuite.js';
import { TEST_DATABASE_URL, shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeNotificationStore('PostgreSQL', postgresHarness);

  describe('notification wake-ups and the trigger’s cost', () => {
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

    it("another node's watcher hears an event the trigger records at commit", async () => {
      const onChange = vi.fn();
      stops.push(b.watchNotifications(onChange));
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5_000, interval: 20 });
      onChange.mockClear();
      await a.notifications.insertRule(newRuleFixture({ event: 'completed' }));
      const task = await runningTask(a, REPORT);
      await a.tasks.completeTask(task.task_id, null, {}, 1);
      await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5_000, interval: 20 });
    });

    it('the trigger probes indexes only: its rule and watch lookups plan as index scans', async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${a.schema}` });
      await c.connect();
      try {
        // Sequential scans priced out: the plan names the index that serves each probe (one must exist for it).
        await c.query('SET enable_seqscan = off');
        const plan = async (sql: string) =>
          (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
        const watches = await plan(`SELECT 1 FROM task_watches w WHERE w.task_id = '01900000-0000-7000-8000-000000000001'`);
        expect(watches).toMatch(/Index Only Scan|Index Scan/);
        const rules = await plan(
          `SELECT 1 FROM notification_rules r WHERE r.enabled AND r.event = 'completed' AND (r.task_type IS NULL OR r.task_type = 'x')`,
        );
        expect(rules).toMatch(/notification_rules_event_idx/);
      } finally {
        await c.end();
      }
    });
  });
});
