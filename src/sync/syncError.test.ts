import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { NonRetryableError, RetryAfterError, TaskCancelledError, type TaskContext } from '../engine/index.js';
import {
  NotODataResponseError,
  ODataAbortError,
  ODataAccessDeniedError,
  ODataArgumentError,
  ODataAuthError,
  ODataError,
  ODataMalformedJsonError,
  ODataNetworkError,
  ODataRecordError,
  ODataTimeoutError,
  ODataUrlTooLongError,
} from '../onec/index.js';
import { SyncFailedError, syncFailure, withSyncErrors } from './syncError.js';
import { SYNC_RETRY_DEFAULTS, SYNC_RETRY_MAX_MS, syncRetryPolicy } from './retryPolicy.js';

/** What the engine does with a sync's error: fail now, retry after the backoff, or retry at a given time. */
function decision(err: unknown): string {
  const mapped = syncFailure(err);
  if (mapped instanceof NonRetryableError) return 'fails now';
  if (mapped instanceof RetryAfterError) return `retried in ${Math.round(mapped.retryAfterMs / 1000)} s`;
  return 'retried after the backoff';
}

describe('which sync errors are retried', () => {
  it('1C errors that asking again cannot fix fail the task at once, reworded', () => {
    const permanent = [
      new ODataAccessDeniedError(401, 'бухгалтер', 'Document_ПоступлениеНаРасчетныйСчет', 'Нарушение прав доступа!'),
      new ODataAuthError(401, 'odata'),
      new ODataError(404, '8', 'Не найден тип сущности'),
      new ODataError(500, '10', 'Не найдено свойство'),
      new ODataError(400, '14', 'Ошибка разбора параметров запроса'),
      new ODataUrlTooLongError(2100, 2048, 'Catalog_Контрагенты', true),
      new ODataRecordError('Catalog_Контрагенты', null, 'Ref_Key', 'нет значения'),
      new NotODataResponseError(200, 'text/html', 'Вход в систему'),
    ];
    for (const err of permanent) {
      expect(decision(err), err.constructor.name).toBe('fails now');
      expect((syncFailure(err) as Error).message).toBe(`Не удалось получить данные из 1С: ${err.message}`);
      expect((syncFailure(err) as Error).cause).toBe(err);
    }
  });

  it('a bad period fails at once and says so', () => {
    const mapped = syncFailure(new ODataArgumentError('Начало периода 2025-03-02 позже конца 2025-03-01'));
    expect(mapped).toBeInstanceOf(NonRetryableError);
    expect((mapped as Error).message).toBe('Неверные параметры синхронизации: Начало периода 2025-03-02 позже конца 2025-03-01');
  });

  it('1C down, slow or failing inside is retried after the backoff', () => {
    const transient = [
      new ODataTimeoutError(30_000, 5, 'Catalog_Контрагенты'),
      new ODataNetworkError('http://1c', 'ECONNREFUSED', 5, new Error('connect')),
      new ODataError(500, '-1', 'Внутренняя ошибка'),
      new ODataError(503, '0', ''),
      new NotODataResponseError(502, 'text/html', '502 Bad Gateway'),
      new ODataMalformedJsonError(200, '{"value": [', 5, new SyntaxError('end')),
    ];
    for (const err of transient) {
      expect(decision(err), err.constructor.name).toBe('retried after the backoff');
      expect(syncFailure(err)).toBeInstanceOf(SyncFailedError);
    }
  });

  it('1C’s Retry-After on the error the client gave up with sets the next attempt’s time', () => {
    const err = new NotODataResponseError(503, 'text/html', 'Service Unavailable');
    err.retryAt = Date.now() + 30_000;
    expect(decision(err)).toBe('retried in 30 s');
    const late = new ODataError(429, '-1', 'Слишком много запросов');
    late.retryAt = Date.now() - 1_000;
    expect((syncFailure(late) as RetryAfterError).retryAfterMs).toBe(0);
    // Retry-After on a refusal does not make it retryable.
    const refused = new ODataAuthError(401, 'odata');
    refused.retryAt = Date.now() + 30_000;
    expect(decision(refused)).toBe('fails now');
  });

  it('the database: unavailable is retried, refusing the values is not; the engine’s own errors and others pass as they are', () => {
    expect(decision(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe('retried after the backoff');
    expect((syncFailure(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' })) as Error).message).toMatch(
      /^База данных Taskcast недоступна/,
    );
    expect(decision(Object.assign(new Error('invalid input syntax'), { code: '22P02' }))).toBe('fails now');
    const cancelled = new TaskCancelledError('t');
    expect(syncFailure(cancelled)).toBe(cancelled);
    const nonRetryable = new NonRetryableError('нет');
    expect(syncFailure(nonRetryable)).toBe(nonRetryable);
    const bug = new TypeError('x is undefined');
    expect(syncFailure(bug)).toBe(bug);
  });

  it('withSyncErrors rewords what the handler throws, but not once the run was stopped (cancelled, timed out)', async () => {
    const failing = withSyncErrors(() => {
      throw new ODataAccessDeniedError(401, 'u', 'Catalog_Контрагенты', '');
    });
    const ctx = (aborted: boolean) => ({ signal: { aborted }, attempt: 1, log() {} }) as unknown as TaskContext<never>;
    await expect(failing(ctx(false))).rejects.toBeInstanceOf(NonRetryableError);
    const stopped = withSyncErrors(() => {
      throw new ODataAbortError('Catalog_Контрагенты');
    });
    await expect(stopped(ctx(true))).rejects.toBeInstanceOf(ODataAbortError);
  });
});

describe('the sync retry policy', () => {
  it('defaults to 5 attempts, 30 s doubling with equal jitter, at most 30 min; both settable', () => {
    expect(syncRetryPolicy(loadConfig({}))).toEqual({
      maxAttempts: SYNC_RETRY_DEFAULTS.maxAttempts,
      backoff: { base_ms: SYNC_RETRY_DEFAULTS.baseMs, factor: 2, max_ms: SYNC_RETRY_MAX_MS, jitter: 'equal' },
    });
    expect(SYNC_RETRY_DEFAULTS).toEqual({ maxAttempts: 5, baseMs: 30_000 });
    expect(syncRetryPolicy(loadConfig({ ONEC_SYNC_MAX_ATTEMPTS: '2', ONEC_SYNC_RETRY_BASE_MS: '500' }))).toMatchObject({
      maxAttempts: 2,
      backoff: { base_ms: 500 },
    });
    expect(() => loadConfig({ ONEC_SYNC_MAX_ATTEMPTS: '0' })).toThrow(/ONEC_SYNC_MAX_ATTEMPTS/);
    expect(() => loadConfig({ ONEC_SYNC_RETRY_BASE_MS: '10' })).toThrow(/ONEC_SYNC_RETRY_BASE_MS/);
  });
});
