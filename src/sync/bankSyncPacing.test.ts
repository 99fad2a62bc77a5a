// Issue 10, item 4: a slow 1C that must not be overloaded. Against the simulator, on a real SQLite file and on
// PostgreSQL (a schema per test): the bank sync reads several windows at once within ONEC_MAX_CONCURRENCY; two bank
// syncs on two storages sharing one database stay within ONEC_MAX_RPS together; a 429 with Retry-After answered to
// one node holds back the other. Figures are bounds on what the simulator counted, never timings of the test itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TaskEngine, type Task } from '../engine/index.js';
import { burstOf, ODataClient, ONEC_SETS, startSimulator, TokenBucketGate, type RunningSimulator } from '../onec/index.js';
import type { Storage } from '../store/index.js';
import { postgresHarness, sqliteHarness } from '../../test/store/conformance/harnesses.js';
import type { StoreHarness } from '../../test/store/conformance/describeTaskStore.js';
import { bankTransactionsSync, type BankSyncPayload } from './bankTransactionsSync.js';
import { liveIn1C, storedLocally } from '../../test/support/liveChanges.js';
import { shouldRunPostgres } from '../../test/support/postgres.js';
import { gate, waitForFinal } from '../../test/support/wait.js';

const YEAR = { from: '2025-01-01', to: '2025-12-31' };

/** A node: its own storage on the shared database, its own client paced by the shared bucket, its own engine. */
interface Node {
  storage: Storage;
  client: ODataClient;
  engine: TaskEngine;
}

const backends: [string, () => Promise<StoreHarness>, boolean][] = [
  ['SQLite', sqliteHarness, true],
  ['PostgreSQL', postgresHarness, await shouldRunPostgres()],
];

describe.each(backends)('bank sync pacing on %s', (_name, makeHarness, enabled) => {
  let sim: RunningSimulator;
  let harness: StoreHarness;
  const nodes: Node[] = [];

  /** A node on the shared database; `rps` 0: no shared bucket. */
  const startNode = async (taskType: string, concurrency: number, rps: number, onRetry?: () => void): Promise<Node> => {
    const storage = await harness.open();
    const client = new ODataClient(
      { url: sim.url, user: '', password: '', maxConcurrency: concurrency, timeoutMs: 10_000, ...(onRetry ? { onRetry } : {}) },
      { gate: rps > 0 ? new TokenBucketGate(storage.requestBuckets, sim.url, rps) : null },
    );
    const engine = new TaskEngine({ storage, concurrency: 2, progressIntervalMs: 20, heartbeatMs: 200 });
    engine.defineTaskType<BankSyncPayload>({
      type: taskType,
      handler: bankTransactionsSync(client, storage.sync, { readConcurrency: concurrency }),
    });
    await engine.start();
    const node = { storage, client, engine };
    nodes.push(node);
    return node;
  };

  const sync = async (node: Node, taskType: string, from: string, to: string): Promise<Task> => {
    const task = await node.engine.enqueue(taskType, { payload: { date_from: from, date_to: to, auto_classify: false } });
    return waitForFinal(node.engine, task.task_id, 120_000);
  };

  beforeEach(async () => {
    if (!enabled) return;
    sim = await startSimulator({ seed: 11, contractors: 40, documents: 1200, ...YEAR });
    harness = await makeHarness();
  });
  afterEach(async () => {
    if (!enabled) return;
    for (const node of nodes.splice(0)) await node.engine.stop(1000);
    await harness.drop();
    await sim.close();
  });

  it.runIf(enabled)(
    'reads several windows at once, never more requests in flight than ONEC_MAX_CONCURRENCY, and stores exactly 1C’s set',
    async () => {
      sim.setFaults({ latencyMs: 20 });
      const node = await startNode('bank_sync', 3, 0);
      const task = await sync(node, 'bank_sync', YEAR.from, YEAR.to);
      expect(task.status, task.error ?? '').toBe('completed');
      const expected = liveIn1C(sim, YEAR.from, YEAR.to);
      expect(task.result).toMatchObject({ loaded: expected.size, created: expected.size, updated: 0, deleted: 0 });
      expect(await storedLocally(node.storage)).toEqual(expected);
      const stats = sim.stats();
      expect(stats.maxInFlight).toBeLessThanOrEqual(3);
      // Windows really were read side by side (24 windows, 20 ms each: a sequential reader never overlaps two).
      expect(stats.maxInFlight).toBeGreaterThanOrEqual(2);
    },
  );

  it.runIf(enabled)('two bank syncs on two storages sharing one database stay within ONEC_MAX_RPS together', async () => {
    const rps = 10;
    sim.setFaults({ latencyMs: 5 });
    // Two installations' worth of demand (4 windows at once each, 5 ms per answer: hundreds a second) on one bucket.
    const [a, b] = [await startNode('bank_sync_a', 4, rps), await startNode('bank_sync_b', 4, rps)];
    const [first, second] = await Promise.all([
      sync(a, 'bank_sync_a', '2025-01-01', '2025-06-30'),
      sync(b, 'bank_sync_b', '2025-07-01', '2025-12-31'),
    ]);
    expect(first.status, first.error ?? '').toBe('completed');
    expect(second.status, second.error ?? '').toBe('completed');
    expect(await storedLocally(a.storage)).toEqual(liveIn1C(sim, YEAR.from, YEAR.to));
    const stats = sim.stats();
    // Enough requests to span several seconds, so the limit was what held them back.
    expect(stats.odataRequests).toBeGreaterThan(3 * rps);
    // The bucket allows `rps` a second plus its burst; one or two more for requests delayed on their way (a loaded machine).
    expect(stats.maxRequestsPerSecond).toBeLessThanOrEqual(rps + burstOf(rps) + 2);
  });

  it.runIf(enabled)('a 429 with Retry-After answered to one node holds back the other node’s requests to that base', async () => {
    const retried = gate();
    const a = await startNode('unused_a', 4, 50, () => retried.open());
    const b = await startNode('unused_b', 4, 50);
    sim.setFaults({ rateLimit: 1 }); // the next request: 429 with Retry-After: 1
    const counting = a.client.count(ONEC_SETS.currencies);
    await retried.promise; // node A got the 429 and recorded the hold before pausing
    const refused = sim.stats().recentRequests.find((r) => r.status === 429)!;
    expect(refused.answeredAt).not.toBeNull();
    await b.client.listEntitySets();
    await counting;
    const fromB = sim.stats().recentRequests.find((r) => r.number > refused.number && !r.url.includes('$count'))!;
    // Node B asked nothing before the second 1C asked for had passed (a lower bound: a slow machine only adds to it).
    expect(fromB.receivedAt - refused.answeredAt!).toBeGreaterThanOrEqual(950);
  });
});
