/** A task type for the web tests whose runs log what the test tells them (`ctx.log`), when it tells them. */
import type { TaskContext, TaskEngine } from '../../src/engine/index.js';

type Step = { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string } | { kind: 'end' };

/** `logging_job`: logs what the test tells it, when it tells it, until told to end. */
export function loggingType() {
  const queues = new Map<string, { steps: Step[]; wake: (() => void) | null }>();
  const of = (id: string) => {
    let q = queues.get(id);
    if (!q) queues.set(id, (q = { steps: [], wake: null }));
    return q;
  };
  const push = (id: string, step: Step) => {
    const q = of(id);
    q.steps.push(step);
    q.wake?.();
  };
  const handler = async (ctx: TaskContext) => {
    const q = of(ctx.taskId);
    for (;;) {
      const step = q.steps.shift();
      if (!step) {
        await new Promise<void>((resolve) => (q.wake = resolve));
        q.wake = null;
        continue;
      }
      if (step.kind === 'end') return null;
      ctx.log(step.level, step.message);
    }
  };
  return {
    type: 'logging_job',
    define: (engine: TaskEngine) => engine.defineTaskType({ type: 'logging_job', handler, shared: true }),
    log: (id: string, message: string, level: 'info' | 'warn' | 'error' = 'info') => push(id, { kind: 'log', level, message }),
    end: (id: string) => push(id, { kind: 'end' }),
  };
}
