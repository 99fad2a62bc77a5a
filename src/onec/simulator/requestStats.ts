// Counters and a short log of recent requests, so tests can assert how many attempts a client made and what raw
// URL arrived (e.g. that spaces came as %20).
import type { FaultKind } from './faults.js';

/** One logged request. */
export interface RequestLogEntry {
  /** 1-based number among all requests. */
  number: number;
  method: string;
  /** The raw request target exactly as received (still percent-encoded). */
  url: string;
  /** True for requests under the OData path. */
  odata: boolean;
  /** Answer status, null while unanswered (or never, for a hang). */
  status: number | null;
  /** When it arrived, ms since the epoch. */
  receivedAt: number;
  /** When its answer was finished, ms since the epoch; null until then. */
  answeredAt: number | null;
}

/** A snapshot of the counters. */
export interface SimulatorStats {
  /** All requests. */
  requests: number;
  /** Requests under the OData path. */
  odataRequests: number;
  /** Requests to /_sim/. */
  adminRequests: number;
  /** Injected faults by kind. */
  faultsInjected: Record<FaultKind, number>;
  /** $filter values ignored because spaces were encoded as '+'. */
  ignoredPlusFilters: number;
  /** OData requests being answered now (arrived, answer not finished). */
  inFlight: number;
  /** The most OData requests ever in flight at once (ONEC_MAX_CONCURRENCY is checked against it). */
  maxInFlight: number;
  /** The most OData requests that arrived within any 1 s (sliding window; ONEC_MAX_RPS is checked against it). */
  maxRequestsPerSecond: number;
  /** The most recent requests, oldest first. */
  recentRequests: RequestLogEntry[];
}

/** Width of the window behind {@link SimulatorStats.maxRequestsPerSecond}, ms. */
const RATE_WINDOW_MS = 1_000;

/** Mutable counters behind {@link SimulatorStats}. */
export class RequestStats {
  #requests = 0;
  #odata = 0;
  #admin = 0;
  #ignoredPlusFilters = 0;
  readonly #faults: Record<FaultKind, number> = { hang: 0, badGateway: 0, rateLimit: 0, unavailable: 0, fail500: 0, malformedJson: 0 };
  readonly #log: RequestLogEntry[] = [];
  readonly #logSize: number;
  #inFlight = 0;
  #maxInFlight = 0;
  /** Arrival times (ms, monotonic) of the OData requests of the last second. */
  readonly #arrivals: number[] = [];
  #maxPerSecond = 0;

  constructor(logSize: number) {
    this.#logSize = logSize;
  }

  /** Number of OData requests so far. */
  get odataRequests(): number {
    return this.#odata;
  }

  /** Records an arriving request and returns its log entry (its status is filled in when answered). */
  record(method: string, url: string, kind: 'odata' | 'admin' | 'other'): RequestLogEntry {
    this.#requests++;
    if (kind === 'odata') this.#odata++;
    if (kind === 'admin') this.#admin++;
    const entry: RequestLogEntry = {
      number: this.#requests,
      method,
      url,
      odata: kind === 'odata',
      status: null,
      receivedAt: Date.now(),
      answeredAt: null,
    };
    this.#log.push(entry);
    if (this.#log.length > this.#logSize) this.#log.shift();
    return entry;
  }

  /**
   * Counts an OData request as in flight from now (and its arrival for the per-second peak); returns the function
   * that ends it, to call once its answer is finished or its connection closed.
   */
  odataStarted(nowMs: number = performance.now()): () => void {
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    this.#arrivals.push(nowMs);
    while (this.#arrivals.length > 0 && this.#arrivals[0]! <= nowMs - RATE_WINDOW_MS) this.#arrivals.shift();
    this.#maxPerSecond = Math.max(this.#maxPerSecond, this.#arrivals.length);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
    };
  }

  /** Counts an injected fault. */
  countFault(kind: FaultKind): void {
    this.#faults[kind]++;
  }

  /** Counts a $filter ignored for '+' encoding. */
  countIgnoredFilter(): void {
    this.#ignoredPlusFilters++;
  }

  /** A copy of the counters and the log. */
  snapshot(): SimulatorStats {
    return {
      requests: this.#requests,
      odataRequests: this.#odata,
      adminRequests: this.#admin,
      faultsInjected: { ...this.#faults },
      ignoredPlusFilters: this.#ignoredPlusFilters,
      inFlight: this.#inFlight,
      maxInFlight: this.#maxInFlight,
      maxRequestsPerSecond: this.#maxPerSecond,
      recentRequests: this.#log.map((entry) => ({ ...entry })),
    };
  }
}
