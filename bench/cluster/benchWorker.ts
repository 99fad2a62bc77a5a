/**
 * A worker for the cluster benchmark: the same node as `npm run worker` (createEngineNode on DATABASE_URL,
 * with its bus), running the bench task types instead of the 1C sync. Prints the same ready line.
 */
import { onShutdownSignal } from '../../src/server/index.js';
import { configOrExit } from '../../src/config/index.js';
import { createLogger } from '../../src/server/index.js';
import { createEngineNode } from '../../src/server/index.js';
import { benchFeature } from './benchTypes.js';

async function main(): Promise<void> {
  const config = configOrExit();
  if (!config.DATABASE_URL) {
    process.stderr.write('DATABASE_URL: the bench worker needs the PostgreSQL database of the cluster\n');
    process.exit(2);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const node = await createEngineNode(config, logger, [benchFeature(config.DATABASE_URL)], true);
  await node.engine.start();
  process.stdout.write(`Taskcast worker ${node.engine.leaseOwner} running (concurrency ${config.TASKCAST_CONCURRENCY})\n`);
  onShutdownSignal(logger, () => node.close());
}

main().catch((err: unknown) => {
  process.stderr.write(`bench worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
