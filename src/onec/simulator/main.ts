// Runnable entry of the 1C simulator: `npm run onec-sim` (tsx src/onec/simulator/main.ts). Settings come from
// the environment (see SIMULATOR_ENV); the first line printed is the OData base URL.
import { OneCError } from '../errors/index.js';
import { readSimulatorEnv } from './readSimulatorEnv.js';
import { startSimulator } from './startSimulator.js';
import { ONEC_SETS } from '../wire/index.js';

async function main(): Promise<void> {
  const options = readSimulatorEnv(process.env);
  const simulator = await startSimulator(options);
  const { data } = simulator;
  process.stdout.write(`1C OData simulator: ${simulator.url}\n`);
  process.stdout.write(
    `  admin: ${simulator.adminUrl} · seed ${options.seed} · ${data.size(ONEC_SETS.counterparties)} counterparties · ` +
      `${data.size(ONEC_SETS.incomingPayments) + data.size(ONEC_SETS.outgoingPayments)} documents · ` +
      `${options.user === undefined ? 'any credentials accepted' : `user ${options.user}`}\n`,
  );
  const stop = (): void => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; print just the message, not a stack trace.
  process.stderr.write(`onec-sim: ${error instanceof OneCError ? error.message : String(error)}\n`);
  process.exit(1);
});
