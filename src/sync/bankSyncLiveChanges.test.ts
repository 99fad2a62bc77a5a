// Issue 10, item 1: 1C's data changes while a bank sync pages through it (the simulator's request hook changes it
// on a chosen request). No live document may be deleted locally, and a second run must converge to exactly 1C's set.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Task } from '../engine/index.js';
import { ONEC_SETS, type HookedRequest } from '../onec/index.js';
import { SeededRandom } from '../onec/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal } from '../../test/support/wait.js';
import {
  applyChange,
  CHANGE_KINDS,
  checkNoLoss,
  globalPosition,
  liveIn1C,
  pageRequest,
  readOrder,
  storedLocally,
  type ChangeKind,
  type Side,
} from '../../test/support/liveChanges.js';

const PERIOD = { date_from: '2025-01-01', date_to: '2025-03-31' };
const SET = ONEC_SETS.incomingPayments;

async function runSync(s: SyncTestServer): Promise<Task> {
  const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
  expect(res.status).toBe(202);
  const task = await waitForFinal(s.engine, res.body.task_id, 30_000);
  expect(task.status, task.error ?? '').toBe('completed');
  return task;
}

/** Runs a sync during which `change` runs on the page requests it picks; checks the no-loss invariant. */
async function runWithChanges(s: SyncTestServer, change: (request: HookedRequest) => void): Promise<Task> {
  const before = await storedLocally(s.storage);
  // Every document live at some moment of the run: one inserted and deleted again during the run may have
  // been read (and stored) while it was live — it stays until the next run, which is not a loss.
  const everLive = liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to);
  s.sim.setRequestHook((request) => {
    change(request);
    for (const [ref, version] of liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to)) everLive.set(ref, version);
  });
  const task = await runSync(s);
  s.sim.setRequestHook(null);
  const problems = checkNoLoss(before, await storedLocally(s.storage), everLive, liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to));
  expect(problems).toEqual([]);
  return task;
}

/** After the changes stop, one more run leaves exactly 1C's documents, at 1C's versions. */
async function expectConverged(s: SyncTestServer): Promise<void> {
  await runSync(s);
  expect(await storedLocally(s.storage)).toEqual(liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to));
}

describe('bank sync while 1C changes under it', () => {
  let s: SyncTestServer;
  beforeEach(async () => {
    // About 100 documents per set and month, read 40 at a time: three pages per window.
    s = await startSyncServer({ sim: { documents: 600, from: '2025-01-01', to: '2025-03-31' }, env: { ONEC_PAGE_SIZE: '40' } });
    await runSync(s);
    expect(await storedLocally(s.storage)).toEqual(liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to));
  });
  afterEach(async () => {
    await s.close();
  });

  const cases = CHANGE_KINDS.flatMap((kind) => (['before', 'after'] as Side[]).map((side) => [kind, side] as [ChangeKind, Side]));
  it.each(cases)('%s of a document %s the current offset: no live document deleted, the next run converges', async (kind, side) => {
    let changed: string | null = null;
    const task = await runWithChanges(s, (request) => {
      const page = pageRequest(request, PERIOD.date_from, PERIOD.date_to);
      // The second page of February's incoming documents: the first 40 are read (and stored).
      if (changed !== null || !page || page.set !== SET || page.windowIndex !== 1 || page.skip < 30) return;
      const order = readOrder(s.sim, SET, PERIOD.date_from, PERIOD.date_to);
      const here = globalPosition(s.sim, SET, PERIOD.date_from, PERIOD.date_to, page.windowIndex, page.skip);
      changed = applyChange(s.sim, SET, kind, order[side === 'before' ? here - 3 : here + 3]!);
    });
    expect(changed).not.toBeNull();
    const stored = await storedLocally(s.storage);
    // What was live and stored before is still there; an insert before the offset is caught by re-reading the window.
    if (kind === 'insert') expect(stored.has(changed!)).toBe(true);
    if (kind === 'move' || kind === 'edit') expect(stored.has(changed!)).toBe(true);
    // Deleted or marked after the offset: never read, confirmed gone by key, deleted in this run. Before the offset:
    // already read, so kept until the next run.
    const goneAhead = (kind === 'remove' || kind === 'mark') && side === 'after';
    expect((task.result as { deleted: number }).deleted).toBe(goneAhead ? 1 : 0);
    if (goneAhead) expect(stored.has(changed!)).toBe(false);
    await expectConverged(s);
  });

  it('the bug of issue 10: a document marked deleted before the offset made a live neighbour vanish; now only the marked one goes', async () => {
    const live = liveIn1C(s.sim, PERIOD.date_from, PERIOD.date_to);
    let marked: string | null = null;
    await runWithChanges(s, (request) => {
      const page = pageRequest(request, PERIOD.date_from, PERIOD.date_to);
      if (marked !== null || !page || page.set !== SET || page.windowIndex !== 1 || page.skip < 30) return;
      marked = applyChange(
        s.sim,
        SET,
        'mark',
        readOrder(s.sim, SET, PERIOD.date_from, PERIOD.date_to)[globalPosition(s.sim, SET, PERIOD.date_from, PERIOD.date_to, 1, 0)]!,
      );
    });
    const stored = await storedLocally(s.storage);
    for (const ref of live.keys()) if (ref !== marked) expect(stored.has(ref), ref).toBe(true);
    const again = await runSync(s);
    expect(again.result).toMatchObject({ deleted: 1 });
    expect((await storedLocally(s.storage)).has(marked!)).toBe(false);
  });

  it('churn: a random change on every page request of the run; nothing live is lost, and the next run converges', async () => {
    const random = new SeededRandom(10, 1);
    let changes = 0;
    await runWithChanges(s, (request) => {
      const page = pageRequest(request, PERIOD.date_from, PERIOD.date_to);
      if (!page) return;
      const order = readOrder(s.sim, page.set, PERIOD.date_from, PERIOD.date_to);
      const target = order[Math.floor(random.next() * order.length)]!;
      applyChange(s.sim, page.set, CHANGE_KINDS[Math.floor(random.next() * CHANGE_KINDS.length)]!, target);
      changes++;
    });
    expect(changes).toBeGreaterThan(10);
    await expectConverged(s);
  });

  it('keeps every query string under 1,500 bytes', async () => {
    const sizes = s.sim.stats().recentRequests.map((r) => Buffer.byteLength(r.url.slice(r.url.indexOf('?') + 1)));
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThan(1_500);
  });
});
