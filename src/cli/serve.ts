/** `npm start`: the Taskcast server on its configured (by default embedded) storage. */
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../server/createLogger.js';
import { startServer } from '../server/startServer.js';
import { onShutdownSignal } from './shutdown.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const server = await startServer(config, logger);
  process.stdout.write(`\n  Taskcast: ${server.url}  (storage: ${server.storage.kind})\n\n`);
  onShutdownSignal(logger, () => server.close());
}

main().catch((err: unknown) => {
  process.stderr.write(`Taskcast failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
