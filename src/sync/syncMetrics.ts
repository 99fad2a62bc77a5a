import type { TaskHandler } from '../engine/index.js';
import type { ODataRequestEvent } from '../onec/index.js';
import type { SyncResult } from './syncResult.js';

/** Where the sync reports its figures: the node's /metrics when they are on (src/metrics' TaskcastMetrics fits). */
export interface SyncMetrics {
  onec: {
    /** One HTTP attempt to 1C. */
    request(entity: string, status: string, seconds: number): void;
    /** Documents a sync run processed with this outcome. */
    syncDocuments(sync: string, outcome: string, count: number): void;
  };
}

/** The outcomes of a sync run's documents that are counted, from its result. */
const DOCUMENT_OUTCOMES = ['created', 'updated', 'skipped', 'deleted'] as const;

/** The 1C client's `onRequest` reporting to `metrics`, or undefined without them. */
export function countedRequests(metrics: SyncMetrics | null | undefined): ((event: ODataRequestEvent) => void) | undefined {
  if (!metrics) return undefined;
  return (event) => metrics.onec.request(event.entity, event.status, event.ms / 1000);
}

/**
 * `handler` counting its run's documents when it completes (`taskcast_sync_documents_total{sync,outcome}`): a run
 * that fails or is cancelled counts nothing; a resumed one counts its earlier attempts' documents with its own.
 */
export function countedDocuments<P>(sync: string, handler: TaskHandler<P>, metrics: SyncMetrics | null | undefined): TaskHandler<P> {
  if (!metrics) return handler;
  return async (ctx) => {
    const result = await handler(ctx);
    const counts = (result ?? {}) as Partial<SyncResult>;
    for (const outcome of DOCUMENT_OUTCOMES) metrics.onec.syncDocuments(sync, outcome, Number(counts[outcome] ?? 0));
    return result;
  };
}
