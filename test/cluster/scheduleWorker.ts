/**
 * A worker for the multi-process schedule tests: the same node as `npm run worker` (createEngineNode on
 * DATABASE_URL, its bus, the scheduler of schedulesFeature) with a no-op task type instead of the 1C sync, and its
 * JavaScript clock moved by TASKCAST_TEST_CLOCK_OFFSET_MS (skewedClock.ts, imported first). Prints the same ready
 * line as the worker, with the offset.
 */
import { clockOffsetMs } from './skewedClock.js';
import { configOrExit } from '../../src/config/index.js';
import type { Feature } from '../../src/api/index.js';
import { schedulesFeature } from '../../src/scheduler/index.js';
import { createEngineNode, createLogger, onShutdownSignal, type ServerFeatureDeps } from '../../src/server/index.js';

/** The task type the test schedules create: it does nothing. */
const SCHEDULED_NOOP = 'scheduled_noop';

const noopFeature: Feature<ServerFeatureDeps> = {
  name: 'scheduled-noop',
  setup({ engine }) {
    engine.defineTaskType({ type: SCHEDULED_NOOP, handler: () => null });
    return {};
  },
};

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config.DATABASE_URL) {
    process.stderr.write('DATABASE_URL: the schedule test worker needs the PostgreSQL database of the cluster\n');
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  // The task type first: the scheduler starts firing as soon as its feature is set up.
  const node = await createEngineNode(config, logger, [noopFeature, schedulesFeature], true);
  await node.engine.start();
  process.stdout.write(`Taskcast worker ${node.engine.leaseOwner} running (clock offset ${clockOffsetMs} ms)\n`);
  onShutdownSignal(logger, () => node.close());
}

main().catch((err: unknown) => {
  process.stderr.write(`schedule test worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
