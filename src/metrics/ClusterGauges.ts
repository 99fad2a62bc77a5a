import type { Registry } from 'prom-client';
import type { ActiveTaskCount, TaskStore } from '../engine/index.js';
import { registerCollected, type Sample } from './exposition.js';

/**
 * The gauges of the whole cluster (`taskcast_tasks{task_type,status}`, `taskcast_oldest_pending_seconds`), read from
 * the database every node shares — so every node reports the same figures — at most once per `intervalMs` however
 * often Prometheus scrapes; scrapes meanwhile get the last reading, concurrent ones share one query. Only pending and
 * running are counted: they come from partial indexes, whereas counting finished tasks would scan the table (their
 * rates are `taskcast_tasks_total`'s).
 */
export class ClusterGauges {
  private rows: ActiveTaskCount[] = [];
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(
    private readonly store: Pick<TaskStore, 'countActiveTasks'>,
    private readonly intervalMs: number,
    /** Types to show as 0 when none of theirs is pending or running (those this node has seen). */
    private readonly knownTypes: () => Iterable<string>,
  ) {}

  /** The newest reading, refreshed when older than the interval. A failed read keeps the previous one. */
  async current(): Promise<ActiveTaskCount[]> {
    if (performance.now() - this.readAt >= this.intervalMs) {
      this.reading ??= this.store
        .countActiveTasks()
        .then((rows) => {
          this.rows = rows;
          this.readAt = performance.now();
        })
        .finally(() => (this.reading = null));
      await this.reading;
    }
    return this.rows;
  }

  /** Registers the two gauges on `registry`; a database error fails the scrape (Prometheus marks the target down). */
  register(registry: Registry): void {
    let latest: ActiveTaskCount[] = [];
    registerCollected(
      registry,
      'taskcast_tasks',
      'Tasks pending and running in the whole cluster, by type and status (read from the database, every node reports the same).',
      'gauge',
      () => this.samples(latest),
    );
    registerCollected(
      registry,
      'taskcast_oldest_pending_seconds',
      'How long the oldest due pending task of each type has waited, seconds, in the whole cluster (0: none waiting).',
      'gauge',
      () => this.oldest(latest),
    );
    // Read before the registry formats: one query serves both gauges.
    this.beforeScrape = async () => {
      latest = await this.current();
    };
  }

  /** Call before each scrape (the route does). */
  beforeScrape: () => Promise<void> = async () => {};

  private samples(rows: ActiveTaskCount[]): Sample[] {
    const counts = new Map<string, number>();
    for (const t of this.knownTypes()) {
      counts.set(`${t}\u0000pending`, 0);
      counts.set(`${t}\u0000running`, 0);
    }
    for (const r of rows) counts.set(`${r.task_type}\u0000${r.status}`, Number(r.count));
    return [...counts].map(([key, value]) => {
      const [task_type, status] = key.split('\u0000') as [string, string];
      return { labels: { task_type, status }, value };
    });
  }

  private oldest(rows: ActiveTaskCount[]): Sample[] {
    const waits = new Map<string, number>();
    for (const t of this.knownTypes()) waits.set(t, 0);
    for (const r of rows) if (r.status === 'pending') waits.set(r.task_type, Math.max(0, (r.oldest_wait_ms ?? 0) / 1000));
    return [...waits].map(([task_type, value]) => ({ labels: { task_type }, value }));
  }
}
