import type { TaskContext } from '../engine/index.js';
import type { BatchCounts, BatchTask } from '../store/index.js';
import type { SyncCounts } from './syncResult.js';

/** Records per database transaction (the specification's "commit каждые 100 записей"). */
export const BATCH_SIZE = 100;
/** Cancellation is checked at least this often, in records ("yield каждые 50 записей"). */
export const YIELD_EVERY = 50;

/**
 * Collects records into batches of {@link BATCH_SIZE}; each batch is committed together with the task's
 * progress and resume cursor, so the task's `processed` is exactly what is stored. Every
 * {@link YIELD_EVERY} records it checks for cancellation: when requested, the open batch is committed
 * first, then the task stops (TaskCancelledError), keeping `processed` equal to what is stored.
 */
export class BatchWriter<R, C> {
  private batch: R[] = [];
  private cursor: C | null = null;

  constructor(
    private readonly ctx: TaskContext<never>,
    private readonly counts: SyncCounts,
    private readonly total: () => number | null,
    private readonly commit: (records: R[], task: BatchTask) => Promise<BatchCounts>,
    private readonly describe: (counts: SyncCounts, total: number | null) => string,
  ) {}

  /** Adds a record; `cursor` is the resume position just after it. */
  async add(record: R, cursor: C): Promise<void> {
    this.batch.push(record);
    this.cursor = cursor;
    if (this.batch.length >= BATCH_SIZE) await this.flush();
    else if (this.batch.length % YIELD_EVERY === 0) await this.yieldPoint();
  }

  /** Commits the open batch (if any) and, when cancellation was requested, stops the task. */
  async yieldPoint(): Promise<void> {
    if (this.ctx.signal.aborted) await this.flush();
    await this.ctx.yield();
  }

  /** Commits the open batch now. */
  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const records = this.batch;
    this.batch = [];
    const loaded = this.counts.loaded + records.length;
    const total = this.total();
    const result = await this.commit(records, {
      taskId: this.ctx.taskId,
      fence: this.ctx.attempt,
      progress: {
        processed: loaded,
        message: this.describe({ ...this.counts, loaded }, total),
        ...(total !== null ? { total } : {}),
      },
      checkpoint: { cursor: this.cursor, counts: { ...this.counts, loaded } },
    });
    this.counts.loaded = loaded;
    this.counts.created += result.created;
    this.counts.updated += result.updated;
    this.counts.skipped += result.skipped;
    this.counts.classified += result.classified;
    this.counts.unclassified += result.unclassified;
    this.ctx.committed(result.task);
    if (!this.ctx.signal.aborted) await this.ctx.yield();
  }

  /** Records waiting in the open batch. */
  get pending(): number {
    return this.batch.length;
  }
}
