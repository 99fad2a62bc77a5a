/** What a schedule does with ticks that passed while no node was running it (the policies are wire shapes). */
import type { MissedPolicy } from '../wire/index.js';

/**
 * Which of the missed `ticks` (in time order) get a task: `skip` none, `once` the newest, `all` the newest `cap`
 * (older ones are dropped, so a schedule down for a month does not flood the queue). Returned in time order.
 */
export function missedRuns(policy: MissedPolicy, ticks: readonly Date[], cap: number): Date[] {
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError('cap must be a positive integer');
  switch (policy) {
    case 'skip':
      return [];
    case 'once':
      return ticks.slice(-1);
    case 'all':
      return ticks.slice(-cap);
  }
}
