/**
 * In-process scheduler nodes on a real database, for the scheduler's behaviour tests (src/scheduler/scheduler*.test.ts):
 * each node is a storage handle (the first the test's, the others a new `harness.open()`, as another process
 * would have), a TaskEngine with task types the test controls, a Scheduler and a ScheduleService. The same tests
 * run on SQLite and on PostgreSQL (SCHEDULER_BACKENDS).
 */
import { afterEach, beforeEach, expect, vi } from 'vitest';
import { type Json, type Task, type TaskContext, TaskEngine, silentLogger, uuidv7 } from '../../src/engine/index.js';
import { ScheduleService, Scheduler, type SchedulerSettings } from '../../src/scheduler/index.js';
import type { NewSchedule, ScheduleRow } from '../../src/schedules/index.js';
import type { Storage } from '../../src/store/index.js';
import { postgresHarness, sqliteHarness } from '../store/conformance/harnesses.js';
import type { StoreHarness } from '../store/conformance/harnessTypes.js';
import { shouldRunPostgres } from './postgres.js';

/** The backends the scheduler tests run on: SQLite always, PostgreSQL when it answers (or is required). */
export async function schedulerBackends(): Promise<{ name: string; makeHarness: () => Promise<StoreHarness> }[]> {
  return [
    { name: 'SQLite', makeHarness: sqliteHarness },
    ...((await shouldRunPostgres()) ? [{ name: 'PostgreSQL', makeHarness: postgresHarness }] : []),
  ];
}

/** A task type whose runs finish at once. */
export const QUICK = 'scheduled_quick';
/** A task type whose runs wait until the test releases them (see {@link HoldingType}). */
export const HELD = 'scheduled_held';
/** Like {@link HELD}, and a singleton: at most one task pending or running. */
export const HELD_SINGLETON = 'scheduled_held_singleton';

/** Runs of a holding type: they stay running until released (or the engine stops). */
export class HoldingType {
  private readonly waiting = new Map<string, () => void>();
  private readonly released = new Set<string>();

  constructor(readonly type: string) {}

