import type { TaskContext } from '../engine/index.js';
import type { BatchCounts, BatchTask } from './syncStore.js';
import type { SyncCounts } from './syncResult.js';
import { num } from './syncTexts.js';

/** Records per database transaction (the specification's "commit каждые 100 записей"). */
export const BATCH_SIZE = 100;
/** Cancellation is checked at least this often, in records ("yield каждые 50 записей"). */
export const YIELD_EVERY = 50;

/** What a batch writer uses of its task's context: any task's context gives it, whatever its payload. */
export type BatchContext = Pick<TaskContext<unknown>, 'taskId' | 'attempt' | 'signal' | 'yield' | 'retryDatabase' | 'committed' | 'log'>;

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
    private readonly ctx: BatchContext,
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
    const total = this.total();
    const cursor = this.cursor;
    // The counts after this batch, as they are written with it (so a resumed run continues from them).
    const after = (b: Omit<BatchCounts, 'task'>): SyncCounts => ({
      loaded: this.counts.loaded + records.length,
      created: this.counts.created + b.created,
      updated: this.counts.updated + b.updated,
      skipped: this.counts.skipped + b.skipped,
      classified: this.counts.classified + b.classified,
      unclassified: this.counts.unclassified + b.unclassified,
    });
    const progressOf = (counts: SyncCounts) => ({
      processed: counts.loaded,
      message: this.describe(counts, total),
      ...(total !== null ? { total } : {}),
    });
    // The database unreachable or locked for a while (PostgreSQL restarting, another process holding
    // SQLite's write lock): the same batch is written again once it answers, so nothing is lost or doubled.
    const result = await this.ctx.retryDatabase(() =>
      this.commit(records, {
        taskId: this.ctx.taskId,
        fence: this.ctx.attempt,
        progress: progressOf(after({ created: 0, updated: 0, skipped: 0, classified: 0, unclassified: 0 })),
        checkpoint: null,
        withCounts: (b) => {
          const counts = after(b);
          return { progress: progressOf(counts), checkpoint: { cursor, counts } };
        },
      }),
    );
    Object.assign(this.counts, after(result));
    this.ctx.committed(result.task);
    const { loaded } = this.counts;
    this.ctx.log(
      'info',
      `Пакет сохранён: ${num(records.length)} записей (создано ${num(result.created)}, обновлено ${num(result.updated)}, пропущено ${num(result.skipped)}), всего загружено ${num(loaded)}${total !== null ? ` из ${num(total)}` : ''}`,
      { batch: records.length, created: result.created, updated: result.updated, skipped: result.skipped, loaded, total },
    );
    if (!this.ctx.signal.aborted) await this.ctx.yield();
  }

  /** Records waiting in the open batch. */
  get pending(): number {
    return this.batch.length;
  }
}
