/**
 * The per-minute roll-up (issue 14): every node runs one; each closed minute is written once. A pass reads the
 * roll-up's end and the database's clock (one row); when a minute has closed since (its end `closeAfterMs` ago),
 * it computes every closed minute not rolled up yet from the tasks table in one scan, samples the pending and
 * running counts onto the newest of them, and inserts the rows while moving the end with a compare-and-set — a
 * node that lost the race writes nothing, and ON CONFLICT DO NOTHING keeps a minute that is there already. So
 * about one scan of the tasks table a minute for the whole cluster (tasks_claim_idx and tasks_running_idx serve
 * the counts). After a pause, the first pass catches up on everything still in the tasks table, at most the
 * retention back; tasks the task retention deleted meanwhile are not counted. The winner also deletes the minutes
 * older than the retention.
 */
import type { Logger } from '../engine/index.js';
import { MINUTE_MS, type MonitoringSettings } from './defaults.js';
import { foldFigures } from './foldFigures.js';
import type { TaskMinuteStore } from './port.js';

const DAY_MS = 86_400_000;

/** The node's roll-up timer. */
export class MinuteRollup {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly store: TaskMinuteStore,
    private readonly settings: MonitoringSettings,
    private readonly logger: Logger,
  ) {}

  /** One pass; answers how many minutes this node rolled up (0: nothing closed since, or another node did it). */
  async pass(): Promise<number> {
    const { now, doneUntil } = await this.store.taskMinutesState();
    const closedUntil = Math.floor((now - this.settings.closeAfterMs) / MINUTE_MS) * MINUTE_MS;
    if (doneUntil !== null && doneUntil >= closedUntil) return 0;
    const oldest = closedUntil - this.settings.retentionDays * DAY_MS;
    const from = Math.max(doneUntil ?? oldest, oldest);
    const [figures, counts] = await Promise.all([this.store.computeTaskFigures(from, closedUntil), this.store.queueCounts()]);
    const rows = foldFigures(figures, { sampledMinute: closedUntil - MINUTE_MS, counts });
    if (!(await this.store.insertTaskMinutes(rows, doneUntil, closedUntil))) return 0;
    await this.store.deleteTaskMinutesBefore(oldest);
    return (closedUntil - from) / MINUTE_MS;
  }

  /** Runs a pass now and every `intervalMs`; a failed pass is logged and retried at the next. */
  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.pass()
        .catch((err: unknown) => this.logger.warn({ err: String(err) }, 'the per-minute task figures could not be rolled up'))
        .finally(() => (this.running = null));
    };
    tick();
    this.timer = setInterval(tick, this.settings.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a pass under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
