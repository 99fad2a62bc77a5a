import { setMaxListeners } from 'node:events';
import { ActiveTasks } from './ActiveTasks.js';
import { ENGINE_DEFAULTS } from './defaults.js';
import { CompletionBatcher } from './CompletionBatcher.js';
import { LeaseKeeper, newLeaseOwner, retireLeaseOwner } from './LeaseKeeper.js';
import { silentLogger, type Logger } from './logger.js';
import { runTask, waitedMs, type RunDeps } from './runTask.js';
import { isoDiffMs } from './isoDiff.js';
import { checkCounts, type TaskHandler } from './TaskContext.js';
import { TaskEvents, type TaskListener } from './TaskEvents.js';
import { TaskLogs, type TaskLogListener } from './TaskLogs.js';
import type { TaskLogLine } from './taskLogStore.js';
import type { RemoteChange, TaskBus } from './TaskBus.js';
import { TaskRunner } from './TaskRunner.js';
import type { TaskObserver } from './TaskObserver.js';
import { TaskTypes, type TaskTypeDefinition } from './taskTypes.js';
import { type Backoff, type Json, type Task, type TaskDetails, type TaskRow, PRIORITY_MAX, PRIORITY_MIN, publicTask } from './types.js';
import { listByStatus } from './listByStatus.js';
import type { NewTask, TaskListPage, TaskListQuery, TaskStorage } from './taskStore.js';
import { InvalidTaskInputError } from './errors.js';
import { MAX_DELAY_MS, resolveBackoff } from './backoff.js';
import { attemptsOf } from './attempts.js';
import { uuidv7 } from './uuidv7.js';
import { createdState } from './newTaskRow.js';

/** How long a stop waits for running tasks to reach a yield point and be handed back, ms. */
const HAND_BACK_WAIT_MS = 5_000;

/** Engine settings; unset ones take {@link ENGINE_DEFAULTS} (src/config maps the environment variables onto them). */
export interface EngineOptions {
  storage: TaskStorage;
  logger?: Logger;
  /** Tasks run at once by this process's runner. */
  concurrency?: number;
  /** Minimum interval between two progress writes of one task, in ms. */
  progressIntervalMs?: number;
  /** How long a claimed task stays leased without a heartbeat, in ms. */
  leaseMs?: number;
  /** Heartbeat interval (lease renewal, remote cancellation, reaping), in ms. */
  heartbeatMs?: number;
  /** Whether this process runs tasks (false: it only creates and watches them). Default true. */
  runTasks?: boolean;
  /** Most tasks the runner claims ahead of free slots, for floods of short tasks (0 disables). Default 500. */
  maxPrefetch?: number;
  /** Carries changes and cancel requests to the other nodes sharing the database; none on a single node. */
  bus?: TaskBus;
  /** Finished tasks older than this many hours are deleted at start and then every `retentionSweepMs`; unset: never. */
  retentionHours?: number;
  /** How often the retention sweep runs, ms. Default one hour. */
  retentionSweepMs?: number;
  /** How long `ctx.retryDatabase` keeps retrying while the database is unreachable or locked, ms. Default 60 s. */
  databaseRetryMs?: number;
  /** A waiting task gains one priority level per this many ms (no starvation). Default 3 s. */
  priorityAgingMs?: number;
  /** An idempotency key returns the earlier task while it is active or finished less than this ago, ms. Default 24 h. */
  idempotencyWindowMs?: number;
  /** Bulk retry: tasks put back per second (their start is spread at this rate). Default 20. */
  bulkRetryPerSecond?: number;
  /** Bulk retry: most tasks one call puts back. Default 10,000. */
  bulkRetryLimit?: number;
  /** Told of each task the runner starts and each attempt it ends (src/metrics); default none. */
  observer?: TaskObserver;
  /** `ctx.log`: lines kept per task (the oldest go). Default 1,000. */
  taskLogLines?: number;
  /** `ctx.log`: most bytes of one line, message and fields serialised (longer ones are cut). Default 2,048. */
  taskLogLineBytes?: number;
  /** `ctx.log`: how long lines wait in memory before they are stored and sent, ms. Default 200. */
  taskLogFlushMs?: number;
}

