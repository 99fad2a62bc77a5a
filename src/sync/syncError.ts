import { isTransientDatabaseError } from '../engine/index.js';
import { OneCError } from '../onec/index.js';

/** An error that ends a sync, worded for the person who started it. */
export class SyncFailedError extends Error {
  readonly code = 'SYNC_FAILED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SyncFailedError';
  }
}

/** Rewords a failure of the exchange with 1C so the task's error says what failed and where. */
export function syncFailure(err: unknown): unknown {
  if (err instanceof OneCError) return new SyncFailedError(`Не удалось получить данные из 1С: ${err.message}`, { cause: err });
  // The database stayed unreachable or locked longer than TASKCAST_DB_RETRY_MS: said in words, not as the
  // driver's English ("database is locked", "Connection terminated unexpectedly").
  if (isTransientDatabaseError(err)) {
    return new SyncFailedError(
      'База данных Taskcast недоступна или занята другим процессом; загруженные пакеты сохранены, повторите синхронизацию позже',
      { cause: err },
    );
  }
  return err;
}
