/**
 * Schedule workers on one fresh PostgreSQL database for the multi-process schedule tests (issue 12): real
 * processes (scheduleWorker.ts: the worker node with a no-op task type and the scheduler), each with its own
 * JavaScript clock offset, killed with SIGKILL and started again under the same name while the test runs. Every
 * "schedule fired" log line of every process is read as it is printed, so the test can say which process fired
 * which tick. No vitest here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../../src/engine/index.js';
import { nextRun, parseSchedule, type ScheduleRow } from '../../src/schedules/index.js';
import { openPostgres, type PostgresStorage } from '../../src/store/index.js';
import { createTestDatabase, type TestDatabase } from './cluster.js';
import { NodeProcess } from './processes.js';

/** The task type of scheduleWorker.ts: returns at once. */
export const SCHEDULED_NOOP = 'scheduled_noop';

/** One worker slot: a name and a clock offset; its process changes with every restart. */
export interface ScheduleWorker {
  name: string;
  offsetMs: number;
  process: NodeProcess | null;
  /** performance.now() when its current process was spawned. */
  spawnedAt: number;
  /** Whether its current process has printed its ready line. */
  ready: boolean;
  /** The start under way (spawn → ready), if any. */
  starting: Promise<void> | null;
}

/** A process's life: spawned and ended (performance.now(); null while it runs). */
export interface Lifetime {
  name: string;
  spawnedAt: number;
  endedAt: number | null;
}

/** What a task row of a schedule tells the tests. */
export interface ScheduledTaskRow {
  task_id: string;
  status: string;
  idempotency_key: string | null;
  scheduled_for: string;
  /** By the database's clock (the fire's transaction). */
  created_at: string;
  lease_owner: string | null;
}

const READY = /Taskcast worker (\S+) running/;

export class ScheduleWorkers {
  readonly workers = new Map<string, ScheduleWorker>();
  /** Task id → the worker name whose process logged firing it. */
  readonly firedBy = new Map<string, string>();
  /** Lease owner id → worker name (lease owners change with every process). */
  readonly owners = new Map<string, string>();
  readonly lifetimes: Lifetime[] = [];
  kills = 0;
  starts = 0;
  private readonly dataRoot = mkdtempSync(join(tmpdir(), 'taskcast-schedules-'));

  private constructor(
    readonly db: TestDatabase,
    readonly storage: PostgresStorage,
    private readonly env: Record<string, string>,
  ) {}

  /** A fresh database, migrated, and the slots (no process yet). */
  static async create(offsets: Record<string, number>, env: Record<string, string> = {}): Promise<ScheduleWorkers> {
    const db = await createTestDatabase();
    const storage = openPostgres({ url: db.url, maxConnections: 3 });
    try {
      await storage.migrate();
    } catch (err) {
      await storage.close();
      await db.drop();
      throw err;
    }
    const workers = new ScheduleWorkers(db, storage, env);
    for (const [name, offsetMs] of Object.entries(offsets)) {
      workers.workers.set(name, { name, offsetMs, process: null, spawnedAt: 0, ready: false, starting: null });
    }
    return workers;
  }

  /** The slot of that name. */
  worker(name: string): ScheduleWorker {
    const w = this.workers.get(name);
    if (!w) throw new Error(`no worker ${name}`);
    return w;
  }

  /** Names of the slots whose process runs and is ready. */
  readyNames(): string[] {
    return [...this.workers.values()].filter((w) => w.ready && w.process?.running).map((w) => w.name);
  }