/** What to create: the specification's create_task arguments. */
export interface CreateTaskInput {
  task_type: string;
  total?: number | null;
  metadata?: Record<string, Json>;
  payload?: Json;
  user_id?: number | null;
  /** Integer from PRIORITY_MIN (−10) to PRIORITY_MAX (10), higher first. Default 0. */
  priority?: number;
  message?: string | null;
  /** Not started before this time (a Date or an ISO 8601 string). */
  run_at?: Date | string;
  /** Not started before this many ms from now (instead of run_at). */
  delay_ms?: number;
  /** Most attempts of this task (default: its type's maxAttempts). */
  max_attempts?: number;
  /** This task's backoff (unset fields: its type's). */
  backoff?: Partial<Backoff>;
  /**
   * While a task of the same type and key is pending or running, or finished within the idempotency window,
   * the enqueue returns that task instead of creating one (1–200 characters).
   */
  idempotency_key?: string;
}

/** Enqueue options of a registered type. */
export type EnqueueInput = Omit<CreateTaskInput, 'task_type'>;

/**
 * The task engine: the specification's BackgroundTaskManager, persistent. It creates tasks, runs
 * registered task types through its runner, tracks progress (coalesced), cancellation, subscriptions and
 * clean-up. It knows nothing of HTTP; everything goes through the storage interface.
 */
export class TaskEngine {
  /** Change notifications of every task this process writes or sees. */
  readonly events = new TaskEvents();
  readonly types = new TaskTypes();
  /** This process's lease owner id. */
  readonly leaseOwner = newLeaseOwner();
  private readonly storage: TaskStorage;
  private readonly logger: Logger;
  private readonly active: ActiveTasks;
  private readonly runner: TaskRunner;
  private readonly leases: LeaseKeeper;
  private readonly deps: RunDeps;
  private readonly logs: TaskLogs;
  private readonly leaseMs: number;
  private readonly runTasks: boolean;
  private readonly manualRuns = new Set<Promise<unknown>>();
  private readonly bus: TaskBus | null;
  private readonly retention: { hours: number; everyMs: number } | null;
  private retentionTimer: NodeJS.Timeout | null = null;
  /** Aborted when {@link stop} is done waiting, so final writes still being retried give up. */
  private readonly stopping = new AbortController();
  private readonly agingMs: number;
  private readonly idempotencyWindowMs: number;
  private readonly bulkRetry: { perSecond: number; limit: number };