  readonly handler = async (ctx: TaskContext): Promise<Json> => {
    if (this.released.has(ctx.taskId)) return null;
    await new Promise<void>((resolve, reject) => {
      this.waiting.set(ctx.taskId, resolve);
      const onAbort = () => reject(new Error('stopped'));
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    this.waiting.delete(ctx.taskId);
    return null;
  };

  /** Lets the task's run end (now, or as soon as it starts). */
  release(taskId: string): void {
    this.released.add(taskId);
    this.waiting.get(taskId)?.();
  }
}

/** What one node runs. */
export interface SchedulerNode {
  storage: Storage;
  engine: TaskEngine;
  scheduler: Scheduler;
  service: ScheduleService;
}

/** Settings of the nodes' schedulers: small, so the tests take seconds. */
export const TEST_SETTINGS: Pick<SchedulerSettings, 'graceMs' | 'backstopMs' | 'minPeriodMs'> = {
  graceMs: 2_000,
  backstopMs: 500,
  minPeriodMs: 1_000,
};

/** What a scheduler test gets: the database of the running test and nodes on it, stopped and dropped after it. */
export interface SchedulerWorld {
  /** The running test's first storage handle. */
  storage(): Storage;
  /** The held task types (shared by every node of the test). */
  held: HoldingType;
  heldSingleton: HoldingType;
  /**
   * A node: on the test's storage (the first call) or on a new handle (`another`: another process), its engine
   * started, its scheduler started unless `start: false`.
   */
  node(options?: { another?: boolean; start?: boolean; settings?: Partial<SchedulerSettings> }): Promise<SchedulerNode>;
}

/** Registers the hooks that open the database (and nodes) for each test of the enclosing describe. */
export function useSchedulerWorld(makeHarness: () => Promise<StoreHarness>): SchedulerWorld {
  let harness: StoreHarness;
  let storage: Storage;
  let nodes: SchedulerNode[] = [];
  let held = new HoldingType(HELD);
  let heldSingleton = new HoldingType(HELD_SINGLETON);

  beforeEach(async () => {
    harness = await makeHarness();
    storage = await harness.open();
    nodes = [];
    world.held = held = new HoldingType(HELD);
    world.heldSingleton = heldSingleton = new HoldingType(HELD_SINGLETON);
  });
  afterEach(async () => {
    for (const node of nodes) await node.scheduler.stop();
    for (const node of nodes) await node.engine.stop(200);
    await harness.drop();
  });

  const world: SchedulerWorld = {
    storage: () => storage,
    held,
    heldSingleton,
    async node(options = {}) {
      const s = options.another ? await harness.open() : storage;
      const engine = new TaskEngine({ storage: s, concurrency: 4, progressIntervalMs: 20, heartbeatMs: 100 });
      engine.defineTaskType({ type: QUICK, handler: async () => ({ ok: true }) });
      engine.defineTaskType({ type: HELD, handler: held.handler });
      engine.defineTaskType({ type: HELD_SINGLETON, handler: heldSingleton.handler, singleton: true });
      await engine.start();
      const settings = { ...TEST_SETTINGS, ...options.settings };
      const scheduler = new Scheduler({
        store: s.schedules,
        watch: (onChange) => s.watchSchedules(onChange),
        engine,
        logger: silentLogger,
        settings,
      });
      const service = new ScheduleService(s.schedules, engine, settings, () => scheduler.poke());
      const node = { storage: s, engine, scheduler, service };
      nodes.push(node);
      if (options.start !== false) scheduler.start();
      return node;
    },
  };
  return world;
}

/** A schedule as the store takes it: UTC, enabled, missed `skip` (cap 10), overlap `skip`, of {@link QUICK}. */
export function scheduleFixture(overrides: Partial<NewSchedule> & Pick<NewSchedule, 'cron' | 'next_run_at'>): NewSchedule {
  return {
    id: uuidv7(),
    name: 'test schedule',
    task_type: QUICK,
    payload: { note: 'scheduled' },
    timezone: 'UTC',
    enabled: true,
    missed: 'skip',
    missed_cap: 10,
    overlap: 'skip',
    created_by: null,
    ...overrides,
  };
}

/** The database's now, to the whole second below, and whole-second ticks relative to it. */
export async function wholeSeconds(storage: Storage): Promise<{ now: Date; tick: (seconds: number) => Date }> {
  const now = await storage.schedules.now();
  const base = Math.floor(now.getTime() / 1000) * 1000;
  return { now, tick: (seconds) => new Date(base + seconds * 1000) };
}

/**
 * A 6-field UTC expression whose only runs between the first and the last of `ticks` are `ticks` (whole seconds,
 * spanning under a minute): each field lists the ticks' values. Across a minute (hour, day…) boundary the lists
 * make other runs too, but none inside the span; the next after it is far away (an hour or more).
 */
export function cronAt(ticks: readonly Date[]): string {
  const span = ticks.at(-1)!.getTime() - ticks[0]!.getTime();
  if (span >= 60_000 || ticks.some((t) => t.getUTCMilliseconds() !== 0)) throw new RangeError('whole-second ticks within a minute');
  const field = (of: (d: Date) => number) => [...new Set(ticks.map(of))].sort((a, b) => a - b).join(',');
  return [
    field((d) => d.getUTCSeconds()),
    field((d) => d.getUTCMinutes()),
    field((d) => d.getUTCHours()),
    field((d) => d.getUTCDate()),
    field((d) => d.getUTCMonth() + 1),
    '*',
  ].join(' ');
}

/** The tasks of a schedule, by scheduled_for. */
export async function tasksOf(node: { engine: TaskEngine }, scheduleId: string): Promise<Task[]> {
  const { tasks } = await node.engine.listTasks({ limit: 1000, offset: 0 });
  return tasks
    .filter((t) => t.metadata.schedule_id === scheduleId)
    .sort((a, b) => String(a.metadata.scheduled_for).localeCompare(String(b.metadata.scheduled_for)));
}

/** The ticks of a schedule's tasks (metadata.scheduled_for), in order. */
export async function ticksOf(node: { engine: TaskEngine }, scheduleId: string): Promise<string[]> {
  return (await tasksOf(node, scheduleId)).map((t) => String(t.metadata.scheduled_for));
}

/** Waits (polling) until `check` passes; a bound, not a delay. */
export function until<T>(check: () => Promise<T> | T, timeout = 15_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 50 });
}

/** Waits until the schedule's next_run_at is past `tick` (the pass that handled it has committed) and returns the row. */
export async function untilPast(storage: Storage, scheduleId: string, tick: Date, timeout?: number): Promise<ScheduleRow> {
  return until(async () => {
    const row = await storage.schedules.getSchedule(scheduleId);
    expect(row?.next_run_at).not.toBeNull();
    expect(Date.parse(row!.next_run_at!)).toBeGreaterThan(tick.getTime());
    return row!;
  }, timeout);
}

/** Waits until the database's clock is past `at` plus `ms`. */
export async function untilClockPast(storage: Storage, at: Date, ms = 0): Promise<void> {
  await until(async () => expect((await storage.schedules.now()).getTime()).toBeGreaterThan(at.getTime() + ms), 30_000);
}
