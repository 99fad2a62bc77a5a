/** Sync store conformance, part 1: batch commits (upsert counting, the task written alongside, rollback). */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { InvalidTransitionError, LeaseLostError, TaskNotFoundError, uuidv7 } from '../../../src/engine/index.js';
import type { CurrentStorage } from './harnessTypes.js';
import { bankRecord, batchOf, contractorRecord, runningTask } from './syncFixtures.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Registers the batch tests. */
export function syncBatchTests(current: CurrentStorage): void {
  it('creates, updates and skips counterparties by data_version, writing every field', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const a = contractorRecord();
    const b = contractorRecord({ source: 'Catalog_ФизическиеЛица', person_type: 'individual', kpp: '' });
    const first = await storage.sync.commitContractorBatch(batchOf(task, 2), [a, b]);
    expect(first).toMatchObject({ created: 2, updated: 0, skipped: 0, classified: 0, unclassified: 0 });

    const b2 = { ...b, name: 'Иванов И. И.', deletion_mark: true, data_version: 'AAAAAAAAAAI=' };
    const c = contractorRecord();
    const second = await storage.sync.commitContractorBatch(batchOf(task, 5), [a, b2, c]);
    expect(second).toMatchObject({ created: 1, updated: 1, skipped: 1 });

    const stored = await storage.sync.getContractors([a.ref, b.ref, c.ref, randomUUID()]);
    expect([...stored.keys()].sort()).toEqual([a.ref, b.ref, c.ref].sort());
    const { synced_at, ...rest } = stored.get(b.ref)!;
    expect(rest).toEqual(b2);
    expect(synced_at).toMatch(ISO);
    expect(stored.get(a.ref)).toMatchObject(a);
  });

  it('counts a ref given twice in one batch once, the last record winning, the other as skipped', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const a = contractorRecord();
    const counts = await storage.sync.commitContractorBatch(batchOf(task), [a, { ...a, name: 'Последний', data_version: 'v2' }]);
    expect(counts).toMatchObject({ created: 1, updated: 0, skipped: 1 });
    expect((await storage.sync.getContractors([a.ref])).get(a.ref)?.name).toBe('Последний');
  });

  it("writes the task's progress, checkpoint and seq in the batch's transaction and returns the task", async () => {
    const storage = current();
    const task = await runningTask(storage);
    const counts = await storage.sync.commitBankBatch(
      { taskId: task.task_id, fence: 1, progress: { processed: 2, total: 10, message: 'Выписка: 2 из 10' }, checkpoint: { skip: 2 } },
      [bankRecord(), bankRecord()],
      task.task_id,
    );
    const stored = await storage.tasks.getTask(task.task_id);
    expect(stored).toMatchObject({
      status: 'running',
      processed: 2,
      total: 10,
      message: 'Выписка: 2 из 10',
      checkpoint: { skip: 2 },
      seq: task.seq + 1,
    });
    expect(counts.task).toEqual(stored);
  });

  it('rolls the records back and throws LeaseLostError when the fence names another attempt', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const a = contractorRecord();
    const t = bankRecord();
    await expect(storage.sync.commitContractorBatch({ ...batchOf(task), fence: 2 }, [a])).rejects.toBeInstanceOf(LeaseLostError);
    await expect(storage.sync.commitBankBatch({ ...batchOf(task), fence: 2 }, [t], task.task_id)).rejects.toBeInstanceOf(LeaseLostError);
    expect((await storage.sync.getContractors([a.ref])).size).toBe(0);
    expect(await storage.sync.getBankTransaction(t.ref)).toBeNull();
    expect(await storage.tasks.getTask(task.task_id)).toEqual(task);
  });

  it('rolls the records back and throws InvalidTransitionError when the task is no longer running', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const done = await storage.tasks.completeTask(task.task_id, null, {}, 1);
    const a = contractorRecord();
    const t = bankRecord();
    await expect(storage.sync.commitContractorBatch(batchOf(task), [a])).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(storage.sync.commitBankBatch(batchOf(task), [t], task.task_id)).rejects.toBeInstanceOf(InvalidTransitionError);
    expect((await storage.sync.getContractors([a.ref])).size).toBe(0);
    expect(await storage.sync.getBankTransaction(t.ref)).toBeNull();
    expect(await storage.tasks.getTask(task.task_id)).toEqual(done);
  });

  it('throws TaskNotFoundError, storing nothing, for a task that does not exist', async () => {
    const storage = current();
    const t = bankRecord();
    await expect(
      storage.sync.commitBankBatch({ taskId: uuidv7(), fence: 1, progress: { processed: 1 }, checkpoint: null }, [t], 'run'),
    ).rejects.toBeInstanceOf(TaskNotFoundError);
    expect(await storage.sync.getBankTransaction(t.ref)).toBeNull();
  });

  it('counts bank transactions created, updated, skipped, classified and unclassified', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const [a, b, c] = [bankRecord({ category_id: rent.id }), bankRecord(), bankRecord({ category_id: rent.id })];
    const first = await storage.sync.commitBankBatch(batchOf(task), [a, b, c], task.task_id);
    expect(first).toMatchObject({ created: 3, updated: 0, skipped: 0, classified: 2, unclassified: 1 });

    const b2 = { ...b, data_version: 'v2', category_id: rent.id };
    const c2 = { ...c, data_version: 'v2', category_id: null };
    const second = await storage.sync.commitBankBatch(batchOf(task, 4), [a, b2, c2, bankRecord()], task.task_id);
    expect(second).toMatchObject({ created: 1, updated: 2, skipped: 1, classified: 1, unclassified: 2 });
    expect(await storage.sync.getBankTransaction(b.ref)).toMatchObject({
      category_id: rent.id,
      category_source: 'rule',
      category_name: 'Аренда',
    });
    // A rule category is replaced by the record's, even by none.
    expect(await storage.sync.getBankTransaction(c.ref)).toMatchObject({ category_id: null, category_source: null, category_name: null });
  });

  it('never overwrites a manual category, and counts it as the resulting category', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'any' });
    const taxes = await storage.sync.insertCategory({ name: 'Налоги', direction: 'any' });
    const t = bankRecord({ category_id: rent.id });
    await storage.sync.commitBankBatch(batchOf(task), [t], task.task_id);
    await storage.sync.setTransactionCategory(t.ref, taxes.id);

    const byRule = await storage.sync.commitBankBatch(batchOf(task), [{ ...t, data_version: 'v2', amount_kopecks: 5 }], task.task_id);
    expect(byRule).toMatchObject({ updated: 1, classified: 1, unclassified: 0 });
    const byNone = await storage.sync.commitBankBatch(
      batchOf(task),
      [{ ...t, data_version: 'v3', amount_kopecks: 5, category_id: null }],
      task.task_id,
    );
    expect(byNone).toMatchObject({ updated: 1, classified: 1, unclassified: 0 });
    expect(await storage.sync.getBankTransaction(t.ref)).toMatchObject({
      data_version: 'v3',
      amount: 0.05,
      category_id: taxes.id,
      category_name: 'Налоги',
      category_source: 'manual',
    });
  });

  it('marks skipped records seen too, lists unseen transactions inside the period and deletes only unseen ones', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const [run1, run2] = [uuidv7(), uuidv7()];
    const kept = bankRecord({ date: '2024-03-01' });
    const changed = bankRecord({ date: '2024-03-31' });
    const gone = bankRecord({ date: '2024-03-15' });
    const before = bankRecord({ date: '2024-02-29' });
    const after = bankRecord({ date: '2024-04-01' });
    await storage.sync.commitBankBatch(batchOf(task), [kept, changed, gone, before, after], run1);
    const counts = await storage.sync.commitBankBatch(
      batchOf(task),
      [kept, { ...changed, data_version: 'v2' }, bankRecord({ date: '2024-03-10' })],
      run2,
    );
    expect(counts).toMatchObject({ created: 1, updated: 1, skipped: 1 });

    expect(await storage.sync.listUnseenBankTransactions('2024-03-01', '2024-03-31', run2)).toEqual([
      { ref: gone.ref, doc_type: gone.doc_type },
    ]);
    // A row the run saw is never deleted, even when asked.
    expect(await storage.sync.deleteBankTransactions([gone.ref, kept.ref], run2)).toBe(1);
    expect(await storage.sync.getBankTransaction(gone.ref)).toBeNull();
    for (const t of [kept, changed, before, after]) expect(await storage.sync.getBankTransaction(t.ref)).not.toBeNull();
    expect(await storage.sync.listUnseenBankTransactions('2024-03-01', '2024-03-31', run2)).toEqual([]);
    expect(await storage.sync.deleteBankTransactions([], run2)).toBe(0);
  });

  it('inserts only missing counterparties, leaving stored ones untouched', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const known = contractorRecord();
    await storage.sync.commitContractorBatch(batchOf(task), [known]);
    const fresh = contractorRecord({ data_version: '' });
    await storage.sync.insertMissingContractors([{ ...known, name: 'Другое имя', data_version: 'v9' }, fresh]);
    const stored = await storage.sync.getContractors([known.ref, fresh.ref]);
    expect(stored.get(known.ref)).toMatchObject(known);
    expect(stored.get(fresh.ref)).toMatchObject(fresh);
  });

  it('commits an empty batch: only the progress and checkpoint are written', async () => {
    const storage = current();
    const task = await runningTask(storage);
    const counts = await storage.sync.commitContractorBatch(batchOf(task, 0, { done: true }), []);
    expect(counts).toMatchObject({ created: 0, updated: 0, skipped: 0, classified: 0, unclassified: 0 });
    expect(counts.task).toMatchObject({ checkpoint: { done: true }, seq: task.seq + 1 });
  });
}