  constructor(options: EngineOptions) {
    // Every final write being retried waits on it (during a database outage, one per task that just ended).
    setMaxListeners(0, this.stopping.signal);
    this.storage = options.storage;
    this.logger = options.logger ?? silentLogger;
    this.leaseMs = options.leaseMs ?? ENGINE_DEFAULTS.leaseMs;
    this.runTasks = options.runTasks ?? true;
    this.bus = options.bus ?? null;
    this.agingMs = options.priorityAgingMs ?? ENGINE_DEFAULTS.priorityAgingMs;
    this.idempotencyWindowMs = options.idempotencyWindowMs ?? ENGINE_DEFAULTS.idempotencyWindowMs;
    this.bulkRetry = {
      perSecond: options.bulkRetryPerSecond ?? ENGINE_DEFAULTS.bulkRetryPerSecond,
      limit: options.bulkRetryLimit ?? ENGINE_DEFAULTS.bulkRetryLimit,
    };
    this.retention =
      options.retentionHours === undefined
        ? null
        : { hours: options.retentionHours, everyMs: options.retentionSweepMs ?? ENGINE_DEFAULTS.retentionSweepMs };
    if (this.bus) {
      const bus = this.bus;
      this.events.onLocalChange = (task) => bus.publish(task);
    }
    const store = this.storage.tasks;
    this.logs = new TaskLogs(
      this.storage.logs,
      {
        keep: options.taskLogLines ?? ENGINE_DEFAULTS.taskLogLines,
        lineBytes: options.taskLogLineBytes ?? ENGINE_DEFAULTS.taskLogLineBytes,
        flushMs: options.taskLogFlushMs ?? ENGINE_DEFAULTS.taskLogFlushMs,
        // Other nodes' sockets following the task read the lines when told (see remoteStored).
        onStored: this.bus?.publishLogs ? (taskId, from, to) => this.bus!.publishLogs!(taskId, from, to) : undefined,
      },
      this.logger,
    );
    this.active = new ActiveTasks(store, this.events, this.logger, options.progressIntervalMs ?? ENGINE_DEFAULTS.progressIntervalMs);
    this.deps = {
      store,
      completions: new CompletionBatcher(store),
      active: this.active,
      events: this.events,
      logger: this.logger,
      stopping: this.stopping.signal,
      databaseRetryMs: options.databaseRetryMs ?? ENGINE_DEFAULTS.databaseRetryMs,
      onRetryScheduled: (row) => this.runner.dueAt(Date.parse(row.run_at)),
      observer: options.observer ?? null,
      logs: this.logs,
    };
    this.runner = new TaskRunner(
      this.deps,
      this.types,
      {
        concurrency: options.concurrency ?? ENGINE_DEFAULTS.concurrency,
        maxPrefetch: options.maxPrefetch ?? ENGINE_DEFAULTS.maxPrefetch,
        leaseOwner: this.leaseOwner,
        leaseMs: this.leaseMs,
        watchNewTasks: this.storage.watchNewTasks,
      },
      this.logger,
    );
    this.leases = new LeaseKeeper({
      store,
      events: this.events,
      logger: this.logger,
      heldIds: () => [...this.active.ids(), ...this.runner.queuedIds()],
      cancelHeld: (id) => void this.stopHeld(id),
      onRequeued: () => this.runner.wake(),
      leaseOwner: this.leaseOwner,
      leaseMs: this.leaseMs,
      heartbeatMs: options.heartbeatMs ?? ENGINE_DEFAULTS.heartbeatMs,
      observer: options.observer ?? null,
    });
  }

  /** Fails tasks abandoned by dead processes, then starts the heartbeat and (unless disabled) the runner. */
  async start(): Promise<void> {
    await this.bus?.listen({
      onChange: (change) => void this.receive(change),
      onCancel: (taskId) => void this.stopHeld(taskId),
      onLogs: (taskId, from, to) => void this.logs.remoteStored(taskId, from, to),
      onReconnect: () => void this.catchUp(),
    });
    await this.leases.reapAbandoned();
    this.leases.start();
    if (this.retention) {
      const { hours, everyMs } = this.retention;
      const sweep = () =>
        void this.cleanup(hours).catch((err: unknown) => this.logger.error({ err: String(err) }, 'retention sweep failed'));
      sweep();
      this.retentionTimer = setInterval(sweep, everyMs);
      this.retentionTimer.unref();
    }
    if (this.runTasks) this.runner.start();
  }

  /**
   * Graceful stop: no new claims; running tasks get `graceMs` to finish; those still running are then
   * stopped at their next yield point and handed back to pending (with their checkpoint), so another
   * runner resumes them. Then the heartbeat stops.
   */
  async stop(graceMs = 10_000): Promise<void> {
    let left = await this.runner.stop(graceMs);
    if (left > 0) {
      this.logger.warn({ running: left }, 'grace period over: handing running tasks back');
      for (const id of this.active.ids()) {
        const task = this.active.get(id)!;
        if (task.controller.aborted) continue;
        task.handBack = true;
        task.controller.abort();
      }
      left = await this.runner.stop(HAND_BACK_WAIT_MS);
      if (left > 0) this.logger.error({ running: left }, 'tasks did not reach a yield point; their leases will expire');
    }
    await Promise.race([Promise.allSettled(this.manualRuns), new Promise((r) => setTimeout(r, left > 0 ? 0 : graceMs).unref())]);
    // Runs still retrying their final write (the database is unreachable) give up: the storage is about to
    // close, and the lease reaper of another process ends their tasks.
    this.stopping.abort();
    await this.logs.flushAll();
    this.leases.stop();
    if (this.retentionTimer) clearInterval(this.retentionTimer);
    await this.bus?.close();
    retireLeaseOwner(this.leaseOwner);
  }

