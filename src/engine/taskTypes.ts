import { DuplicateTaskTypeError, UnknownTaskTypeError } from './errors.js';
import { resolveBackoff } from './backoff.js';
import type { RetryRule } from './runTask.js';
import type { Backoff, Json } from './types.js';
import type { TaskHandler } from './TaskContext.js';

/** A kind of background work: its handler and how it is run. */
export interface TaskTypeDefinition<P = Json> {
  /** The `task_type` of its tasks, e.g. `sync_bank_transactions`. */
  type: string;
  handler: TaskHandler<P>;
  /** Company-wide work: admins and managers see, follow and cancel it, whoever started it. Default false. */
  shared?: boolean;
  /**
   * Most attempts of a task (overridable per task at enqueue): a failed or lost run is tried again, after the
   * backoff, until this many were made. Default 1: no retries unless asked for.
   */
  maxAttempts?: number;
  /** Delay between attempts; unset fields take DEFAULT_BACKOFF's (1 s × 2, at most 1 h, full jitter). */
  backoff?: Partial<Backoff>;
  /**
   * Whether an error thrown by the handler may be retried (attempts left). Default: every error but a
   * NonRetryableError; a cancellation is never retried; RetryAfterError sets the next attempt's time.
   */
  retryable?: (error: unknown) => boolean;
  /** Cancels and fails a run that takes longer, in ms. Default none. */
  timeoutMs?: number;
  /** At most one task of this type pending or running at a time (enqueue throws TaskAlreadyActiveError). */
  singleton?: boolean;
  /**
   * Checks a payload stored ahead of its tasks (a schedule's, when it is saved and again at each tick), throwing an
   * Error whose message names the field at fault (`date_from: must be YYYY-MM-DD`). Enqueue does not call it.
   */
  checkPayload?: (payload: Json) => void;
  /**
   * The parameters a person may read (the period and options of a sync), taken from a task's payload at enqueue and
   * stored as its `metadata.params`, so the task list and page tell tasks apart. The payload itself never leaves the
   * server: only what this returns is shown, to whoever may see the task. A payload it cannot read (it throws) gets none.
   */
  publicParams?: (payload: Json) => Record<string, Json>;
}

/** The task types this process knows. */
export class TaskTypes {
  private readonly defs = new Map<string, TaskTypeDefinition<never>>();
  private readonly rules = new Map<string, RetryRule>();

  /** Registers a type; defining one twice, or with an invalid retry policy, is a programming error. */
  define<P>(def: TaskTypeDefinition<P>): void {
    if (this.defs.has(def.type)) throw new DuplicateTaskTypeError(def.type);
    const max = def.maxAttempts ?? 1;
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`maxAttempts of task type "${def.type}" must be an integer ≥ 1`);
    const rule: RetryRule = { backoff: resolveBackoff(def.backoff), retryable: def.retryable };
    this.defs.set(def.type, def as unknown as TaskTypeDefinition<never>);
    this.rules.set(def.type, rule);
  }

  /** How failures of a registered type are retried. */
  retryRule(type: string): RetryRule {
    this.get(type);
    return this.rules.get(type)!;
  }

  /** The definition, or an UnknownTaskTypeError. */
  get(type: string): TaskTypeDefinition<never> {
    const def = this.defs.get(type);
    if (!def) throw new UnknownTaskTypeError(type);
    return def;
  }

  has(type: string): boolean {
    return this.defs.has(type);
  }

  /** Every registered type name. */
  names(): string[] {
    return [...this.defs.keys()];
  }

  /** Names of the types admins and managers share. */
  sharedNames(): string[] {
    return [...this.defs.values()].filter((d) => d.shared).map((d) => d.type);
  }
}
