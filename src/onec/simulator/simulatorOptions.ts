// Options of startSimulator with their defaults, validated once at start. The default period is the fixed year
// 2025, so the same seed gives the same data whenever the tests run.
import { SimulatorConfigError } from './errors.js';
import type { SimulatorFaults } from './faults.js';
import { validateFaults } from './faults.js';
import type { RequestHook, RestrictedUser } from './requestHook.js';

/** Options of {@link startSimulator}; every field is optional. */
export interface SimulatorOptions {
  /** Seed of all generated data (32-bit unsigned). Default 1. */
  seed?: number;
  /** Ordinary counterparties; 5 folders, 2 banks, the tax authority and a lender come on top. Default 200. */
  contractors?: number;
  /** Bank documents of both kinds together. Default 5000. */
  documents?: number;
  /** First day of the document period, YYYY-MM-DD. Default 2025-01-01. */
  from?: string;
  /** Last day of the document period, YYYY-MM-DD. Default 2025-12-31. */
  to?: string;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one so parallel instances never collide. Default 0. */
  port?: number;
  /** Publication name: the OData base is /<publication>/odata/standard.odata/. Default demo. */
  publication?: string;
  /** Accepted user; when neither user nor password is given, any request is accepted. */
  user?: string;
  /** Accepted password. Default '' when a user is given. */
  password?: string;
  /** Faults active from the start. */
  faults?: Partial<SimulatorFaults>;
  /** How many recent requests the stats keep. Default 200. */
  requestLogSize?: number;
  /**
   * Called for every authenticated OData request before it is answered (and awaited): changes the data in the
   * middle of a page sequence, as accountants do while a sync runs. Also settable later with setRequestHook.
   */
  requestHook?: RequestHook;
  /** A second user limited by record-level access rules (RLS) to the documents of one organisation. */
  restrictedUser?: RestrictedUser;
  /** Longest query string the web server in front accepts, bytes; longer ones get its HTML 404. Default 2048 (IIS). */
  maxQueryStringBytes?: number;
}

/** Options with defaults applied. */
export interface ResolvedSimulatorOptions {
  seed: number;
  contractors: number;
  documents: number;
  from: string;
  to: string;
  host: string;
  port: number;
  publication: string;
  credentials: { user: string; password: string } | null;
  faults: Partial<SimulatorFaults>;
  requestLogSize: number;
  requestHook: RequestHook | null;
  restrictedUser: RestrictedUser | null;
  maxQueryStringBytes: number;
}

/** Defaults of the options. */
export const SIMULATOR_DEFAULTS = {
  seed: 1,
  contractors: 200,
  documents: 5000,
  from: '2025-01-01',
  to: '2025-12-31',
  host: '127.0.0.1',
  port: 0,
  publication: 'demo',
  requestLogSize: 200,
  maxQueryStringBytes: 2048,
} as const;

// About 0.85 KB of heap per document: a million documents is near what a default Node heap holds.
const MAX_DOCUMENTS = 1_000_000;
const MAX_CONTRACTORS = 1_000_000;

/** Applies defaults and checks every option; throws SimulatorConfigError naming the bad one. */
export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const from = options.from ?? SIMULATOR_DEFAULTS.from;
  const to = options.to ?? SIMULATOR_DEFAULTS.to;
  checkDay('from', from);
  checkDay('to', to);
  if (from > to) throw new SimulatorConfigError('from', `начало периода ${from} позже конца ${to}`);
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 50) throw new SimulatorConfigError('to', 'период длиннее 50 лет');
  const publication = options.publication ?? SIMULATOR_DEFAULTS.publication;
  if (!/^[A-Za-z0-9_-]+$/.test(publication)) throw new SimulatorConfigError('publication', 'только латинские буквы, цифры, _ и -');
  if (options.password !== undefined && options.user === undefined)
    throw new SimulatorConfigError('user', 'задан пароль, но не задан пользователь');
  if (options.user !== undefined && (options.user === '' || options.user.includes(':'))) {
    throw new SimulatorConfigError('user', 'имя пользователя не может быть пустым или содержать «:»');
  }
  return {
    seed: integer('seed', options.seed ?? SIMULATOR_DEFAULTS.seed, 0, 0xffff_ffff),
    contractors: integer('contractors', options.contractors ?? SIMULATOR_DEFAULTS.contractors, 1, MAX_CONTRACTORS),
    documents: integer('documents', options.documents ?? SIMULATOR_DEFAULTS.documents, 0, MAX_DOCUMENTS),
    from,
    to,
    host: options.host ?? SIMULATOR_DEFAULTS.host,
    port: integer('port', options.port ?? SIMULATOR_DEFAULTS.port, 0, 65_535),
    publication,
    credentials: options.user === undefined ? null : { user: options.user, password: options.password ?? '' },
    faults: options.faults === undefined ? {} : validateFaults(options.faults, 'faults'),
    requestLogSize: integer('requestLogSize', options.requestLogSize ?? SIMULATOR_DEFAULTS.requestLogSize, 1, 100_000),
    requestHook: options.requestHook ?? null,
    restrictedUser: restrictedUser(options),
    maxQueryStringBytes: integer(
      'maxQueryStringBytes',
      options.maxQueryStringBytes ?? SIMULATOR_DEFAULTS.maxQueryStringBytes,
      256,
      1_000_000,
    ),
  };
}

function restrictedUser(options: SimulatorOptions): RestrictedUser | null {
  const restricted = options.restrictedUser;
  if (restricted === undefined) return null;
  if (restricted.user === '' || restricted.user.includes(':') || restricted.user === options.user)
    throw new SimulatorConfigError('restrictedUser.user', 'непустое имя без «:», отличное от user');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(restricted.organisation))
    throw new SimulatorConfigError('restrictedUser.organisation', `ожидается GUID, получено «${restricted.organisation}»`);
  return { ...restricted, organisation: restricted.organisation.toLowerCase() };
}

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new SimulatorConfigError(name, `целое число от ${min} до ${max}, получено ${value}`);
  return value;
}

function checkDay(name: string, value: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value || Number(match[1]) < 1900) {
    throw new SimulatorConfigError(name, `ожидается дата ГГГГ-ММ-ДД не раньше 1900 года, получено «${value}»`);
  }
}