  /** Registers a task type with its handler. */
  defineTaskType<P = Json>(def: TaskTypeDefinition<P>): void {
    this.types.define(def);
    this.runner.typesChanged();
  }

  /** Creates a pending task of a registered type; the runner picks it up. */
  async enqueue(taskType: string, input: EnqueueInput = {}): Promise<Task> {
    const [task] = await this.enqueueMany(taskType, [input]);
    return task!;
  }

  /** Creates many pending tasks of a registered type in one write. */
  async enqueueMany(taskType: string, inputs: readonly EnqueueInput[]): Promise<Task[]> {
    const def = this.types.get(taskType);
    return this.insert(
      inputs.map((i) => ({ ...i, task_type: taskType })),
      def.maxAttempts ?? 1,
      def.timeoutMs ?? null,
      def.singleton ? taskType : null,
      this.runTasks,
    );
  }

  /**
   * A task of a registered type as the store inserts it, validated (InvalidTaskInputError naming the option) but
   * not inserted: for a caller that inserts it in a transaction of its own — the scheduler, with the schedule's
   * advance — and then hands the stored rows to {@link announceCreated}.
   */
  prepareTask(taskType: string, input: EnqueueInput = {}): NewTask {
    const def = this.types.get(taskType);
    return this.newTask({ ...input, task_type: taskType }, def.maxAttempts ?? 1, def.timeoutMs ?? null, def.singleton ? taskType : null);
  }

  /** Tasks another component inserted ({@link prepareTask}): subscribers hear them created, this node's runner looks for them. */
  announceCreated(rows: readonly TaskRow[]): Task[] {
    const tasks = rows.map((row) => this.created(row));
    this.wakeFor(rows);
    return tasks;
  }

  /** The specification's create_task: a pending task that a caller drives itself (start, progress, complete). */
  async createTask(input: CreateTaskInput): Promise<Task> {
    const [task] = await this.insert([input], 1, null);
    return task!;
  }

  /** The metadata a new task is stored with: the caller's, plus `params` from its type's publicParams (the caller's own `params` wins). */
  private metadataOf(i: CreateTaskInput): Record<string, Json> {
    const metadata = i.metadata ?? {};
    const describe = this.types.has(i.task_type) ? this.types.get(i.task_type).publicParams : undefined;
    if (!describe || 'params' in metadata) return metadata;
    let params: Record<string, Json>;
    try {
      params = describe(i.payload ?? null);
    } catch {
      return metadata; // a payload the type cannot read: its handler will say so; the list shows no parameters
    }
    return { ...metadata, params };
  }

  /** A new task's stored form, or an InvalidTaskInputError naming the option that is wrong. */
  private newTask(i: CreateTaskInput, maxAttempts: number, timeoutMs: number | null, singletonKey: string | null): NewTask {
    const priority = i.priority ?? 0;
    if (!Number.isInteger(priority) || priority < PRIORITY_MIN || priority > PRIORITY_MAX) {
      throw new InvalidTaskInputError('priority', `must be an integer from ${PRIORITY_MIN} to ${PRIORITY_MAX}`);
    }
    const attempts = i.max_attempts ?? maxAttempts;
    if (!Number.isSafeInteger(attempts) || attempts < 1 || attempts > 1000) {
      throw new InvalidTaskInputError('max_attempts', 'must be an integer from 1 to 1000');
    }
    let backoff: Backoff | null = null;
    if (i.backoff !== undefined) {
      try {
        backoff = resolveBackoff(i.backoff, this.types.has(i.task_type) ? this.types.retryRule(i.task_type).backoff : undefined);
      } catch (err) {
        throw new InvalidTaskInputError('backoff', (err as Error).message);
      }
    }
    const key = i.idempotency_key;
    if (key !== undefined && (typeof key !== 'string' || key.length < 1 || key.length > 200)) {
      throw new InvalidTaskInputError('idempotency_key', 'must be a string of 1 to 200 characters');
    }
    return {
      task_id: uuidv7(),
      task_type: i.task_type,
      total: i.total ?? null,
      payload: i.payload ?? null,
      metadata: this.metadataOf(i),
      user_id: i.user_id ?? null,
      priority,
      max_attempts: attempts,
      message: i.message ?? null,
      timeout_ms: timeoutMs,
      singleton_key: singletonKey,
      run_at: runAtOf(i),
      lead_ms: priority * this.agingMs,
      backoff,
      idempotency_key: key ?? null,
    };
  }

