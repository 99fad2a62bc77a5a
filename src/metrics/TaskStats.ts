import type { Registry } from 'prom-client';
import type { TaskObserver, TaskOutcome } from '../engine/index.js';
import { Bins } from './Bins.js';
import { histogramSamples, registerCollected, type Sample } from './exposition.js';
import { MAX_LABEL_VALUES, TASK_SECONDS_BUCKETS } from './metricsDefaults.js';

/** The outcomes, in the order of a type's arrays. */
const OUTCOMES: readonly TaskOutcome[] = ['completed', 'failed', 'cancelled', 'retried'];
const OUTCOME_INDEX: Record<TaskOutcome, number> = { completed: 0, failed: 1, cancelled: 2, retried: 3 };

/** What this node did with the tasks of one type. */
class TypeStats {
  readonly ended = new Float64Array(OUTCOMES.length);
  readonly wait = new Bins(TASK_SECONDS_BUCKETS);
  readonly run = OUTCOMES.map(() => new Bins(TASK_SECONDS_BUCKETS));
}

/**
 * The task counters and histograms of THIS node (`taskcast_tasks_total`, `taskcast_task_wait_seconds`,
 * `taskcast_task_run_seconds`): each node exports what its own runner did, and Prometheus sums the nodes. The
 * engine reports to it as its TaskObserver; per task that is a map lookup, one increment and one or two bucket
 * walks — no allocation. The samples are built only when scraped.
 */
export class TaskStats implements TaskObserver {
  private readonly byType = new Map<string, TypeStats>();

  taskStarted(taskType: string, waitMs: number): void {
    this.of(taskType).wait.observe(waitMs / 1000);
  }

  taskEnded(taskType: string, outcome: TaskOutcome, runMs: number | null): void {
    const stats = this.of(taskType);
    const i = OUTCOME_INDEX[outcome];
    stats.ended[i]!++;
    if (runMs !== null) stats.run[i]!.observe(runMs / 1000);
  }

  /** The types seen so far (the cluster gauges show 0 for them rather than nothing). */
  types(): IterableIterator<string> {
    return this.byType.keys();
  }

  private of(taskType: string): TypeStats {
    let stats = this.byType.get(taskType);
    if (stats === undefined) {
      // Task types are the application's registered names; past the cap (a misuse) they share one series.
      if (this.byType.size >= MAX_LABEL_VALUES) return this.of('other');
      stats = new TypeStats();
      this.byType.set(taskType, stats);
    }
    return stats;
  }

  /** Registers the three metrics on `registry`. */
  register(registry: Registry): void {
    registerCollected(
      registry,
      'taskcast_tasks_total',
      'Task attempts this node ended, by how they ended: completed, failed, cancelled, retried (failed, tried again later); also caller-driven tasks, tasks cancelled before they ran and tasks failed or requeued by the abandoned-task reaper. Per node: sum over the nodes.',
      'counter',
      () => {
        const out: Sample[] = [];
        for (const [task_type, s] of this.byType) {
          OUTCOMES.forEach((outcome, i) => out.push({ labels: { task_type, outcome }, value: s.ended[i]! }));
        }
        return out;
      },
    );
    registerCollected(
      registry,
      'taskcast_task_wait_seconds',
      'Time a task waited from when it was due (its creation, or its run_at) to its start on this node, seconds.',
      'histogram',
      () => {
        const out: Sample[] = [];
        for (const [task_type, s] of this.byType) histogramSamples('taskcast_task_wait_seconds', { task_type }, s.wait, out);
        return out;
      },
    );
    registerCollected(
      registry,
      'taskcast_task_run_seconds',
      'Run time of the task attempts this node ended, from start to their final write, seconds, by outcome (not for tasks that never ran or that the abandoned-task reaper ended).',
      'histogram',
      () => {
        const out: Sample[] = [];
        for (const [task_type, s] of this.byType) {
          OUTCOMES.forEach((outcome, i) => histogramSamples('taskcast_task_run_seconds', { task_type, outcome }, s.run[i]!, out));
        }
        return out;
      },
    );
  }
}
