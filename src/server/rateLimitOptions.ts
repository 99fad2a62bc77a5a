import { databaseBusNamespace } from '../bus/index.js';
import type { Config } from '../config/index.js';
import { RedisRateBuckets } from '../store/index.js';
import type { RateLimitOptions } from '../taskcast/index.js';

/** The serve node's HTTP rate limit, and how to close what it opened. */
export interface ServerRateLimit {
  rateLimit: RateLimitOptions;
  close(): Promise<void>;
}

/**
 * The HTTP API's limit from the configuration (TASKCAST_API_RATE_PER_S, TASKCAST_API_BURST). Its buckets (and the
 * socket upgrades') are in Redis when REDIS_URL is set next to PostgreSQL (under the installation's namespace, as the
 * bus is), so the limit holds across the nodes; else in this process's memory (one SQLite file has one node).
 */
export async function serverRateLimit(config: Config): Promise<ServerRateLimit> {
  const buckets =
    config.REDIS_URL && config.DATABASE_URL
      ? new RedisRateBuckets(config.REDIS_URL, await databaseBusNamespace(config.DATABASE_URL))
      : undefined;
  return {
    rateLimit: { perSecond: config.TASKCAST_API_RATE_PER_S, burst: config.TASKCAST_API_BURST, buckets },
    close: async () => buckets?.close(),
  };
}
