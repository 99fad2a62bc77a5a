import type { Logger } from 'pino';

/** On SIGTERM or SIGINT: runs `close` once, then exits 0 (1 if closing failed). */
export function onShutdownSignal(logger: Logger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    close().then(
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

/**
 * The last line of defence: a promise rejected with nobody listening is logged and the process goes on.
 * Node's default is to exit, which turns one missed `.catch` (a query under a WebSocket while PostgreSQL
 * restarts) into an outage for every client. Each such log line is a bug to fix where it happened.
 * An uncaught exception still ends the process: its state can no longer be trusted.
 */
export function surviveStrayRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(
      { err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) },
      'unhandled rejection (survived)',
    );
  });
}
