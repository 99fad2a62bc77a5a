/** The 1C sync over the wire: starting a sync, its result, its source. */
import type { TaskStatus } from './tasks.js';

/** The task types of the 1C sync. */
export const SYNC_TASK_TYPES = ['sync_bank_transactions', 'sync_contractors'] as const;

/** One of {@link SYNC_TASK_TYPES}. */
export type SyncTaskType = (typeof SYNC_TASK_TYPES)[number];

/**
 * The result of a sync task (the specification's "Загружено / Создано / Обновлено / Пропущено / Время"). A type
 * alias, not an interface, so that it is a JSON value a handler may return.
 */
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

/** Parameters of a bank transactions sync; `auto_classify` defaults to true on the server. */
export interface BankSyncParams {
  /** YYYY-MM-DD, included. */
  date_from: string;
  /** YYYY-MM-DD, included. */
  date_to: string;
  auto_classify?: boolean;
}

/** The answer of a sync start (202). */
export interface SyncStartResponse {
  task_id: string;
  status: TaskStatus;
  message: string;
}

/** Where the sync reads 1C data from (GET /api/v1/sync-1c/status). */
export interface SyncSource {
  source: 'simulator' | '1c';
  url: string;
}
