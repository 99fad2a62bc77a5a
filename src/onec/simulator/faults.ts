// Faults the simulator can inject into OData answers, settable at start and at runtime. Budgets count down: a
// number n means "the next n OData requests", 'always' means every request until cleared. failAtRequests counts
// from the moment the faults are set: [2] fails the second OData request after that.
import { SeededRandom } from './dataset/SeededRandom.js';
import { SimulatorConfigError } from './errors.js';

/** How many requests a fault applies to: the next n, or every request until cleared. */
export type FaultBudget = number | 'always';

/** Fault settings. */
export interface SimulatorFaults {
  /** Delay before every OData answer, ms. */
  latencyMs: number;
  /** Share of OData requests answered with 500 and odata.error code -1, 0..1, drawn from a seeded sequence. */
  errorRate: number;
  /** OData requests (1-based, counted from when this was set) answered with 500 code -1. */
  failAtRequests: number[];
  /** The next requests answered with 500 code -1. */
  fail500: FaultBudget;
  /** The next requests accepted and never answered. */
  hang: FaultBudget;
  /** The next requests answered with an nginx-style HTML 502 page. */
  badGateway: FaultBudget;
  /** The next requests answered with a plain-text 429 and Retry-After (retryAfterSeconds), as a rate-limiting proxy would. */
  rateLimit: FaultBudget;
  /**
   * The next requests answered with an HTML 503 and Retry-After (retryAfterSeconds), as the web server in front of 1C
   * does while the base is closed for an update.
   */
  unavailable: FaultBudget;
  /** Retry-After of the rateLimit and unavailable answers, whole seconds. Default 1. */
  retryAfterSeconds: number;
  /** The next successful JSON answers cut off in the middle. */
  malformedJson: FaultBudget;
}

/** The fault kinds counted in the stats. */
export type FaultKind = 'hang' | 'badGateway' | 'rateLimit' | 'unavailable' | 'fail500' | 'malformedJson';

/** Faults off. */
export const NO_FAULTS: Readonly<SimulatorFaults> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  failAtRequests: [],
  fail500: 0,
  hang: 0,
  badGateway: 0,
  rateLimit: 0,
  unavailable: 0,
  retryAfterSeconds: 1,
  malformedJson: 0,
});

/** What to do with one OData request. */
export interface FaultDecision {
  latencyMs: number;
  fault: Exclude<FaultKind, 'malformedJson'> | null;
}

const BUDGET_KEYS = ['fail500', 'hang', 'badGateway', 'rateLimit', 'unavailable', 'malformedJson'] as const;

/** Holds the fault settings and decides, request by request, which fault fires. */
export class FaultInjector {
  #settings: SimulatorFaults = { ...NO_FAULTS, failAtRequests: [] };
  /** Absolute OData request numbers that fail. */
  #failAt = new Set<number>();
  readonly #random: SeededRandom;

  constructor(seed: number) {
    this.#random = new SeededRandom(seed, 3);
  }

  /** Merges settings; `requestsSoFar` anchors failAtRequests. Validate untrusted input with validateFaults first. */
  set(faults: Partial<SimulatorFaults>, requestsSoFar: number): void {
    const { failAtRequests, ...rest } = faults;
    this.#settings = { ...this.#settings, ...rest };
    if (failAtRequests !== undefined) this.#failAt = new Set(failAtRequests.map((k) => requestsSoFar + k));
  }

  /** Turns every fault off. */
  clear(): void {
    this.#settings = { ...NO_FAULTS, failAtRequests: [] };
    this.#failAt.clear();
  }

  /** Current settings; failAtRequests relative to `requestsSoFar`. */
  view(requestsSoFar: number): SimulatorFaults {
    const failAtRequests = [...this.#failAt]
      .filter((n) => n > requestsSoFar)
      .map((n) => n - requestsSoFar)
      .sort((a, b) => a - b);
    return { ...this.#settings, failAtRequests };
  }

  /** The fault for OData request number `requestNumber` (1-based since start); spends budgets. */
  decide(requestNumber: number): FaultDecision {
    const latencyMs = this.#settings.latencyMs;
    if (this.#spend('hang')) return { latencyMs, fault: 'hang' };
    if (this.#spend('badGateway')) return { latencyMs, fault: 'badGateway' };
    if (this.#spend('rateLimit')) return { latencyMs, fault: 'rateLimit' };
    if (this.#spend('unavailable')) return { latencyMs, fault: 'unavailable' };
    if (this.#failAt.delete(requestNumber)) return { latencyMs, fault: 'fail500' };
    if (this.#spend('fail500')) return { latencyMs, fault: 'fail500' };
    // Draw only when a rate is set, so turning it on does not shift other seeded sequences.
    if (this.#settings.errorRate > 0 && this.#random.next() < this.#settings.errorRate) return { latencyMs, fault: 'fail500' };
    return { latencyMs, fault: null };
  }

  /** Retry-After of the rateLimit and unavailable answers, s. */
  get retryAfterSeconds(): number {
    return this.#settings.retryAfterSeconds;
  }

  /** True when this successful JSON answer should be corrupted; spends the budget. */
  takeMalformedJson(): boolean {
    return this.#spend('malformedJson');
  }

  #spend(key: (typeof BUDGET_KEYS)[number]): boolean {
    const budget = this.#settings[key];
    if (budget === 'always') return true;
    if (budget <= 0) return false;
    this.#settings = { ...this.#settings, [key]: budget - 1 };
    return true;
  }
}

/** Checks untrusted fault settings (admin API, options); throws SimulatorConfigError naming the field. */
export function validateFaults(input: unknown, where = 'faults'): Partial<SimulatorFaults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SimulatorConfigError(where, 'ожидается объект');
  const source = input as Record<string, unknown>;
  const result: Partial<SimulatorFaults> = {};
  for (const [key, value] of Object.entries(source)) {
    const name = `${where}.${key}`;
    if (key === 'latencyMs') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 600_000)
        throw new SimulatorConfigError(name, 'целое число мс от 0 до 600000');
      result.latencyMs = value as number;
    } else if (key === 'errorRate') {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new SimulatorConfigError(name, 'число от 0 до 1');
      result.errorRate = value;
    } else if (key === 'retryAfterSeconds') {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 86_400)
        throw new SimulatorConfigError(name, 'целое число секунд от 0 до 86400');
      result.retryAfterSeconds = value as number;
    } else if (key === 'failAtRequests') {
      if (!Array.isArray(value) || !value.every((k) => Number.isInteger(k) && k >= 1))
        throw new SimulatorConfigError(name, 'массив целых чисел ≥ 1');
      result.failAtRequests = [...(value as number[])];
    } else if ((BUDGET_KEYS as readonly string[]).includes(key)) {
      if (value !== 'always' && !(Number.isInteger(value) && (value as number) >= 0))
        throw new SimulatorConfigError(name, "целое число ≥ 0 или 'always'");
      result[key as (typeof BUDGET_KEYS)[number]] = value as FaultBudget;
    } else {
      throw new SimulatorConfigError(
        name,
        `неизвестная неисправность; допустимы latencyMs, errorRate, failAtRequests, retryAfterSeconds, ${BUDGET_KEYS.join(', ')}`,
      );
    }
  }
  return result;
}
