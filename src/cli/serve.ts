/** `npm start`: the Taskcast server on its configured (by default embedded) storage. */
import { ConfigError, loadConfig } from '../config/index.js';
import { createLogger } from '../server/createLogger.js';
import { startServer } from '../server/startServer.js';

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
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Taskcast failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
