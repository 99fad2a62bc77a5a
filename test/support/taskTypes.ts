import type { Json, TaskContext, TaskEngine, TaskHandler } from '../../src/engine/index.js';
import { gate } from './wait.js';

/**
 * A task type whose runs wait until the test releases them (or cancels them), so a test decides when
 * each task is running and when it ends.
 */
export interface HeldTaskType {
  type: string;
  /** Resolves once the handler of this task has started. */
  started(taskId: string): Promise<void>;
  /** Lets the handler of this task return `result`. */
  release(taskId: string, result?: Json): void;
  /** Registers the type on an engine. */
  define(engine: TaskEngine, options?: { shared?: boolean }): void;
}

/** A {@link HeldTaskType} named `type`. */
export function heldTaskType(type: string): HeldTaskType {
  const starts = new Map<string, ReturnType<typeof gate<void>>>();
  const releases = new Map<string, ReturnType<typeof gate<Json>>>();
  const of = <T>(map: Map<string, ReturnType<typeof gate<T>>>, id: string) => {
    let g = map.get(id);
    if (!g) map.set(id, (g = gate<T>()));
    return g;
  };
  const handler = async (ctx: TaskContext) => {
    of(starts, ctx.taskId).open();
    const result = await new Promise<Json>((resolve, reject) => {
      void of(releases, ctx.taskId).promise.then(resolve);
      const onAbort = () => reject(new Error('stopped: cancellation requested'));
      if (ctx.signal.aborted) onAbort();
      else ctx.signal.addEventListener('abort', onAbort, { once: true });
    });
    return result;
  };
  return {
    type,
    started: (id) => of(starts, id).promise,
    release: (id, result = null) => of(releases, id).open(result),
    define: (engine, options = {}) => engine.defineTaskType({ type, handler, shared: options.shared }),
  };
}

/** Payload of {@link burstHandler}: `n` progress calls, yielding every `yieldEvery`. */
export interface BurstPayload {
  n: number;
  yieldEvery: number;
}

/**
 * A handler that calls `progress()` in a tight loop (n times, total n), yielding every `yieldEvery`
 * calls so coalesced writes happen meanwhile, and returns `{ count: n }`.
 */
export const burstHandler: TaskHandler<BurstPayload> = async (ctx) => {
  const { n, yieldEvery } = ctx.payload;
  ctx.setTotal(n);
  for (let i = 1; i <= n; i++) {
    ctx.progress(i, `item ${i}`);
    if (i % yieldEvery === 0) await ctx.yield();
  }
  return { count: n };
};
