import type Database from 'better-sqlite3';
import { waitForToken, type BucketState, type RequestBucketStore } from '../requestBucketTypes.js';

// -- Params: @key base URL, @now ms since the epoch, @rate tokens per second, @burst bucket size.
// A new bucket starts full and gives its first token; an existing one is refilled for the time since its last take,
// and gives a token only when it then holds one and no hold is running (the WHERE guard; nothing returned otherwise).
const TAKE = `INSERT INTO onec_request_buckets (base_url, tokens, updated_ms, not_before_ms) VALUES (@key, @burst - 1, @now, 0)
  ON CONFLICT (base_url) DO UPDATE SET
    tokens = MIN(@burst, tokens + MAX(0, excluded.updated_ms - updated_ms) * @rate / 1000.0) - 1,
    updated_ms = MAX(updated_ms, excluded.updated_ms)
  WHERE MIN(@burst, tokens + MAX(0, excluded.updated_ms - updated_ms) * @rate / 1000.0) >= 1 AND not_before_ms <= excluded.updated_ms
  RETURNING tokens`;
// -- Params: @key, @now, @until ms since the epoch.
const HOLD = `INSERT INTO onec_request_buckets (base_url, tokens, updated_ms, not_before_ms) VALUES (@key, 0, @now, @until)
  ON CONFLICT (base_url) DO UPDATE SET not_before_ms = MAX(not_before_ms, excluded.not_before_ms)`;
const STATE = `SELECT tokens, updated_ms, not_before_ms, @now AS now_ms FROM onec_request_buckets WHERE base_url = @key`;

/**
 * Request buckets on SQLite. Every process sharing the file shares the buckets; they all run on one machine, so
 * its clock (Date.now) is the common one. Each take is one write statement, so SQLite's write lock orders them.
 */
export class SqliteRequestBuckets implements RequestBucketStore {
  private s!: ReturnType<SqliteRequestBuckets['statements']>;

  constructor(private readonly db: Database.Database) {}

  /** Prepares the statements; called once the schema exists. */
  prepare(): void {
    this.s = this.statements();
  }

  private statements() {
    return { take: this.db.prepare(TAKE), hold: this.db.prepare(HOLD), state: this.db.prepare(STATE) };
  }

  async takeRequestToken(key: string, ratePerSecond: number, burst: number): Promise<number> {
    const now = Date.now();
    if (this.s.take.get({ key, now, rate: ratePerSecond, burst }) !== undefined) return 0;
    return waitForToken(this.s.state.get({ key, now }) as BucketState | undefined, ratePerSecond, burst);
  }

  async holdRequests(key: string, ms: number): Promise<void> {
    const now = Date.now();
    this.s.hold.run({ key, now, until: now + Math.max(0, ms) });
  }
}
