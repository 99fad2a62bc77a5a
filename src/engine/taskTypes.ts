import { DuplicateTaskTypeError, UnknownTaskTypeError } from './errors.js';
import type { Json } from './types.js';
import type { TaskHandler } from './TaskContext.js';

/** A kind of background work: its handler and how it is run. */
export interface TaskTypeDefinition<P = Json> {
  /** The `task_type` of its tasks, e.g. `sync_bank_transactions`. */
  type: string;
  handler: TaskHandler<P>;
  /** Company-wide work: admins and managers see, follow and cancel it, whoever started it. Default false. */
  shared?: boolean;
  /** Most attempts of a task: a run lost with its process (lease expired) is tried again until this many were made. Default 1. */
  maxAttempts?: number;
  /** Cancels and fails a run that takes longer, in ms. Default none. */
  timeoutMs?: number;
  /** At most one task of this type pending or running at a time (enqueue throws TaskAlreadyActiveError). */
  singleton?: boolean;
}

/** The task types this process knows. */
export class TaskTypes {
  private readonly defs = new Map<string, TaskTypeDefinition<never>>();

  /** Registers a type; defining one twice is a programming error. */
  define<P>(def: TaskTypeDefinition<P>): void {
    if (this.defs.has(def.type)) throw new DuplicateTaskTypeError(def.type);
    this.defs.set(def.type, def as unknown as TaskTypeDefinition<never>);
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