  /** Starts the slot's process (unless one runs or is starting); resolves once it is ready. */
  start(name: string): Promise<void> {
    const w = this.worker(name);
    if (w.starting) return w.starting;
    if (w.process?.running) return Promise.resolve();
    const proc = new NodeProcess(`worker-${name}`, 'test/cluster/scheduleWorker.ts', {
      DATABASE_URL: this.db.url,
      TASKCAST_DATA_DIR: join(this.dataRoot, name),
      TASKCAST_TEST_CLOCK_OFFSET_MS: String(w.offsetMs),
      // Info: the scheduler's "schedule fired" lines say which process fired which tick.
      LOG_LEVEL: 'info',
      TASKCAST_HEARTBEAT_MS: '500',
      TASKCAST_LEASE_MS: '3000',
      TASKCAST_SHUTDOWN_GRACE_MS: '300',
      ...this.env,
    });
    this.starts++;
    w.process = proc;
    w.ready = false;
    w.spawnedAt = performance.now();
    const life: Lifetime = { name, spawnedAt: w.spawnedAt, endedAt: null };
    this.lifetimes.push(life);
    void proc.exited.then(() => (life.endedAt = performance.now()));
    this.readFiredLines(name, proc);
    w.starting = proc
      .waitForOutput(READY)
      .then(([, owner]) => {
        this.owners.set(owner!, name);
        if (w.process === proc) w.ready = true;
      })
      .catch((err: unknown) => {
        // Killed while starting: that is part of the test, not a failure.
        if (proc.running) throw err;
      })
      .finally(() => {
        if (w.process === proc) w.starting = null;
      });
    return w.starting;
  }

  /** SIGKILL of the slot's current process (starting or running); resolves once it has exited. */
  async kill(name: string): Promise<void> {
    const w = this.worker(name);
    const proc = w.process;
    if (!proc?.running) return;
    w.ready = false;
    this.kills++;
    await proc.kill();
  }

  /** The database's clock. */
  async dbNow(): Promise<Date> {
    return this.storage.schedules.now();
  }

  /**
   * Stores an enabled schedule of the no-op type whose first run is the expression's first tick after the
   * database's now (as the API computes it).
   */
  async createSchedule(fields: {
    name: string;
    cron: string;
    missed?: ScheduleRow['missed'];
    missed_cap?: number;
    overlap?: ScheduleRow['overlap'];
  }): Promise<ScheduleRow> {
    const schedule = parseSchedule({ cron: fields.cron, timezone: 'UTC' });
    const first = nextRun(schedule, await this.dbNow());
    return this.storage.schedules.insertSchedule({
      id: uuidv7(),
      name: fields.name,
      task_type: SCHEDULED_NOOP,
      payload: null,
      cron: schedule.cron,
      timezone: schedule.timezone,
      enabled: true,
      missed: fields.missed ?? 'skip',
      missed_cap: fields.missed_cap ?? 10,
      overlap: fields.overlap ?? 'skip',
      next_run_at: first?.toISOString() ?? null,
      created_by: null,
    });
  }

  /** The tasks a schedule created, by tick. */
  async tasksOf(scheduleId: string): Promise<ScheduledTaskRow[]> {
    const { rows } = await this.storage.pool.query<ScheduledTaskRow>(
      `SELECT task_id::text, status, idempotency_key, metadata->>'scheduled_for' AS scheduled_for,
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at, lease_owner
         FROM tasks WHERE metadata->>'schedule_id' = $1 ORDER BY metadata->>'scheduled_for', task_id`,
      [scheduleId],
    );
    return rows;
  }

  /** Per worker name: how many of these tasks its processes logged firing (tasks whose line was lost: `?`). */
  firedCounts(tasks: readonly ScheduledTaskRow[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const t of tasks) {
      const by = this.firedBy.get(t.task_id) ?? '?';
      counts[by] = (counts[by] ?? 0) + 1;
    }
    return counts;
  }

  /** Every process's output, for a failure message. */
  output(): string {
    return [...this.workers.values()].flatMap((w) => (w.process ? [w.process.output()] : [])).join('\n');
  }

  /** Kills every process, closes the test's pool, drops the database. */
  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.process?.kill()));
    await this.storage.close().catch(() => {});
    await this.db.drop();
    rmSync(this.dataRoot, { recursive: true, force: true });
  }

  /** Records the tasks of each "schedule fired" line the process prints (pino's JSON lines on stdout). */
  private readFiredLines(name: string, proc: NodeProcess): void {
    let partial = '';
    proc.child.stdout!.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.includes('"schedule fired"')) continue;
        try {
          const entry = JSON.parse(line) as { task_ids?: string[] };
          for (const id of entry.task_ids ?? []) this.firedBy.set(id, name);
        } catch {
          // Not a log line.
        }
      }
    });
  }
}

/** A pause of the chaos itself (how long a process stays up or down: the test's input, not a wait for a result). */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A random number from `min` to `max`. */
export const between = (min: number, max: number) => min + Math.random() * (max - min);
