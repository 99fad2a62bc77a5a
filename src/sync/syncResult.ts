import type { SyncResult } from '../wire/index.js';

export type { SyncResult } from '../wire/index.js';

/** Counters of a run so far; kept in the checkpoint so a resumed run continues them. */
export type SyncCounts = Omit<SyncResult, 'duration_ms' | 'deleted' | 'deletion_skipped'>;

/** All counters at zero. */
export function zeroCounts(): SyncCounts {
  return { loaded: 0, created: 0, updated: 0, skipped: 0, classified: 0, unclassified: 0 };
}
