import type { Storage } from '../../../src/store/index.js';

type TaskStore = Storage['tasks'];

/**
 * The storage with one method of its task store replaced by `wrap(original)` (the original bound to the store);
 * every other member as it is. For tests that watch, delay or count what the engine asks of its store.
 */
export function wrapTaskStore<K extends keyof TaskStore>(
  storage: Storage,
  name: K,
  wrap: (original: TaskStore[K]) => TaskStore[K],
): Storage {
  const tasks = new Proxy(storage.tasks, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(target);
      return prop === name ? wrap(bound as TaskStore[K]) : bound;
    },
  });
  return { ...storage, tasks };
}
