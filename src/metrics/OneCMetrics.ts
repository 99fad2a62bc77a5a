import { Counter, Histogram, type Registry } from 'prom-client';
import { MAX_LABEL_VALUES, REQUEST_SECONDS_BUCKETS } from './metricsDefaults.js';

/**
 * `taskcast_onec_requests_total{entity,status}`, `taskcast_onec_request_seconds{entity}` (each HTTP attempt to 1C)
 * and `taskcast_sync_documents_total{sync,outcome}`: what this node's syncs did. Entities are 1C's entity set names
 * the sync code asks for (a fixed list), statuses HTTP codes or `timeout`/`network`.
 */
export class OneCMetrics {
  private readonly requests: Counter<'entity' | 'status'>;
  private readonly seconds: Histogram<'entity'>;
  private readonly documents: Counter<'sync' | 'outcome'>;
  private readonly entities = new Set<string>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'taskcast_onec_requests_total',
      help: 'HTTP requests (each attempt) this node sent to 1C, by entity set and answer (HTTP status, timeout, network).',
      labelNames: ['entity', 'status'],
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'taskcast_onec_request_seconds',
      help: 'Time of one HTTP request to 1C from this node, seconds, by entity set.',
      labelNames: ['entity'],
      buckets: [...REQUEST_SECONDS_BUCKETS],
      registers: [registry],
    });
    this.documents = new Counter({
      name: 'taskcast_sync_documents_total',
      help: 'Documents the syncs of this node processed, by sync and outcome.',
      labelNames: ['sync', 'outcome'],
      registers: [registry],
    });
  }

  /** One HTTP attempt to 1C ended. */
  request(entity: string, status: string, seconds: number): void {
    const label = this.bounded(entity);
    this.requests.inc({ entity: label, status });
    this.seconds.observe({ entity: label }, seconds);
  }

  /** A sync processed `count` documents with this outcome. */
  syncDocuments(sync: string, outcome: string, count: number): void {
    if (count > 0) this.documents.inc({ sync, outcome }, count);
  }

  private bounded(entity: string): string {
    if (this.entities.has(entity)) return entity;
    if (this.entities.size >= MAX_LABEL_VALUES) return 'other';
    this.entities.add(entity);
    return entity;
  }
}
