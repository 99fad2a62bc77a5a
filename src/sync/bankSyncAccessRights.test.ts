// Issue 10, item 2: a 1C user limited by record-level access rules (RLS) to one organisation. Without
// ONEC_ALLOWED_ONLY the sync fails at once with an access error (not "wrong password", not retried); with it the
// sync reads what the user may see and deletes nothing, saying so.
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../engine/index.js';
import { ONEC_SETS, generateDataset, type WireRecord } from '../onec/index.js';
import { api } from '../../test/support/http.js';
import { startSyncServer, type SyncTestServer } from '../../test/support/syncServer.js';
import { waitForFinal } from '../../test/support/wait.js';
import { liveIn1C, storedLocally } from '../../test/support/liveChanges.js';

const SIM = { seed: 7, contractors: 40, documents: 300, from: '2025-01-01', to: '2025-03-31' };
const PERIOD = { date_from: SIM.from, date_to: SIM.to };
const ORGANISATION = String(generateDataset(SIM).records[ONEC_SETS.incomingPayments][0]!.Организация_Key);
const OTHER_ORGANISATION = 'a0000000-0000-4000-8000-00000000000b';

/** A server whose 1C user sees one organisation only; 1C also holds two documents of another one. */
async function startRestricted(env: Record<string, string> = {}): Promise<SyncTestServer> {
  const s = await startSyncServer({
    sim: { ...SIM, restrictedUser: { user: 'бухгалтер', password: 'pw', organisation: ORGANISATION } },
    env: { ONEC_USER: 'бухгалтер', ONEC_PASSWORD: 'pw', ...env },
  });
  for (const set of [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments]) {
    const { Ref_Key: _r, DataVersion: _v, ...fields } = s.sim.data.list(set)[5]!;
    s.sim.data.insert(set, { ...fields, Организация_Key: OTHER_ORGANISATION, Number: 'ЧУЖ-1' });
  }
  return s;
}

async function runSync(s: SyncTestServer): Promise<Task> {
  const res = await api(s, s.manager.token).post('/api/v1/sync-1c/bank-transactions/sync-async', PERIOD);
  expect(res.status).toBe(202);
  return waitForFinal(s.engine, res.body.task_id, 30_000);
}

/** Live documents of the period the restricted user may see. */
function visibleLive(s: SyncTestServer): Set<string> {
  const visible = new Set<string>();
  for (const set of [ONEC_SETS.incomingPayments, ONEC_SETS.outgoingPayments])
    for (const r of s.sim.data.list(set) as WireRecord[]) if (r.Организация_Key === ORGANISATION) visible.add(String(r.Ref_Key));
  return new Set([...liveIn1C(s.sim, SIM.from, SIM.to).keys()].filter((ref) => visible.has(ref)));
}

describe('bank sync as a 1C user restricted by access rights', () => {
  let s: SyncTestServer;
  afterEach(async () => {
    await s.close();
  });

  it('without ONEC_ALLOWED_ONLY: fails at once with an access error naming the set and what to grant; not retried', async () => {
    s = await startRestricted();
    const task = await runSync(s);
    expect(task.status).toBe('failed');
    // Exactly one attempt of the five a sync has: asking again cannot help until someone changes the rights.
    expect(task).toMatchObject({ attempt: 1, max_attempts: 5 });
    expect((await s.engine.getTaskDetails(task.task_id))!.attempts.map((a) => a.outcome)).toEqual(['failed']);
    expect(task.error).toMatch(/нет прав на чтение части записей Document_/);
    expect(task.error).toMatch(/без ограничений на уровне записей/);
    expect(task.error).toContain('ONEC_ALLOWED_ONLY');
    expect(task.error).not.toMatch(/пароль/);
    const refused = s.sim.stats().recentRequests.filter((r) => r.status === 401);
    expect(refused).toHaveLength(1);
  });

  it('with ONEC_ALLOWED_ONLY=true: stores what the user sees and deletes nothing, saying so in the result', async () => {
    s = await startRestricted({ ONEC_ALLOWED_ONLY: 'true' });
    const first = await runSync(s);
    expect(first.status, first.error ?? '').toBe('completed');
    expect(new Set((await storedLocally(s.storage)).keys())).toEqual(visibleLive(s));
    expect(first.result).toMatchObject({ deleted: 0, deletion_skipped: 'allowed_only' });
    expect(first.message).toMatch(/удаление пропущено: включён ONEC_ALLOWED_ONLY/);
    expect(
      s.sim
        .stats()
        .recentRequests.filter((r) => r.odata && r.url.includes('?'))
        .every((r) => r.url.includes('allowedOnly=true')),
    ).toBe(true);

    // 1C deletes one document the user sees and marks another: unseen now, but hidden looks the same as deleted.
    const [removed, marked] = [...visibleLive(s)];
    const setOf = (ref: string) =>
      s.sim.data.get(ONEC_SETS.incomingPayments, ref) ? ONEC_SETS.incomingPayments : ONEC_SETS.outgoingPayments;
    s.sim.data.remove(setOf(removed!), removed!);
    s.sim.data.setDeletionMark(setOf(marked!), marked!);
    const second = await runSync(s);
    expect(second.status).toBe('completed');
    expect(second.result).toMatchObject({ deleted: 0, deletion_skipped: 'allowed_only' });
    const stored = await storedLocally(s.storage);
    expect(stored.has(removed!)).toBe(true);
    expect(stored.has(marked!)).toBe(true);
  });
});
