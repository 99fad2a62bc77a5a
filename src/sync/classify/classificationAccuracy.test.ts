import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api } from '../../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../../test/support/syncServer.js';
import { waitForFinal } from '../../../test/support/wait.js';
import { scoreClassification } from './scoreClassification.js';

describe('automatic classification of a synced year against the simulator’s truth', () => {
  let s: SyncTestServer;
  beforeEach(async () => {
    s = await startSyncServer({ sim: { seed: 5, contractors: 60, documents: 2500, from: '2025-01-01', to: '2025-12-31' } });
  });
  afterEach(async () => {
    await s.close();
  });

  it('gives ≥ 95 % of the documents the category they were meant to have and uses every category the data has', async () => {
    const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', {
      date_from: '2025-01-01',
      date_to: '2025-12-31',
      auto_classify: true,
    });
    expect(res.status).toBe(202);
    const task = await waitForFinal(s.engine, res.body.task_id, 60_000);
    expect(task.status).toBe('completed');
    const { items } = await s.storage.sync.listBankTransactions({ limit: 100_000, offset: 0 });
    expect(items.length).toBeGreaterThan(2000);
    const score = scoreClassification(items.map((t) => ({ expected: s.sim.expectedCategories.get(t.ref)!, actual: t.category_name })));
    expect(score.total).toBe(items.length);
    expect(score.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(score.unused).toEqual([]);
    // The cases the precedence decides: rent paid as a supplier payment is rent.
    expect(score.categories.find((c) => c.category === 'Аренда')).toMatchObject({ recall: 1 });
  });
});
