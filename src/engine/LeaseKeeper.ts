import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.js';
import type { TaskEvents } from './TaskEvents.js';
import type { TaskStore } from './taskStore.js';
import type { TaskObserver } from './TaskObserver.js';

/** Error recorded on a task whose process stopped while running it. */
export const ABANDONED_ERROR = 'Задача прервана: процесс, который её выполнял, остановился (например, перезапуск сервера)';

// Owners created by engines of this process that have not stopped (tests and benchmarks run several).
const liveOwners = new Set<string>();

/** A lease owner id: host, pid and a random part, so a reused pid is still a different owner. */
export function newLeaseOwner(): string {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  liveOwners.add(owner);
  return owner;
}

/** Forgets an owner of this process whose engine stopped. */
export function retireLeaseOwner(owner: string): void {
  liveOwners.delete(owner);
}

/**
 * True when an owner id names a process on this host that no longer exists. Owners on other hosts are
 * judged by their lease expiry instead.
 */
export function isDeadLocalOwner(owner: string, self: string): boolean {
  const [host, pidText] = owner.split(':');
  if (host !== hostname() || owner === self) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  // Our pid: a live engine of this process, or a previous process that had the same pid (containers).
  if (pid === process.pid) return !liveOwners.has(owner);
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** What the heartbeat works with. */
export interface LeaseKeeperDeps {
  store: TaskStore;
  events: TaskEvents;
  logger: Logger;
  /** Ids of every task this process holds a lease on (running or claimed ahead). */
  heldIds: () => string[];
  /** Stops a held task whose cancellation was requested elsewhere. */
  cancelHeld: (taskId: string) => void;
  /** Called when tasks went back to pending (so the runner claims them). */
  onRequeued: () => void;
  leaseOwner: string;
  leaseMs: number;
  heartbeatMs: number;
  /** Told of each task the reaper failed (`failed`) or requeued (`retried`); null: nobody listens. */
  observer: TaskObserver | null;
}

/**
 * The heartbeat: renews the leases of the tasks this process runs, picks up cancellations requested
 * through the store (by another process), and fails tasks abandoned by dead processes.
 */
export class LeaseKeeper {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: LeaseKeeperDeps) {}

  /** The beat under way, if any: the timer skips a tick rather than pile beats up on a hanging database. */
  private beating: Promise<void> | null = null;

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.beating ??= this.beatOnce().finally(() => (this.beating = null));
    }, this.deps.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One heartbeat: renew, then reap (after the beat under way, if any). */
  async beat(): Promise<void> {
    await this.beating;
    return this.beatOnce();
  }

  private async beatOnce(): Promise<void> {
    try {
      const cancelled = await this.deps.store.renewLeases(this.deps.leaseOwner, this.deps.heldIds(), this.deps.leaseMs);
      for (const id of cancelled) this.deps.cancelHeld(id);
      await this.reapAbandoned();
    } catch (err) {
      this.deps.logger.error({ err: String(err) }, 'heartbeat failed');
    }
  }

  /**
   * Recovers running tasks whose process died (same host) or whose lease expired: requeued while
   * attempts remain (the next attempt resumes from the checkpoint), failed otherwise. Returns how many.
   */
  async reapAbandoned(): Promise<number> {
    const owners = await this.deps.store.listLeaseOwners();
    const dead = owners.filter((o) => isDeadLocalOwner(o, this.deps.leaseOwner));
    const rows = await this.deps.store.recoverAbandoned(ABANDONED_ERROR, dead);
    for (const row of rows) {
      const what = row.status === 'pending' ? 'task requeued: its runner stopped' : `task ${row.status}: its runner stopped`;
      this.deps.logger.warn(
        {
          task_id: row.task_id,
          task_type: row.task_type,
          attempt: row.attempt,
          node: row.lease_owner,
          reaper: this.deps.leaseOwner,
          error: row.error ?? undefined,
        },
        what,
      );
      // Its run time is unknown (the runner is gone): counted, not timed.
      if (row.status === 'failed' || row.status === 'pending')
        this.deps.observer?.taskEnded(row.task_type, row.status === 'failed' ? 'failed' : 'retried', null);
      this.deps.events.publish(row);
    }
    if (rows.some((r) => r.status === 'pending')) this.deps.onRequeued();
    return rows.length;
  }
}
