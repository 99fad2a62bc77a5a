import Fastify from 'fastify';
import type { TaskcastMetrics } from '../metrics/index.js';

/** A listener serving only `GET /metrics`: its address and how to close it. */
export interface MetricsListener {
  /** http://host:port/metrics */
  url: string;
  close(): Promise<void>;
}

/**
 * A worker's `/metrics` (TASKCAST_METRICS_PORT): a worker serves no API, so its node's metrics — the tasks its runner
 * ran, its 1C requests, its process — get a listener of their own, on `host:port` (0: the system picks), behind the
 * same bearer token as a serve node's. Nothing else is served on it (404).
 */
export async function listenMetrics(metrics: TaskcastMetrics, host: string, port: number): Promise<MetricsListener> {
  const app = Fastify({ logger: false });
  metrics.mount(app);
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${bound}/metrics`, close: () => app.close() };
}