  private async insert(
    inputs: readonly CreateTaskInput[],
    maxAttempts: number,
    timeoutMs: number | null,
    singletonKey: string | null = null,
    /** A registered type this process runs: start the tasks here at once when slots are free. */
    runnable = false,
  ): Promise<Task[]> {
    const tasks = inputs.map((i) => this.newTask(i, maxAttempts, timeoutMs, singletonKey));
    if (tasks.some((t) => t.idempotency_key)) return this.insertEach(tasks);
    // With free slots and nothing pending before them, the tasks are inserted already claimed by this
    // runner and start when the insert returns: one round trip from enqueue to handler instead of two.
    // (Not a delayed task: it waits for its time.)
    const direct = runnable && tasks.every((t) => t.run_at === null) && this.runner.reserve(inputs.length);
    const insert = this.storage.tasks.insertTasks(tasks, direct ? { leaseOwner: this.leaseOwner, leaseMs: this.leaseMs } : undefined);
    let rows: TaskRow[];
    try {
      rows = await insert;
    } catch (err) {
      if (direct) this.runner.unreserve(inputs.length);
      throw err;
    }
    // Subscribers and the caller see the task created (pending, seq 1) in either case; a directly started
    // one then shows running (seq 2) like any claimed task.
    const created = (direct ? rows.map(createdState) : rows).map((row) => this.created(row));
    if (direct) this.runner.runReserved(rows);
    else this.wakeFor(rows);
    return created;
  }

  /** Tasks with an idempotency key, one by one: each may turn out to exist already. */
  private async insertEach(tasks: readonly NewTask[]): Promise<Task[]> {
    const out: Task[] = [];
    for (const t of tasks) {
      if (!t.idempotency_key) {
        const [row] = await this.storage.tasks.insertTasks([t]);
        out.push(this.created(row!));
        this.wakeFor([row!]);
        continue;
      }
      const { row, created } = await this.storage.tasks.insertIdempotent(
        { ...t, idempotency_key: t.idempotency_key },
        this.idempotencyWindowMs,
      );
      if (created) {
        out.push(this.created(row));
        this.wakeFor([row]);
      } else {
        out.push(publicTask(row));
      }
    }
    return out;
  }

  private created(row: TaskRow): Task {
    this.logger.info({ ...this.taskLog(row), user_id: row.user_id }, 'task created');
    return this.events.publish(row);
  }

  /** New pending tasks: a claim now, or the runner's timer for the delayed ones. */
  private wakeFor(rows: readonly TaskRow[]): void {
    const now = Date.now();
    let due = false;
    for (const row of rows) {
      // Most tasks are due when created (the same text): no date parsing for them.
      const at = row.run_at === row.created_at ? 0 : Date.parse(row.run_at);
      if (at <= now) due = true;
      else this.runner.dueAt(at);
    }
    if (due) this.runner.wake();
  }

  /**
   * Manual retry: a failed or cancelled task goes back to pending as its next attempt (history and checkpoint
   * kept). TaskNotRetryableError for a task that is not finished or that completed.
   */
  async retryTask(taskId: string): Promise<Task> {
    const row = await this.storage.tasks.retryFinished(taskId);
    this.logger.info({ ...this.taskLog(row), attempt: row.attempt + 1 }, 'task retry requested');
    this.runner.wake();
    return this.events.publish(row);
  }

