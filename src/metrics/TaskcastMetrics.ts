import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { TaskStore } from '../engine/index.js';
import { ClusterGauges } from './ClusterGauges.js';
import { HttpMetrics } from './httpMetrics.js';
import { METRICS_DEFAULTS } from './metricsDefaults.js';
import { metricsRoute } from './metricsRoute.js';
import { OneCMetrics } from './OneCMetrics.js';
import { SocketMetrics } from './SocketMetrics.js';
import { TaskStats } from './TaskStats.js';

/** Settings of {@link TaskcastMetrics}. */
export interface MetricsOptions {
  /** The bearer token Prometheus sends (`Authorization: Bearer <token>`). A secret: never logged. */
  token: string;
  /** The cluster gauges are read from the database at most this often, ms. Default 5,000. */
  gaugeIntervalMs?: number;
}

/**
 * prom-client's default process and Node metrics that promtool flags: gauges named like counters (`_total`). Each
 * has a labelled sibling without the suffix (`nodejs_active_handles{type}`…), so they are left out.
 */
const FLAGGED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * One node's metrics: its own registry (several Taskcasts in one process do not mix), the engine's observer, the
 * sockets' observer, the HTTP hook, the 1C and sync counters, the cluster gauges, and `GET /metrics`.
 */
export class TaskcastMetrics {
  readonly registry = new Registry();
  /** The engine's TaskObserver: what this node's runner did. */
  readonly tasks = new TaskStats();
  /** The task sockets' observer. */
  readonly sockets: SocketMetrics;
  /** The 1C client's and the syncs' figures. */
  readonly onec: OneCMetrics;
  private readonly http: HttpMetrics;
  private readonly token: string;
  private readonly gaugeIntervalMs: number;
  private gauges: ClusterGauges | null = null;
  private counting = false;

  constructor(options: MetricsOptions) {
    this.token = options.token;
    this.gaugeIntervalMs = options.gaugeIntervalMs ?? METRICS_DEFAULTS.gaugeIntervalMs;
    collectDefaultMetrics({ register: this.registry });
    for (const name of FLAGGED_DEFAULTS) this.registry.removeSingleMetric(name);
    this.tasks.register(this.registry);
    this.sockets = new SocketMetrics(this.registry);
    this.onec = new OneCMetrics(this.registry);
    this.http = new HttpMetrics(this.registry);
  }

  /** Reads the cluster gauges from `store` (every node on the database reports the same). */
  watchStore(store: Pick<TaskStore, 'countActiveTasks'>): void {
    this.gauges = new ClusterGauges(store, this.gaugeIntervalMs, () => this.tasks.types());
    this.gauges.register(this.registry);
  }

  /**
   * Counts the requests of `app` — every route of it and its children, and those no route matched (as
   * `unmatched`) — when called on the root app before the plugin is registered (the standalone server does).
   * Otherwise the plugin counts its own routes only.
   */
  countRequests(app: FastifyInstance): void {
    if (this.counting) return;
    this.counting = true;
    this.http.hook(app);
  }

  /** Mounts `GET /metrics` on `app` (the plugin's context), counting its requests unless {@link countRequests} does. */
  mount(app: FastifyInstance): void {
    this.countRequests(app);
    metricsRoute(app, this.registry, this.token, () => this.gauges?.beforeScrape() ?? Promise.resolve());
  }

  /** The text `/metrics` answers (tests, and an application serving it its own way). */
  async text(): Promise<string> {
    await this.gauges?.beforeScrape();
    return this.registry.metrics();
  }
}
