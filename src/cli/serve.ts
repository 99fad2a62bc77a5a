/** `npm start`: the Taskcast server on its configured (by default embedded) storage. */
import { configOrExit } from '../config/index.js';
import { createLogger } from '../server/index.js';
import { startServer } from '../server/index.js';
import { onShutdownSignal, surviveStrayRejections } from '../server/index.js';

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  surviveStrayRejections(logger);
  const server = await startServer(config, logger);
  process.stdout.write(`\n  Taskcast: ${server.url}  (storage: ${server.storage.kind})\n\n`);
  onShutdownSignal(logger, () => server.close());
}

main().catch((err: unknown) => {
  process.stderr.write(`Taskcast failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
