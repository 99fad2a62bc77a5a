/** Sync store conformance, part 3: categories and classification rules. */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { CategoryNameTakenError } from '../../../src/sync/index.js';
import type { CurrentStorage } from './harnessTypes.js';
import { bankRecord, batchOf, runningTask } from './syncFixtures.js';

/** Registers the category and rule tests. */
export function syncCategoryTests(current: CurrentStorage): void {
  it('creates, lists by name, updates and deletes categories', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const sales = await storage.sync.insertCategory({ name: 'Выручка', direction: 'in' });
    expect(rent).toEqual({ id: expect.any(Number), name: 'Аренда', direction: 'out' });
    expect(await storage.sync.listCategories()).toEqual([rent, sales]);

    expect(await storage.sync.updateCategory(rent.id, { direction: 'any' })).toEqual({ ...rent, direction: 'any' });
    expect(await storage.sync.updateCategory(rent.id, { name: 'Аренда офиса' })).toEqual({
      ...rent,
      name: 'Аренда офиса',
      direction: 'any',
    });
    expect(await storage.sync.updateCategory(rent.id, {})).toEqual({ ...rent, name: 'Аренда офиса', direction: 'any' });
    expect(await storage.sync.updateCategory(rent.id + sales.id + 100, { name: 'Нет' })).toBeNull();

    expect(await storage.sync.deleteCategory(sales.id)).toBe(true);
    expect(await storage.sync.deleteCategory(sales.id)).toBe(false);
    expect((await storage.sync.listCategories()).map((c) => c.name)).toEqual(['Аренда офиса']);
  });

  it('refuses a duplicate category name whatever its case, Cyrillic included, with CategoryNameTakenError', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const other = await storage.sync.insertCategory({ name: 'Other', direction: 'any' });
    const taken = storage.sync.insertCategory({ name: 'АРЕНДА', direction: 'in' });
    await expect(taken).rejects.toBeInstanceOf(CategoryNameTakenError);
    await expect(taken).rejects.toMatchObject({ code: 'CATEGORY_NAME_TAKEN', categoryName: 'АРЕНДА' });
    await expect(storage.sync.insertCategory({ name: 'OTHER', direction: 'in' })).rejects.toBeInstanceOf(CategoryNameTakenError);
    await expect(storage.sync.updateCategory(other.id, { name: 'аренда' })).rejects.toBeInstanceOf(CategoryNameTakenError);
    // Renaming a category to its own name in another case is no conflict.
    expect(await storage.sync.updateCategory(rent.id, { name: 'АРЕНДА' })).toMatchObject({ name: 'АРЕНДА' });
    expect(await storage.sync.listCategories()).toHaveLength(2);
  });

  it('deleting a category removes its rules and clears it from transactions, whatever their source', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const taxes = await storage.sync.insertCategory({ name: 'Налоги', direction: 'out' });
    const rentRule = await storage.sync.insertRule({
      category_id: rent.id,
      priority: 10,
      direction: 'out',
      operation_kinds: null,
      keywords: ['аренда'],
      counterparty_ref: null,
    });
    const taxRule = await storage.sync.insertRule({
      category_id: taxes.id,
      priority: 20,
      direction: null,
      operation_kinds: null,
      keywords: ['налог'],
      counterparty_ref: null,
    });
    const [byRule, byHand, taxed] = [bankRecord({ category_id: rent.id }), bankRecord(), bankRecord({ category_id: taxes.id })];
    const task = await runningTask(storage);
    await storage.sync.commitBankBatch(batchOf(task), [byRule, byHand, taxed], task.task_id);
    await storage.sync.setTransactionCategory(byHand.ref, rent.id);

    expect(await storage.sync.deleteCategory(rent.id)).toBe(true);
    expect(await storage.sync.listRules()).toEqual([taxRule]);
    expect(rentRule.category_id).toBe(rent.id);
    for (const ref of [byRule.ref, byHand.ref]) {
      expect(await storage.sync.getBankTransaction(ref)).toMatchObject({ category_id: null, category_name: null, category_source: null });
    }
    expect(await storage.sync.getBankTransaction(taxed.ref)).toMatchObject({ category_id: taxes.id, category_source: 'rule' });
    expect((await storage.sync.listBankTransactions({ category: 'none', limit: 10, offset: 0 })).total).toBe(2);
  });

  it('creates, lists by priority, updates and deletes rules, keeping JSON lists and nulls', async () => {
    const storage = current();
    const rent = await storage.sync.insertCategory({ name: 'Аренда', direction: 'out' });
    const fees = await storage.sync.insertCategory({ name: 'Комиссии', direction: 'out' });
    const counterparty = randomUUID();
    const late = await storage.sync.insertRule({
      category_id: rent.id,
      priority: 50,
      direction: 'out',
      operation_kinds: ['ОплатаПоставщику', 'ПрочееСписание'],
      keywords: ['аренда', 'арендная плата'],
      counterparty_ref: counterparty,
    });
    const early = await storage.sync.insertRule({
      category_id: fees.id,
      priority: 5,
      direction: null,
      operation_kinds: null,
      keywords: null,
      counterparty_ref: null,
    });
    expect(late).toEqual({
      id: expect.any(Number),
      category_id: rent.id,
      priority: 50,
      direction: 'out',
      operation_kinds: ['ОплатаПоставщику', 'ПрочееСписание'],
      keywords: ['аренда', 'арендная плата'],
      counterparty_ref: counterparty,
    });
    expect(await storage.sync.listRules()).toEqual([early, late]);

    const cleared = await storage.sync.updateRule(late.id, { priority: 1, operation_kinds: null, counterparty_ref: null });
    expect(cleared).toEqual({ ...late, priority: 1, operation_kinds: null, counterparty_ref: null });
    const moved = await storage.sync.updateRule(early.id, { category_id: rent.id, keywords: ['комиссия'], direction: 'in' });
    expect(moved).toEqual({ ...early, category_id: rent.id, keywords: ['комиссия'], direction: 'in' });
    expect(await storage.sync.updateRule(early.id, {})).toEqual(moved);
    expect(await storage.sync.listRules()).toEqual([cleared, moved]);
    expect(await storage.sync.updateRule(early.id + late.id + 100, { priority: 3 })).toBeNull();

    expect(await storage.sync.deleteRule(late.id)).toBe(true);
    expect(await storage.sync.deleteRule(late.id)).toBe(false);
    expect(await storage.sync.listRules()).toEqual([moved]);
  });
}
