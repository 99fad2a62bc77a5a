/**
 * The serve node of bench:cluster: what src/cli/serve.ts does (through the modules' indexes), plus a memory
 * probe for the benchmark only (no endpoint): on SIGUSR2 it collects garbage (the process runs with
 * --expose-gc) and prints `memory-probe <n> rss=<bytes> heap=<bytes>`, n counting the probes from 1. The
 * benchmark reads the line from the process's stdout.
 */
import { configOrExit } from '../../src/config/index.js';
import { createLogger, onShutdownSignal, startServer, surviveStrayRejections } from '../../src/server/index.js';

let probes = 0;
process.on('SIGUSR2', () => {
  // Twice: the first pass may leave what only a second one frees (weak references, finalizers).
  globalThis.gc?.();
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stdout.write(`memory-probe ${++probes} rss=${rss} heap=${heapUsed}\n`);
});

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
