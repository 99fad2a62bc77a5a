import type { SyncTaskType } from '../wire/index.js';

/** Task type of the bank transactions sync (one of the wire's SYNC_TASK_TYPES). */
export const BANK_SYNC_TYPE = 'sync_bank_transactions' satisfies SyncTaskType;
/** Task type of the counterparties sync. */
export const CONTRACTORS_SYNC_TYPE = 'sync_contractors' satisfies SyncTaskType;