  /**
   * Bulk retry: up to the bulk-retry limit of the failed (or cancelled) tasks, of a type or all, back to
   * pending, their starts spread at the bulk-retry rate so a thousand retries do not arrive at once.
   */
  async retryTasks(query: { status: 'failed' | 'cancelled'; taskType?: string }): Promise<{ retried: number; spread_s: number }> {
    const rows = await this.storage.tasks.retryFinishedMany({ ...query, ...this.bulkRetry });
    for (const row of rows) this.events.publish(row);
    this.wakeFor(rows);
    this.logger.info({ retried: rows.length, status: query.status, task_type: query.taskType }, 'tasks retried in bulk');
    const spread = rows.length > 0 ? (rows.length - 1) / this.bulkRetry.perSecond : 0;
    return { retried: rows.length, spread_s: Math.round(spread * 10) / 10 };
  }

  /** pending → running, held by this process (the caller reports progress and the end). */
  async startTask(taskId: string): Promise<Task> {
    const row = await this.storage.tasks.startTask(taskId, this.leaseOwner, this.leaseMs);
    this.active.track(row);
    this.deps.observer?.taskStarted(row.task_type, waitedMs(row));
    this.logger.info(this.taskLog(row), 'task started');
    this.events.publish(row);
    return publicTask(row);
  }

  /**
   * Progress of a running task. For a task this process runs it is coalesced (no I/O here); otherwise it
   * is written at once, and a task that is not running raises a named error.
   */
  async updateProgress(taskId: string, processed: number, options: { message?: string; total?: number | null } = {}): Promise<void> {
    checkCounts(processed, options.total);
    const task = this.active.get(taskId);
    if (task) {
      this.active.progress(task, processed, options.message, options.total);
      return;
    }
    const row = await this.storage.tasks.setProgress(taskId, { processed, message: options.message, total: options.total });
    this.events.publish(row);
  }

  /** running → completed with a result (the specification's complete_task). */
  async completeTask(taskId: string, result: Json = null): Promise<Task> {
    return this.end(taskId, 'task completed', (c, fence) => this.storage.tasks.completeTask(taskId, result, c, fence));
  }

  /** → failed with an error message (the specification's fail_task). */
  async failTask(taskId: string, error: string): Promise<Task> {
    return this.end(taskId, 'task failed', (c, fence) => this.storage.tasks.failTask(taskId, error, c, fence));
  }

  private async end(
    taskId: string,
    logMessage: string,
    write: (counters: { processed?: number; message?: string | null; total?: number | null }, fence?: number) => Promise<TaskRow>,
  ): Promise<Task> {
    const task = this.active.get(taskId);
    const row = task ? await this.active.finish(task, (c) => write(c, task.fence)) : await write({});
    if (!task) this.events.publish(row);
    const observer = this.deps.observer;
    if (observer && (row.status === 'completed' || row.status === 'failed')) {
      // Timed from its start here, or (started by another node, or never started) from the stored times.
      const runMs = task ? performance.now() - task.startedMs : ranMs(row);
      observer.taskEnded(row.task_type, row.status, runMs);
    }
    const level = row.status === 'failed' ? 'error' : 'info';
    this.logger[level]({ ...this.taskLog(row), error: row.error ?? undefined }, logMessage);
    return publicTask(row);
  }

  /**
   * Cancels a task: a pending one at once; a running one is asked to stop (its signal fires here, or at
   * the next heartbeat of the process running it) and ends `cancelled` at its next yield point.
   */
  async cancelTask(taskId: string): Promise<Task> {
    const row = await this.storage.tasks.requestCancel(taskId);
    this.events.publish(row);
    if (row.status === 'running' && row.lease_owner !== this.leaseOwner) this.bus?.publishCancel(taskId);
    await this.stopHeld(taskId);
    if (row.status === 'cancelled') {
      // A pending task cancelled before it ran: counted, not timed.
      this.deps.observer?.taskEnded(row.task_type, 'cancelled', null);
      this.logger.info(this.taskLog(row), 'task cancelled');
    } else this.logger.info(this.taskLog(row), 'task cancellation requested');
    return publicTask(row);
  }

