import { readFileSync } from 'node:fs';
import type { NewTask } from '../../src/engine/index.js';
import { newTaskFixture } from '../../test/store/conformance/newTaskFixture.js';
import { dropLocation, freshLocation, openLocation } from '../engine/stores.js';

/** What one run of the store's statements alone measured. */
export interface FloorRun {
  /** Tasks per second from the first insert to the last completion. */
  throughput: number;
  /** This process's CPU (user + system) per task, µs. */
  processCpuUs: number;
  /** The whole machine's busy CPU per task (/proc/stat), µs: this process and the database's backends. */
  machineCpuUs: number | null;
}

/** Busy CPU time of the whole machine so far, µs (/proc/stat, 100 ticks a second); null where it cannot be read. */
function machineBusyUs(): number | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!) * 10_000;
  } catch {
    return null;
  }
}

/** A no-op task as the engine would insert it (no owner, no delay, default priority). */
const noopTask = (): NewTask => newTaskFixture('noop');

/**
 * The store's three statements per task with no engine around them: `jobs` no-op tasks inserted in batches of
 * `insertBatch` (the first before the loops start), and `loops` loops, each claiming up to `claimLimit` tasks and
 * completing them (one batched completion with the claimed row known, as the engine's CompletionBatcher writes
 * it), until every task is completed. No handler, no events, no context, no leases renewed: the most tasks per
 * second any engine could get out of this store on this machine.
 */
export async function measureStoreFloor(
  kind: 'sqlite' | 'postgres',
  opts: { jobs: number; insertBatch: number; loops: number; claimLimit: number },
): Promise<FloorRun> {
  const loc = await freshLocation(kind);
  const storage = await openLocation(loc);
  const store = storage.tasks;
  try {
    const busy0 = machineBusyUs();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await store.insertTasks(Array.from({ length: Math.min(opts.insertBatch, opts.jobs) }, noopTask));
    const inserting = (async () => {
      for (let i = opts.insertBatch; i < opts.jobs; i += opts.insertBatch) {
        await store.insertTasks(Array.from({ length: Math.min(opts.insertBatch, opts.jobs - i) }, noopTask));
      }
    })();
    let insertsDone = false;
    void inserting.then(() => (insertsDone = true)).catch(() => {});
    let completed = 0;
    const loop = async (): Promise<void> => {
      for (;;) {
        const rows = await store.claimTasks({ types: ['noop'], limit: opts.claimLimit, leaseOwner: 'floor', leaseMs: 60_000 });
        if (rows.length === 0) {
          // Every task inserted and none left to claim: the other loops hold the rest.
          if (insertsDone) return;
          await inserting;
          continue;
        }
        const items = rows.map((r) => ({ taskId: r.task_id, result: null, update: {}, fence: r.attempt, known: r }));
        const out = await store.completeTasks(items);
        const refused = out.find((r) => r instanceof Error);
        if (refused) throw refused;
        completed += out.length;
      }
    };
    await Promise.all(Array.from({ length: opts.loops }, loop));
    await inserting;
    if (completed !== opts.jobs) throw new Error(`completed ${completed} of ${opts.jobs} tasks`);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const busy1 = machineBusyUs();
    return {
      throughput: opts.jobs / seconds,
      processCpuUs: (cpu.user + cpu.system) / opts.jobs,
      machineCpuUs: busy0 === null || busy1 === null ? null : (busy1 - busy0) / opts.jobs,
    };
  } finally {
    await storage.close();
    await dropLocation(loc);
  }
}
