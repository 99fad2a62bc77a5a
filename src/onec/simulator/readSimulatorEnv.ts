// Reads the simulator's settings from environment variables for `npm run onec-sim`. Each variable is checked
// once; a wrong value stops start-up with a message naming the variable.
import { SimulatorConfigError } from './errors.js';
import type { SimulatorOptions } from './simulatorOptions.js';
import { resolveSimulatorOptions } from './simulatorOptions.js';
import { demoPeriod } from './demoPeriod.js';

/** The variables, their defaults and meaning. */
export const SIMULATOR_ENV = {
  ONEC_SIM_PORT: 'port to listen on (default 8002; 0 picks a free one)',
  ONEC_SIM_HOST: 'interface to listen on (default 127.0.0.1)',
  ONEC_SIM_SEED: 'seed of the generated data (default 1)',
  ONEC_SIM_CONTRACTORS: 'ordinary counterparties (default 200)',
  ONEC_SIM_DOCUMENTS: 'bank documents of both kinds together (default 5000)',
  ONEC_SIM_FROM: 'first day of the period, YYYY-MM-DD (default 1 January of last year)',
  ONEC_SIM_TO: 'last day of the period, YYYY-MM-DD (default today)',
  ONEC_SIM_LATENCY_MS: 'delay before every OData answer, ms (default 0)',
  ONEC_SIM_PUBLICATION: 'publication name in the URL (default demo)',
  ONEC_SIM_MAX_QUERY_BYTES: "longest query string accepted, bytes; longer ones get IIS's HTML 404 (default 2048)",
  ONEC_USER: 'accepted 1C user; unset accepts any request',
  ONEC_PASSWORD: 'accepted password (default empty)',
} as const;

const DEFAULT_PORT = 8002;

/**
 * Builds simulator options from `env`; throws SimulatorConfigError naming the variable at fault. The period
 * defaults to the embedded simulator's (the start of last year to `now`), so the web app, which opens on the
 * current year, shows data in the scale-out setup too.
 */
export function readSimulatorEnv(env: Readonly<Record<string, string | undefined>>, now: Date = new Date()): SimulatorOptions {
  const period = demoPeriod(now);
  const options: SimulatorOptions = {
    port: integerVar(env, 'ONEC_SIM_PORT', DEFAULT_PORT, 0, 65_535),
    seed: integerVar(env, 'ONEC_SIM_SEED', 1, 0, 0xffff_ffff),
    contractors: integerVar(env, 'ONEC_SIM_CONTRACTORS', 200, 1, 1_000_000),
    documents: integerVar(env, 'ONEC_SIM_DOCUMENTS', 5000, 0, 1_000_000),
    faults: { latencyMs: integerVar(env, 'ONEC_SIM_LATENCY_MS', 0, 0, 600_000) },
    maxQueryStringBytes: integerVar(env, 'ONEC_SIM_MAX_QUERY_BYTES', 2048, 256, 1_000_000),
  };
  const host = value(env, 'ONEC_SIM_HOST');
  if (host !== undefined) options.host = host;
  options.from = value(env, 'ONEC_SIM_FROM') ?? period.from;
  options.to = value(env, 'ONEC_SIM_TO') ?? period.to;
  const publication = value(env, 'ONEC_SIM_PUBLICATION');
  if (publication !== undefined) options.publication = publication;
  const user = value(env, 'ONEC_USER');
  const password = env.ONEC_PASSWORD;
  if (user !== undefined) options.user = user;
  if (password !== undefined && password !== '') {
    if (user === undefined) throw new SimulatorConfigError('ONEC_PASSWORD', 'задан пароль, но не задан ONEC_USER');
    options.password = password;
  }
  // Re-check the combination with the option names mapped back to the variables.
  try {
    resolveSimulatorOptions(options);
  } catch (error) {
    if (error instanceof SimulatorConfigError)
      throw new SimulatorConfigError(variableFor(error.setting), error.message.slice(error.setting.length + 2));
    throw error;
  }
  return options;
}

function value(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
}

function integerVar(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new SimulatorConfigError(name, `ожидается целое число от ${min} до ${max}, получено «${raw}»`);
  }
  return Number(raw);
}

function variableFor(option: string): string {
  const map: Record<string, string> = {
    from: 'ONEC_SIM_FROM',
    to: 'ONEC_SIM_TO',
    host: 'ONEC_SIM_HOST',
    publication: 'ONEC_SIM_PUBLICATION',
    user: 'ONEC_USER',
    password: 'ONEC_PASSWORD',
  };
  return map[option] ?? option;
}