  /** A change another node announced: delivered to this node's listeners (read from the store when it came without the task). */
  private async receive(change: RemoteChange): Promise<void> {
    if ('task' in change) {
      this.events.publishRemote(change.task);
      return;
    }
    try {
      const row = await this.storage.tasks.getTask(change.task_id);
      if (row) this.events.publishRemote(publicTask(row));
    } catch (err) {
      this.logger.warn({ task_id: change.task_id, err: String(err) }, 'could not read a task announced by another node');
    }
  }

  /**
   * The bus was deaf for a while (its connection lost and opened again): the tasks this node's clients follow
   * are read again and their newest state delivered (the seq check drops what they already had). Without it a
   * task that changed for the last time in the gap — completed while the database was coming back — left its
   * sockets waiting for good.
   */
  private async catchUp(): Promise<void> {
    for (const taskId of this.events.followedTaskIds()) await this.receive({ task_id: taskId, seq: 0 });
  }

  /** Stops a task this process holds: aborts its handler, or cancels it if it was claimed ahead and never started. */
  private async stopHeld(taskId: string): Promise<void> {
    this.active.get(taskId)?.controller.abort();
    const queued = this.runner.dequeue(taskId);
    if (queued) {
      try {
        const row = await this.storage.tasks.markCancelled(taskId, {}, queued.attempt);
        // Claimed ahead but never started: counted, not timed.
        this.deps.observer?.taskEnded(row.task_type, 'cancelled', null);
        this.events.publish(row);
      } catch (err) {
        this.logger.warn(
          { task_id: taskId, attempt: queued.attempt, node: this.leaseOwner, err: String(err) },
          'could not cancel a claimed task',
        );
      }
    }
  }

  /** One task with engine-only fields (payload, checkpoint, lease), or null. */
  async getTaskRow(taskId: string): Promise<TaskRow | null> {
    return this.storage.tasks.getTask(taskId);
  }

  /** One task with every attempt it made (GET /api/v1/tasks/{id}), or null. */
  async getTaskDetails(taskId: string): Promise<TaskDetails | null> {
    const row = await this.storage.tasks.getTask(taskId);
    return row ? { ...publicTask(row), attempts: attemptsOf(row) } : null;
  }

  /** One task, or null. */
  async getTask(taskId: string): Promise<Task | null> {
    const row = await this.storage.tasks.getTask(taskId);
    return row ? publicTask(row) : null;
  }

  /**
   * Newest first (oldest first, or by status: see `query.order`), with the count of the whole selection (up to
   * query.countCap past the page's offset).
   */
  async listTasks(query: TaskListQuery): Promise<TaskListPage<Task>> {
    const { order, ...rest } = query;
    const { tasks, total, totalCapped } =
      order !== 'status'
        ? await this.storage.tasks.listTasks({ ...rest, order })
        : rest.status || rest.taskId
          ? await this.storage.tasks.listTasks(rest) // one status at most: newest first is the same order
          : await listByStatus(this.storage.tasks, rest);
    return { tasks: tasks.map(publicTask), total, totalCapped };
  }

  /** Pending and running tasks (optionally only those a caller may see). */
  async listActiveTasks(visibility?: TaskListQuery['visibility']): Promise<Task[]> {
    return (await this.storage.tasks.listActiveTasks(visibility)).map(publicTask);
  }

  /** Listens to one task; returns the unsubscribe function. */
  subscribe(taskId: string, listener: TaskListener): () => void {
    return this.events.subscribe(taskId, listener);
  }

  /** Listens to every task; returns the unsubscribe function. */
  subscribeAll(listener: TaskListener): () => void {
    return this.events.subscribeAll(listener);
  }

