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
  return err;
}
