/** Fixture factories for the sync store tests: records with fresh refs, and a running task to commit with. */
import { randomUUID } from 'node:crypto';
import type { TaskRow } from '../../../src/engine/index.js';
import type { BankTransactionRecord, BatchTask, ContractorRecord } from '../../../src/sync/index.js';
import type { Storage } from '../../../src/store/index.js';
import { newTaskFixture } from './newTaskFixture.js';

let counter = 0;

/** A legal-entity counterparty with a fresh ref; `overrides` replace any field. */
export function contractorRecord(overrides: Partial<ContractorRecord> = {}): ContractorRecord {
  const n = ++counter;
  return {
    ref: randomUUID(),
    source: 'Catalog_Контрагенты',
    name: `ООО Контрагент ${n}`,
    full_name: `Общество с ограниченной ответственностью «Контрагент ${n}»`,
    inn: String(7700000000 + n),
    kpp: '770001001',
    person_type: 'legal',
    deletion_mark: false,
    data_version: 'AAAAAAAAAAE=',
    ...overrides,
  };
}

/** An incoming, posted, unclassified payment of 1 000 roubles with a fresh ref; `overrides` replace any field. */
export function bankRecord(overrides: Partial<BankTransactionRecord> = {}): BankTransactionRecord {
  const n = ++counter;
  return {
    ref: randomUUID(),
    direction: 'in',
    doc_type: 'Document_ПоступлениеНаРасчетныйСчет',
    number: `0000-${String(n).padStart(6, '0')}`,
    date: '2024-03-15',
    amount_kopecks: 100_000,
    currency_code: '643',
    counterparty_ref: null,
    counterparty_type: null,
    counterparty_name: null,
    purpose: `Платёж ${n}`,
    operation_kind: 'ОплатаПокупателя',
    posted: true,
    data_version: 'AAAAAAAAAAE=',
    category_id: null,
    ...overrides,
  };
}

/** A task inserted and claimed through the task store, so it is running with attempt 1. */
export async function runningTask(storage: Storage): Promise<TaskRow> {
  const [task] = await storage.tasks.insertTasks([newTaskFixture('sync_test')]);
  const [claimed] = await storage.tasks.claimTasks({ types: ['sync_test'], limit: 1, leaseOwner: 'sync-test', leaseMs: 60_000 });
  if (!claimed || claimed.task_id !== task!.task_id) throw new Error('fixture task was not claimed');
  return claimed;
}

/** The BatchTask of a running fixture task (fence = its attempt); `processed` defaults to 1. */
export function batchOf(task: TaskRow, processed = 1, checkpoint: unknown = { after: processed }): BatchTask {
  return { taskId: task.task_id, fence: task.attempt, progress: { processed }, checkpoint };
}
