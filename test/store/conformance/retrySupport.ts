/** Helpers of the retry, delay, priority and idempotency parts of the task-store conformance suite. */
import type { Task, TaskAttempt, TaskEngine } from '../../../src/engine/index.js';

/**
 * Resolves once this process's clock has passed `epochMs` (a stored time such as a run_at or a lease's
 * expiry): a wait for a condition on the clock, not a fixed sleep.
 */
export async function untilClockPasses(epochMs: number): Promise<void> {
  for (let left = epochMs - Date.now(); left >= 0; left = epochMs - Date.now()) {
    await new Promise((resolve) => setTimeout(resolve, left + 1));
  }
}

/** Every change the engine publishes from now on, in order (subscribed before the action under test). */
export function recordChanges(engine: TaskEngine): Task[] {
  const seen: Task[] = [];
  engine.subscribeAll((t) => seen.push(t));
  return seen;
}

/** An attempt reduced to what a test compares: number, outcome, error and node. */
export function attemptLine(a: TaskAttempt): [number, string, string | null, string | null] {
  return [a.attempt, a.outcome, a.error, a.node];
}

/** The attempts of a task (GET details), oldest first; throws when the task is missing. */
export async function attemptsOf(engine: TaskEngine, taskId: string): Promise<TaskAttempt[]> {
  const details = await engine.getTaskDetails(taskId);
  if (!details) throw new Error(`task ${taskId} not found`);
  return details.attempts;
}

/** Epoch ms of a stored time that must be set. */
export function ms(iso: string | null | undefined): number {
  if (!iso) throw new Error('expected a time, got none');
  return Date.parse(iso);
}

/** Consecutive duplicates removed: the sequence of statuses a task went through. */
export function statusPath(changes: readonly Task[], taskId: string): string[] {
  const out: string[] = [];
  for (const t of changes) if (t.task_id === taskId && out.at(-1) !== t.status) out.push(t.status);
  return out;
}
