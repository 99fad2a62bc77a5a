import { setMaxListeners } from 'node:events';
import { NonRetryableError, type TaskContext, type TaskHandler } from '../engine/index.js';
import {
  andFilters,
  BANK_DOCUMENT_FIELDS,
  BANK_DOCUMENT_SETS,
  dateRangeFilter,
  iterateShiftAware,
  monthWindows,
  ONEC_SETS,
  parseBankDocument,
  parseCurrency,
  type BankDocument,
  type ODataClient,
  type PagePosition,
  type ShiftEvent,
} from '../onec/index.js';
import type { BankTransactionRecord, SyncStore } from './syncStore.js';
import { BatchWriter } from './BatchWriter.js';
import { readAhead } from './readAhead.js';
import { withSyncErrors } from './syncError.js';
import { Classifier } from './classify/classifier.js';
import { CounterpartyResolver } from './CounterpartyResolver.js';
import { zeroCounts, type SyncCounts, type SyncResult } from './syncResult.js';
import { num, period } from './syncTexts.js';
import { reconcileDeletions } from './reconcileDeletions.js';

/** Payload of a `sync_bank_transactions` task. */
export interface BankSyncPayload {
  /** First day, YYYY-MM-DD, included. */
  date_from: string;
  /** Last day, YYYY-MM-DD, included. */
  date_to: string;
  /** Give each created or updated transaction a category. */
  auto_classify: boolean;
}

/**
 * Where a run stopped: the set, the date window, the offset in it of the next record and the Ref_Key of the record
 * just before (so a resumed run notices when 1C's data moved meanwhile). `set` past the last set: the pass is done.
 */
interface BankCursor {
  set: number;
  window: number;
  offset: number;
  last?: string | null;
}

/** Settings of the bank sync. */
export interface BankSyncOptions {
  /** Re-reads of one date window after 1C's data moved under the page boundary (ONEC_SHIFT_REREADS). Default 3. */
  shiftRereads?: number;
  /**
   * Month windows (of either document set) read at once (ONEC_MAX_CONCURRENCY); batches are still committed in
   * window order. Default 1: one window at a time, a few pages ahead of the database.
   */
  readConcurrency?: number;
}

/** Pages of a window read ahead that may wait for the database before that window's reader pauses. */
const MAX_BUFFERED_PAGES = 2;

/** One (document set, month window) of the pass, in cursor order; `start` when the cursor is inside it. */
interface PassUnit {
  set: number;
  window: number;
  start: PagePosition | null;
}

/** A document with its offset in its window when it was read. */
interface ReadDocument {
  doc: BankDocument;
  offset: number;
}

/** Default of {@link BankSyncOptions.shiftRereads}. */
export const DEFAULT_SHIFT_REREADS = 3;

/** The cursor of a finished pass: a resumed run goes straight to the deletion check. */
const PASS_DONE: BankCursor = { set: BANK_DOCUMENT_SETS.length, window: 0, offset: 0, last: null };

const NOT_DELETED = 'DeletionMark eq false';

const describe = (c: SyncCounts, total: number | null) =>
  `Загружено ${num(c.loaded)}${total !== null ? ` из ${num(total)}` : ''} документов: создано ${num(c.created)}, обновлено ${num(c.updated)}, пропущено ${num(c.skipped)}`;

/**
 * The `sync_bank_transactions` handler: both bank document types of [date_from, date_to] (posted or
 * not, without deletion-marked ones), read window by window with shift-aware paging, upserted by Ref_Key in
 * batches committed with the task's progress and a resume cursor. After a complete pass, each stored
 * transaction of the period the pass did not see is confirmed by key in 1C and deleted only when 1C no longer
 * has it or has it marked (reconcileDeletions). With allowedOnly nothing is deleted: hidden is not deleted.
 */
