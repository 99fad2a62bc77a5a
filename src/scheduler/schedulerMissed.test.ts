/**
 * Downtime (issue 12): ticks that passed while no scheduler ran follow the schedule's `missed` policy when a node
 * starts — `skip` → 0, `once` → 1 (the newest), `all` → each (the newest `missed_cap`) — and a tick still within
 * the grace runs as on time. The schedules are written through the store while no scheduler runs, due at the first
 * of three ticks already past by the database's clock; then a node starts. SQLite and PostgreSQL alike.
 */
import { describe, expect, it } from 'vitest';
import type { MissedPolicy } from '../wire/index.js';
import {
  cronAt,
  scheduleFixture,
  schedulerBackends,
  ticksOf,
  untilPast,
  useSchedulerWorld,
  wholeSeconds,
} from '../../test/support/schedulerNodes.js';

describe.each(await schedulerBackends())('scheduler, missed ticks: $name', ({ makeHarness }) => {
  const world = useSchedulerWorld(makeHarness);

  it('every node down for 3 ticks, then one starts: skip → 0, once → 1 (the 3rd), all → 3, all with missed_cap 2 → the newest 2', async () => {
    const storage = world.storage();
    const { tick } = await wholeSeconds(storage);
    // Three ticks 8, 7 and 6 s ago: each later than the grace (2 s) by now.
    const ticks = [tick(-8), tick(-7), tick(-6)];
    const iso = ticks.map((t) => t.toISOString());
    const policies: [MissedPolicy, number][] = [
      ['skip', 10],
      ['once', 10],
      ['all', 10],
      ['all', 2],
    ];
    const rows = [];
    for (const [missed, missed_cap] of policies) {
      rows.push(await storage.schedules.insertSchedule(scheduleFixture({ cron: cronAt(ticks), next_run_at: iso[0]!, missed, missed_cap })));
    }

    const node = await world.node();
    for (const row of rows) {
      const after = await untilPast(storage, row.id, ticks[2]!);
      expect(after).toMatchObject({ last_run_at: iso[2], last_error: null, skipped_count: 0, queued_for: null });
    }
    const [skip, once, all, capped] = await Promise.all(rows.map((row) => ticksOf(node, row.id)));
    expect(skip).toEqual([]);
    expect(once).toEqual([iso[2]]);
    expect(all).toEqual(iso);
    expect(capped).toEqual([iso[1], iso[2]]);
  });

  it('the newest tick still within the grace runs as on time; the older missed ones follow `missed`', async () => {
    const storage = world.storage();
    const { tick } = await wholeSeconds(storage);
    // 9 and 8 s ago (missed: later than the 5 s grace), and 1 s ago (within it when the node starts).
    const ticks = [tick(-9), tick(-8), tick(-1)];
    const iso = ticks.map((t) => t.toISOString());
    const skip = await storage.schedules.insertSchedule(scheduleFixture({ cron: cronAt(ticks), next_run_at: iso[0]!, missed: 'skip' }));
    const once = await storage.schedules.insertSchedule(scheduleFixture({ cron: cronAt(ticks), next_run_at: iso[0]!, missed: 'once' }));

    const node = await world.node({ settings: { graceMs: 5_000 } });
    await untilPast(storage, skip.id, ticks[2]!);
    await untilPast(storage, once.id, ticks[2]!);
    expect(await ticksOf(node, skip.id)).toEqual([iso[2]]);
    expect(await ticksOf(node, once.id)).toEqual([iso[1], iso[2]]);
  });

  it('a schedule whose ticks are still ahead when the node starts fires each on time', async () => {
    const storage = world.storage();
    const { tick } = await wholeSeconds(storage);
    const ticks = [tick(2), tick(3), tick(4)];
    const iso = ticks.map((t) => t.toISOString());
    const row = await storage.schedules.insertSchedule(scheduleFixture({ cron: cronAt(ticks), next_run_at: iso[0]!, overlap: 'allow' }));
    const node = await world.node();
    await untilPast(storage, row.id, ticks[2]!);
    expect(await ticksOf(node, row.id)).toEqual(iso);
  });
});
