/**
 * (2)/(3) Throughput of the workers of a cluster: `jobs` tasks of one bench type enqueued in bulk (by an
 * application process, as a serve node would), tasks per second from the start of the enqueue to the last
 * completion stored (its `completed_at`, read from PostgreSQL once all are done).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Json, TaskEngine } from '../../src/engine/index.js';
import type { Cluster } from '../../test/cluster/cluster.js';
import { wallMs } from '../engine/percentiles.js';

/** How often the benchmark looks whether all tasks are done, ms (the end time comes from the store, not from this). */
const POLL_MS = 50;
/** Longest a measurement may take, ms. */
const LIMIT_MS = 120_000;

/** Runs one throughput measurement; returns tasks per second. */
export async function measureThroughput(
  cluster: Cluster,
  enqueuer: TaskEngine,
  type: string,
  jobs: number,
  payload: Json = null,
): Promise<number> {
  const batch = randomBytes(6).toString('hex');
  const startedAt = wallMs();
  for (let i = 0; i < jobs; i += 5000) {
    const n = Math.min(5000, jobs - i);
    await enqueuer.enqueueMany(
      type,
      Array.from({ length: n }, () => ({ payload, metadata: { batch } })),
    );
  }
  for (;;) {
    const { rows } = await cluster.sql.query<{ done: number; failed: number; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE status = 'completed')::int AS done,
              count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS failed,
              max(completed_at) AS last
       FROM tasks WHERE metadata->>'batch' = $1`,
      [batch],
    );
    const { done, failed, last } = rows[0]!;
    if (failed > 0) {
      const why = await cluster.sql.query(
        `SELECT status, error, attempt, count(*)::int AS n FROM tasks WHERE metadata->>'batch' = $1 AND status IN ('failed', 'cancelled')
         GROUP BY 1, 2, 3`,
        [batch],
      );
      throw new Error(`${failed} ${type} tasks did not complete: ${JSON.stringify(why.rows)}`);
    }
    if (done === jobs) return jobs / ((last!.getTime() - startedAt) / 1000);
    if (wallMs() - startedAt > LIMIT_MS) throw new Error(`${type}: only ${done} of ${jobs} tasks done after ${LIMIT_MS} ms`);
    await delay(POLL_MS);
  }
}
