/** The result of a sync task (the specification's "Загружено / Создано / Обновлено / Пропущено / Время"). */
export type SyncResult = {
  /** Records read from 1C. */
  loaded: number;
  /** New records stored. */
  created: number;
  /** Stored records whose DataVersion changed. */
  updated: number;
  /** Records unchanged since the last sync. */
  skipped: number;
  /** Stored records 1C no longer has or has marked for deletion (each confirmed by key). */
  deleted: number;
  /** Present when the deletion step was skipped, and why: 'allowed_only' (ONEC_ALLOWED_ONLY: hidden is not deleted). */
  deletion_skipped?: 'allowed_only';
  /** Among created and updated: given a category / left without one. */
  classified: number;
  unclassified: number;
  duration_ms: number;
};

/** Counters of a run so far; kept in the checkpoint so a resumed run continues them. */
export type SyncCounts = Omit<SyncResult, 'duration_ms' | 'deleted' | 'deletion_skipped'>;

/** All counters at zero. */
export function zeroCounts(): SyncCounts {
  return { loaded: 0, created: 0, updated: 0, skipped: 0, classified: 0, unclassified: 0 };
}
