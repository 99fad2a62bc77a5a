/** Task type of the bank transactions sync. */
export const BANK_SYNC_TYPE = 'sync_bank_transactions';
/** Task type of the counterparties sync. */
export const CONTRACTORS_SYNC_TYPE = 'sync_contractors';
