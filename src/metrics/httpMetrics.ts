import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { REQUEST_SECONDS_BUCKETS } from './metricsDefaults.js';

/** The route label of a request that matched no route (never its raw path: that is unbounded). */
export const UNMATCHED_ROUTE = 'unmatched';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** `taskcast_http_requests_total{route,method,status}` and `taskcast_http_request_seconds{route}`, by route template. */
export class HttpMetrics {
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly seconds: Histogram<'route'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'taskcast_http_requests_total',
      help: 'HTTP requests this node answered, by route template (unmatched: no route), method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
    });
    this.seconds = new Histogram({
      name: 'taskcast_http_request_seconds',
      help: 'Time to answer an HTTP request on this node, seconds, by route template.',
      labelNames: ['route'],
      buckets: [...REQUEST_SECONDS_BUCKETS],
      registers: [registry],
    });
  }

  /**
   * Counts every request answered inside `app`'s context (Fastify's `routeOptions.url` is the template, e.g.
   * `/api/v1/tasks/:id`; a prefix is part of it). Socket upgrades are counted by the socket metrics instead.
   */
  hook(app: FastifyInstance): void {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      const method = METHODS.has(request.method) ? request.method : 'OTHER';
      this.requests.inc({ route, method, status: String(reply.statusCode) });
      this.seconds.observe({ route }, reply.elapsedTime / 1000);
      done();
    });
  }
}