  /**
   * What a server log line about a task carries: its id, type and attempt, and the node — the task's lease owner
   * while it runs, this one otherwise.
   */
  private taskLog(row: TaskRow): Record<string, unknown> {
    return { task_id: row.task_id, task_type: row.task_type, attempt: row.attempt, node: row.lease_owner ?? this.leaseOwner };
  }

  /** Listens to the log lines of one task as they are stored; returns the unsubscribe function. */
  subscribeLogs(taskId: string, listener: TaskLogListener): () => void {
    return this.logs.subscribe(taskId, listener);
  }

  /** A task's log lines after `since` (exclusive), oldest first, at most `limit`. */
  listTaskLogs(taskId: string, since: number, limit: number): Promise<TaskLogLine[]> {
    return this.logs.list(taskId, since, limit);
  }

  /** Deletes completed, failed and cancelled tasks that finished more than `maxAgeHours` ago. */
  async cleanup(maxAgeHours: number): Promise<number> {
    const deleted = await this.storage.tasks.deleteFinishedBefore(new Date(Date.now() - maxAgeHours * 3_600_000));
    this.logger.info({ deleted, max_age_hours: maxAgeHours }, 'finished tasks cleaned up');
    return deleted;
  }

  /**
   * The specification's run_async_task: runs `handler` for an existing task in the background (starting
   * it if pending). The promise resolves with the final task and never rejects; the outcome is on the task.
   */
  runAsyncTask(taskId: string, handler: TaskHandler<never>): Promise<Task | null> {
    const run = (async () => {
      let row: TaskRow;
      const held = this.active.get(taskId);
      if (held) {
        row = (await this.storage.tasks.getTask(taskId))!;
      } else {
        try {
          row = await this.storage.tasks.startTask(taskId, this.leaseOwner, this.leaseMs);
        } catch (err) {
          this.logger.error({ task_id: taskId, node: this.leaseOwner, err: String(err) }, 'could not start task');
          return null;
        }
        this.events.publish(row);
      }
      const final = await runTask(row, handler, this.deps);
      return final ? publicTask(final) : null;
    })();
    this.manualRuns.add(run);
    void run.finally(() => this.manualRuns.delete(run));
    return run;
  }
}

/** A finished task's run time from its stored start and end, ms, or null when it never started. */
function ranMs(row: TaskRow): number | null {
  if (row.started_at === null || row.completed_at === null) return null;
  const ms = isoDiffMs(row.completed_at, row.started_at);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** The absolute start time an enqueue asked for (ISO 8601), or null for now; InvalidTaskInputError when malformed. */
function runAtOf(i: CreateTaskInput): string | null {
  if (i.run_at !== undefined && i.delay_ms !== undefined) throw new InvalidTaskInputError('run_at', 'give run_at or delay_ms, not both');
  if (i.delay_ms !== undefined) {
    if (!Number.isSafeInteger(i.delay_ms) || i.delay_ms < 0 || i.delay_ms > MAX_DELAY_MS) {
      throw new InvalidTaskInputError('delay_ms', `must be an integer from 0 to ${MAX_DELAY_MS} (one year)`);
    }
    return i.delay_ms === 0 ? null : new Date(Date.now() + i.delay_ms).toISOString();
  }
  if (i.run_at === undefined) return null;
  const valid = i.run_at instanceof Date || (typeof i.run_at === 'string' && ISO_DATE_TIME.test(i.run_at));
  const at = !valid ? NaN : i.run_at instanceof Date ? i.run_at.getTime() : Date.parse(i.run_at as string);
  if (!Number.isFinite(at)) throw new InvalidTaskInputError('run_at', 'must be a date-time with a time zone (ISO 8601)');
  if (at > Date.now() + MAX_DELAY_MS) throw new InvalidTaskInputError('run_at', 'must be within a year from now');
  return at <= Date.now() ? null : new Date(at).toISOString();
}

/** An ISO 8601 date-time with a zone (Z or ±hh:mm): a local time or a bare date would depend on the server's zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
