import type { TaskContext, TaskHandler } from '../engine/index.js';
import { COUNTERPARTY_FIELDS, ONEC_SETS, parseCounterparty, type ODataClient } from '../onec/index.js';
import type { ContractorRecord, SyncStore } from './syncStore.js';
import { BatchWriter } from './BatchWriter.js';
import { lookahead } from './lookahead.js';
import { withSyncErrors } from './syncError.js';
import { counterpartyRecord } from './CounterpartyResolver.js';
import { zeroCounts, type SyncCounts, type SyncResult } from './syncResult.js';
import { num } from './syncTexts.js';

const NOT_FOLDER = 'IsFolder eq false';

const describe = (c: SyncCounts, total: number | null) =>
  `Загружено ${num(c.loaded)}${total !== null ? ` из ${num(total)}` : ''} контрагентов: создано ${num(c.created)}, обновлено ${num(c.updated)}, пропущено ${num(c.skipped)}`;

/**
 * The `sync_contractors` handler: every non-folder Catalog_Контрагенты record, upserted by Ref_Key in
 * batches committed with the task's progress. Deletion-marked counterparties are kept, with their flag,
 * so old transactions still show their names.
 */
export function contractorsSync(client: ODataClient, store: SyncStore): TaskHandler<Record<string, never>> {
  return withSyncErrors(async (ctx: TaskContext<Record<string, never>>): Promise<SyncResult> => {
    const startedAt = performance.now();
    const resume = ctx.resumeFrom as { cursor: { offset: number } | null; counts: SyncCounts } | null;
    const counts: SyncCounts = resume?.counts ? { ...resume.counts } : zeroCounts();
    const signal = ctx.signal;
    if (resume)
      ctx.log('info', `Попытка ${ctx.attempt}: продолжение с места остановки, уже загружено ${num(counts.loaded)}`, { ...counts });
    ctx.progress(counts.loaded, 'Подсчёт контрагентов в 1С…');
    const total = await client.count(ONEC_SETS.counterparties, NOT_FOLDER, { signal });
    ctx.progress(counts.loaded, `Найдено контрагентов: ${num(total)}`, total);
    ctx.log('info', `Найдено контрагентов в 1С: ${num(total)}`, { total });

    const writer = new BatchWriter<ContractorRecord, { offset: number }>(
      ctx,
      counts,
      () => total,
      (records, task) => store.commitContractorBatch(task, records),
      describe,
    );
    const skipTo = resume?.cursor?.offset ?? 0;
    try {
      const pages = client.iteratePages(ONEC_SETS.counterparties, { filter: NOT_FOLDER, select: COUNTERPARTY_FIELDS, signal });
      for await (const page of lookahead(pages)) {
        for (let i = 0; i < page.records.length; i++) {
          const offset = page.skip + i;
          if (offset < skipTo) continue;
          await writer.add(counterpartyRecord(parseCounterparty(page.records[i]!)), { offset: offset + 1 });
        }
      }
      await writer.flush();
    } catch (err) {
      if (signal.aborted) await writer.flush().catch(() => {});
      throw err;
    }
    const done = `Готово: загружено ${num(counts.loaded)}, создано ${num(counts.created)}, обновлено ${num(counts.updated)}, пропущено ${num(counts.skipped)}`;
    ctx.progress(counts.loaded, done);
    const result = { ...counts, deleted: 0, duration_ms: Math.round(performance.now() - startedAt) };
    ctx.log('info', done, { ...result });
    return result;
  });
}