export function bankTransactionsSync(client: ODataClient, store: SyncStore, options: BankSyncOptions = {}): TaskHandler<BankSyncPayload> {
  const maxRereads = options.shiftRereads ?? DEFAULT_SHIFT_REREADS;
  const readConcurrency = options.readConcurrency ?? 1;
  return withSyncErrors(async (ctx: TaskContext<BankSyncPayload>): Promise<SyncResult> => {
    const startedAt = performance.now();
    const { date_from: from, date_to: to, auto_classify: autoClassify } = checkPeriod(ctx.payload);
    const resume = ctx.resumeFrom as { cursor: BankCursor | null; counts: SyncCounts } | null;
    const counts: SyncCounts = resume?.counts ? { ...resume.counts } : zeroCounts();
    const signal = ctx.signal;

    if (resume)
      ctx.log('info', `Попытка ${ctx.attempt}: продолжение с места остановки, уже загружено ${num(counts.loaded)}`, { ...counts });
    ctx.progress(counts.loaded, 'Подсчёт документов в 1С…');
    const periodFilter = andFilters(dateRangeFilter(from, to), NOT_DELETED)!;
    // The counts and the currencies are independent requests: asked at once. The first to fail stops the others, so
    // a failed attempt leaves no request behind (one waiting out 1C's Retry-After would go out after the task gave up).
    const currencies = new Map<string, string>();
    const firstFailure = new AbortController();
    const startSignal = AbortSignal.any([signal, firstFailure.signal]);
    setMaxListeners(0, startSignal); // the start's requests listen on it at once
    const readCurrencies = async () => {
      for await (const raw of client.iterateEntities(ONEC_SETS.currencies, { signal: startSignal })) {
        const c = parseCurrency(raw);
        currencies.set(c.ref, c.code);
      }
    };
    const [counted] = await Promise.all([
      Promise.all(BANK_DOCUMENT_SETS.map((set) => client.count(set, periodFilter, { signal: startSignal }))),
      readCurrencies(),
    ]).catch((err: unknown) => {
      firstFailure.abort();
      throw err;
    });
    const total = counted.reduce((sum, n) => sum + n, 0);
    ctx.progress(counts.loaded, `Найдено документов: ${num(total)}`, total);
    ctx.log('info', `Найдено документов в 1С за ${period(from, to)}: ${num(total)}`, { total, date_from: from, date_to: to });
    const classifier = autoClassify ? new Classifier(await ctx.retryDatabase(() => store.listRules())) : null;
    const resolver = new CounterpartyResolver(client, store);
    const runId = ctx.taskId;

    const writer = new BatchWriter<BankDocument, BankCursor>(
      ctx,
      counts,
      () => total,
      async (docs, task) => {
        const refs = counterpartiesOf(docs);
        const records = docs.map((d) => toRecord(d, currencies, classifier));
        // A counterparty's history (its usual category) decides only what no rule matched, so it is read for
        // those counterparties alone. Read for every counterparty of the batch, it counted again, in every
        // batch, all the stored transactions of the busiest ones: a cost per batch growing with the table.
        const unmatched = classifier
          ? records.flatMap((r) => (r.category_id === null && r.counterparty_ref ? [r.counterparty_ref] : []))
          : [];
        const [, history] = await Promise.all([
          resolver.resolve(refs, signal),
          unmatched.length > 0 ? store.categoryHistory([...new Set(unmatched)]) : undefined,
        ]);
        for (const r of records) {
          if (!r.counterparty_ref) continue;
          r.counterparty_name = resolver.name(r.counterparty_ref);
          if (history && r.category_id === null) r.category_id = history.get(r.counterparty_ref) ?? null;
        }
        return store.commitBankBatch(task, records, runId);
      },
      describe,
    );

    const windows = monthWindows(from, to);
    const start: BankCursor = resume?.cursor ?? { set: 0, window: 0, offset: 0, last: null };
    // ctx.log writes the server log too, with the task's id, attempt and node.
    const onShift = (e: ShiftEvent) => {
      ctx.log(
        'warn',
        e.reread
          ? 'Данные в 1С сдвинулись на границе страницы: окно читается заново'
          : 'Данные в 1С снова сдвинулись: чтение продолжается без повтора',
        { ...e },
      );
    };
    const units: PassUnit[] = [];
    for (let s = start.set; s < BANK_DOCUMENT_SETS.length; s++) {
      for (let w = s === start.set ? start.window : 0; w < windows.length; w++) {
        const resumed = s === start.set && w === start.window;
        units.push({ set: s, window: w, start: resumed ? { windowIndex: w, skip: start.offset, lastRef: start.last ?? null } : null });
      }
    }
    // One window of one set, page by page; the counterparties of each page are looked up as it arrives, so windows
    // read ahead also resolve theirs ahead of the database writes.
    async function* readUnit(unit: PassUnit, unitSignal: AbortSignal): AsyncGenerator<ReadDocument[], void, undefined> {
      const set = BANK_DOCUMENT_SETS[unit.set]!;
      const pages = iterateShiftAware(client, set, {
        windows: windows.slice(0, unit.window + 1),
        start: unit.start ?? { windowIndex: unit.window, skip: 0, lastRef: null },
        filter: NOT_DELETED,
        select: BANK_DOCUMENT_FIELDS,
        pageSize: client.pageSize,
        maxRereads,
        onShift,
        signal: unitSignal,
      });
      for await (const page of pages) {
        const docs = page.records.map(({ record, offset }) => ({ doc: parseBankDocument(set, record), offset }));
        // Looks up and stores counterparties: retried as a whole while the database is unavailable (idempotent).
        const refs = counterpartiesOf(docs.map((d) => d.doc));
        await ctx.retryDatabase(() => resolver.resolve(refs, unitSignal));
        yield docs;
      }
    }
    let deleted = 0;
    try {
      let currentSet = start.set;
      for await (const { unitIndex, page } of readAhead(units, readUnit, {
        concurrency: readConcurrency,
        maxBufferedPages: MAX_BUFFERED_PAGES,
        signal,
      })) {
        const unit = units[unitIndex]!;
        if (unit.set !== currentSet) {
          currentSet = unit.set;
          await writer.yieldPoint();
        }
        for (const { doc, offset } of page)
          await writer.add(doc, { set: unit.set, window: unit.window, offset: offset + 1, last: doc.ref });
      }
      await writer.yieldPoint();
      await writer.flush();
      if (client.allowedOnly) {
        // allowedOnly hides what the user may not read: unseen is not deleted, so nothing may be deleted.
        ctx.log('warn', 'Включён ONEC_ALLOWED_ONLY: документы, которых нет в выгрузке, не удаляются', { date_from: from, date_to: to });
      } else {
        ctx.progress(counts.loaded, 'Проверка в 1С документов, которых не было в выгрузке…');
        // Run again as a whole while the database is unavailable: it only confirms, re-stores and deletes by key.
        const outcome = await ctx.retryDatabase(() =>
          reconcileDeletions(
            client,
            store,
            { from, to, runId },
            async (set, records) => {
              for (const r of records) await writer.add(parseBankDocument(set, r), PASS_DONE);
              await writer.flush();
            },
            signal,
          ),
        );
        deleted = outcome.deleted;
        if (outcome.unseen > 0) {
          ctx.log(
            'info',
            `Проверено в 1С по ключу документов, не попавших в выгрузку: ${num(outcome.unseen)}, удалено ${num(outcome.deleted)}`,
            {
              ...outcome,
            },
          );
        }
      }
    } catch (err) {
      // Cancelled: keep what was read (the open batch included). Failed: the open batch is dropped
      // (never committed), earlier batches stay, and the next attempt resumes after them (withSyncErrors decides).
      if (signal.aborted) await writer.flush().catch(() => {});
      throw err;
    }

    const done = `Готово: загружено ${num(counts.loaded)}, создано ${num(counts.created)}, обновлено ${num(counts.updated)}, пропущено ${num(counts.skipped)}`;
    const summary = client.allowedOnly
      ? `${done}; удаление пропущено: включён ONEC_ALLOWED_ONLY, скрытые правами документы не видны`
      : `${done}, удалено ${num(deleted)}`;
    ctx.progress(counts.loaded, summary);
    const result: SyncResult = {
      ...counts,
      deleted,
      ...(client.allowedOnly ? { deletion_skipped: 'allowed_only' as const } : {}),
      duration_ms: Math.round(performance.now() - startedAt),
    };
    ctx.log('info', summary, { ...result });
    return result;
  });
}

