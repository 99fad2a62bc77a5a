/**
 * `npm run worker`: a process that only runs tasks (no HTTP), for scaling out on a shared PostgreSQL
 * (DATABASE_URL). Any number of workers and serve nodes can share one database.
 */
import { configOrExit } from '../config/index.js';
import { createLogger } from '../server/index.js';
import { createEngineNode } from '../server/index.js';
import { schedulesFeature } from '../scheduler/index.js';
import { syncFeature } from '../sync/index.js';
import { listenMetrics, onShutdownSignal, surviveStrayRejections } from '../server/index.js';

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config.DATABASE_URL) {
    process.stderr.write('DATABASE_URL: a worker shares a PostgreSQL database with the serve nodes; set it (postgres://…)\n');
    process.exit(2);
  }
  if (config.TASKCAST_METRICS_PORT !== undefined && !config.TASKCAST_METRICS_TOKEN) {
    process.stderr.write("TASKCAST_METRICS_PORT: the worker's /metrics needs TASKCAST_METRICS_TOKEN (its bearer token); set it\n");
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  surviveStrayRejections(logger);
  // Workers fire the schedules' ticks too (each tick still creates one task, whichever node fires it).
  const node = await createEngineNode(config, logger, [syncFeature, schedulesFeature], true);
  await node.engine.start();
  const metrics =
    config.TASKCAST_METRICS_PORT !== undefined && node.taskcast.metrics
      ? await listenMetrics(node.taskcast.metrics, config.HOST, config.TASKCAST_METRICS_PORT)
      : null;
  if (metrics) {
    logger.info({ url: metrics.url }, 'worker metrics listening');
    process.stdout.write(`Taskcast worker metrics: ${metrics.url}\n`);
  }
  logger.info({ concurrency: config.TASKCAST_CONCURRENCY, lease_owner: node.engine.leaseOwner }, 'Taskcast worker started');
  process.stdout.write(`Taskcast worker ${node.engine.leaseOwner} running (concurrency ${config.TASKCAST_CONCURRENCY})\n`);
  onShutdownSignal(logger, async () => {
    await metrics?.close();
    await node.close();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`Taskcast worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
