/**
 * Edits (issue 12) through ScheduleService while schedulers run: disabling stops the ticks, enabling resumes them,
 * a new expression takes effect; a node on another store handle (another process) hears an edit through
 * watchSchedules, and two nodes together still create exactly one task per tick. SQLite and PostgreSQL alike.
 */
import { describe, expect, it } from 'vitest';
import type { ScheduleFields } from './index.js';
import {
  QUICK,
  cronAt,
  schedulerBackends,
  ticksOf,
  until,
  untilClockPast,
  untilPast,
  useSchedulerWorld,
  wholeSeconds,
} from '../../test/support/schedulerNodes.js';

/** A schedule as the routes hand it to the service: of the quick type, in UTC, every tick gets its task. */
const fields = (overrides: Partial<ScheduleFields> = {}): ScheduleFields => ({
  name: 'edited',
  task_type: QUICK,
  payload: null,
  cron: '* * * * * *',
  timezone: 'UTC',
  enabled: true,
  missed: 'all',
  missed_cap: 100,
  overlap: 'allow',
  ...overrides,
});

const allowed = () => {};

describe.each(await schedulerBackends())('scheduler, edits: $name', ({ makeHarness }) => {
  const world = useSchedulerWorld(makeHarness);

  it('disabling stops the ticks (none after next_run_at passes); enabling again resumes them from then on', async () => {
    const storage = world.storage();
    const node = await world.node();
    const row = await node.service.create(fields(), null);
    await until(async () => expect((await ticksOf(node, row.id)).length).toBeGreaterThanOrEqual(2));

    const disabled = await node.service.update(row.id, { enabled: false }, allowed);
    expect(disabled.next_run_at).toBeNull();
    const { now: disabledAt } = await wholeSeconds(storage);
    const before = await ticksOf(node, row.id);
    // Three ticks' worth of time, and passes after it: nothing more.
    await untilClockPast(storage, disabledAt, 3_000);
    const passes = node.scheduler.passes;
    await until(() => expect(node.scheduler.passes).toBeGreaterThan(passes + 1));
    expect(await ticksOf(node, row.id)).toEqual(before);

    const enabled = await node.service.update(row.id, { enabled: true }, allowed);
    expect(Date.parse(enabled.next_run_at!)).toBeGreaterThan(disabledAt.getTime() + 3_000);
    const after = await until(async () => {
      const ticks = await ticksOf(node, row.id);
      expect(ticks.length).toBeGreaterThanOrEqual(before.length + 2);
      return ticks;
    });
    // The ticks of the time it was off were not made up for: the first after it is the enabled next_run_at.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[before.length]).toBe(enabled.next_run_at);
    await node.service.update(row.id, { enabled: false }, allowed);
  });

  it('a new expression takes effect: the old one’s tick never comes, the new one’s ticks each get a task', async () => {
    const storage = world.storage();
    const node = await world.node();
    const row = await node.service.create(fields({ cron: '0 0 1 1 *' }), null);
    const { tick } = await wholeSeconds(storage);
    const ticks = [tick(3), tick(4), tick(5)];
    const edited = await node.service.update(row.id, { cron: cronAt(ticks) }, allowed);
    expect(edited.next_run_at).toBe(ticks[0]!.toISOString());
    await untilPast(storage, row.id, ticks[2]!);
    expect(await ticksOf(node, row.id)).toEqual(ticks.map((t) => t.toISOString()));
  });

  it('a node on another handle hears an edit through watchSchedules (its own timer would sleep a minute)', async () => {
    const storage = world.storage();
    // Node A edits but does not fire; node B fires, with a backstop far longer than the test.
    const a = await world.node({ start: false });
    const b = await world.node({ another: true, settings: { backstopMs: 60_000 } });
    await until(() => expect(b.scheduler.passes).toBeGreaterThanOrEqual(1));
    const row = await a.service.create(fields({ cron: '0 0 1 1 *' }), null);
    const { tick } = await wholeSeconds(storage);
    const ticks = [tick(3), tick(4), tick(5)];
    await a.service.update(row.id, { cron: cronAt(ticks) }, allowed);
    await untilPast(storage, row.id, ticks[2]!);
    expect(await ticksOf(a, row.id)).toEqual(ticks.map((t) => t.toISOString()));
    expect(a.scheduler.passes).toBe(0);
  });

  it('two nodes on two handles, both firing: exactly one task per tick of a seconds-level schedule', async () => {
    const a = await world.node();
    const b = await world.node({ another: true });
    const row = await a.service.create(fields(), null);
    await until(async () => expect((await ticksOf(b, row.id)).length).toBeGreaterThanOrEqual(6));
    await a.service.update(row.id, { enabled: false }, allowed);
    const ticks = await ticksOf(b, row.id);
    expect(new Set(ticks).size).toBe(ticks.length);
    // No gap either: every second from the first tick to the last.
    const first = Date.parse(ticks[0]!);
    expect(ticks).toEqual(ticks.map((_, i) => new Date(first + i * 1000).toISOString()));
    // Both were looking all along.
    expect(a.scheduler.passes).toBeGreaterThan(1);
    expect(b.scheduler.passes).toBeGreaterThan(1);
  });
});
