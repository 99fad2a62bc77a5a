import type { CompleteItem, TaskStore } from './taskStore.js';
import type { TaskRow } from './types.js';
import { isDataError } from './databaseErrors.js';

interface Pending {
  item: CompleteItem;
  resolve: (row: TaskRow) => void;
  reject: (err: Error) => void;
}

/**
 * Groups completions into one store call (one transaction on SQLite, one statement on PostgreSQL). Short
 * tasks finish in bursts; writing each completion on its own costs a commit per task, which dominated the
 * no-op throughput. One batch is written at a time: completions arriving meanwhile wait for it and form the
 * next (larger) batch. A lone completion waits one `setImmediate`, so latency does not suffer.
 */
export class CompletionBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** A batch is being written; completions arriving meanwhile form the next one. */
  private writing = false;

  constructor(
    private readonly store: TaskStore,
    private readonly maxBatch = 500,
  ) {}

  /** Completes the task in the next batch; resolves with its row or rejects with the refusal. */
  complete(item: CompleteItem): Promise<TaskRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    if (this.queue.length === 0) return;
    this.writing = true;
    const batch = this.queue.splice(0, this.maxBatch);
    try {
      await this.write(batch);
    } finally {
      this.writing = false;
    }
    if (this.queue.length > 0) this.schedule();
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      const results = await this.store.completeTasks(batch.map((p) => p.item));
      results.forEach((r, i) => (r instanceof Error ? batch[i]!.reject(r) : batch[i]!.resolve(r)));
    } catch (err) {
      // One statement for the whole batch: a value the database refuses fails every completion in it. Write
      // them one by one then, so only the culprit fails. Any other error (a lost connection) fails them all,
      // and each run retries its own.
      if (batch.length === 1 || !isDataError(err)) {
        for (const p of batch) p.reject(err as Error);
        return;
      }
      for (const p of batch) await this.write([p]);
    }
  }
}
