/**
 * One run of the claim benchmark on one backend: a fresh database filled with the backlog (fill.ts), then
 * `claims` claims of limit 1 and `claims` of limit 10, one at a time, through the store (storage.tasks.claimTasks,
 * the statement and connections the runners use), each timed alone. A few untimed claims go first (connections
 * opened, statements prepared). Every claim must get its full limit: the backlog outlasts the run.
 */
import { percentile } from '../engine/percentiles.js';
import { dropLocation, freshLocation, openLocation } from '../engine/stores.js';
import type { Storage } from '../../src/store/index.js';
import { CLAIM_TYPES, fillBacklog } from './fill.js';

/** Per-claim times of one series, ms. */
export interface ClaimLatency {
  p50: number;
  p99: number;
  max: number;
}

/** What one run measured. */
export interface ClaimRun {
  /** Seconds the fill and its VACUUM ANALYZE (SQLite: ANALYZE) took. */
  fillS: number;
  limit1: ClaimLatency;
  limit10: ClaimLatency;
}

const WARM_UP_CLAIMS = 50;
const OWNER = 'bench-claim:1:x';

/** Times `claims` claims of `limit` tasks each (of the backlog's types) through the store. */
export async function timeClaims(storage: Storage, limit: number, claims: number): Promise<ClaimLatency> {
  const times: number[] = [];
  for (let i = 0; i < claims; i++) {
    const start = performance.now();
    const got = await storage.tasks.claimTasks({ types: CLAIM_TYPES, limit, leaseOwner: OWNER, leaseMs: 3_600_000 });
    times.push(performance.now() - start);
    if (got.length !== limit) throw new Error(`claim ${i + 1} of limit ${limit} got ${got.length} tasks`);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times) };
}

/** Fills a fresh database of the kind with `rows` pending tasks and times the claims; the database is dropped after. */
export async function measureClaims(kind: 'sqlite' | 'postgres', rows: number, claims: number): Promise<ClaimRun> {
  const location = await freshLocation(kind);
  const storage = await openLocation(location);
  try {
    const filling = performance.now();
    await fillBacklog(storage, rows);
    const fillS = (performance.now() - filling) / 1000;
    await timeClaims(storage, 1, WARM_UP_CLAIMS);
    const limit1 = await timeClaims(storage, 1, claims);
    const limit10 = await timeClaims(storage, 10, claims);
    return { fillS, limit1, limit10 };
  } finally {
    await storage.close();
    await dropLocation(location);
  }
}