/**
 * The payload with both days present (the route checks it; a task enqueued another way may lack them). A day that is
 * not a real date, or a period that ends before it starts, fails with ODataArgumentError when the filter is built:
 * neither is retried.
 */
function checkPeriod(payload: BankSyncPayload | null): BankSyncPayload {
  if (typeof payload?.date_from !== 'string' || typeof payload.date_to !== 'string') {
    throw new NonRetryableError('Неверные параметры синхронизации: нужны date_from и date_to (ГГГГ-ММ-ДД)');
  }
  // A payload stored by an older schedule or an embedder may leave it out: the routes' default.
  return { ...payload, auto_classify: payload.auto_classify ?? true };
}

/** The counterparty references of documents, to resolve. */
function counterpartiesOf(docs: readonly BankDocument[]) {
  return docs.flatMap((d) => (d.counterpartyRef && d.counterpartyType ? [{ ref: d.counterpartyRef, type: d.counterpartyType }] : []));
}

/** The record of a document, classified by the rules; its counterparty's name (and history) is filled in later. */
function toRecord(d: BankDocument, currencies: ReadonlyMap<string, string>, classifier: Classifier | null): BankTransactionRecord {
  const record: BankTransactionRecord = {
    ref: d.ref,
    direction: d.direction,
    doc_type: d.set,
    number: d.number,
    date: d.date,
    amount_kopecks: Math.round(d.amount * 100),
    currency_code: d.currencyRef ? (currencies.get(d.currencyRef) ?? null) : null,
    counterparty_ref: d.counterpartyType ? d.counterpartyRef : null,
    counterparty_type: d.counterpartyType,
    counterparty_name: null,
    purpose: d.purpose,
    operation_kind: d.operationKind,
    posted: d.posted,
    data_version: d.dataVersion,
    category_id: null,
  };
  if (classifier) record.category_id = classifier.classify(record);
  return record;
}
