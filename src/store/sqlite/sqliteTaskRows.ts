import type Database from 'better-sqlite3';
import { type Backoff, type Json, type RawTaskOf, type StoredAttempt, type TaskRow, computeProgress } from '../../engine/index.js';

/** A tasks row as SQLite returns it: times as epoch ms, JSON as text, booleans as 0/1. */
export type RawTask = RawTaskOf<{ time: number; json: string; bool: number }>;

/** A row a claim returns: with its claim key (run_at − the priority lead), which orders the claim. */
export type ClaimedRaw = RawTask & { claim_key: number };

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const parse = (text: string | null): Json => (text === null ? null : (JSON.parse(text) as Json));

/** Converts a SQLite row to the engine's task record. */
export function toTaskRow(r: RawTask): TaskRow {
  const createdAt = iso(r.created_at)!;
  return {
    task_id: r.task_id,
    task_type: r.task_type,
    status: r.status,
    progress: computeProgress(r.status, r.processed, r.total),
    total: r.total,
    processed: r.processed,
    message: r.message,
    created_at: createdAt,
    started_at: iso(r.started_at),
    completed_at: iso(r.completed_at),
    result: parse(r.result),
    error: r.error,
    metadata: JSON.parse(r.metadata) as Record<string, Json>,
    user_id: r.user_id,
    cancel_requested: r.cancel_requested === 1,
    attempt: r.attempt,
    max_attempts: r.max_attempts,
    priority: r.priority,
    // Most tasks run when created: their run_at is the same text (one date conversion less per row).
    run_at: r.run_at === r.created_at ? createdAt : iso(r.run_at)!,
    seq: r.seq,
    payload: parse(r.payload),
    checkpoint: parse(r.checkpoint),
    lease_owner: r.lease_owner,
    lease_expires_at: iso(r.lease_expires_at),
    backoff: r.backoff === null ? null : (JSON.parse(r.backoff) as Backoff),
    // Most tasks never retried: no parse for their empty log.
    attempt_log: r.attempt_log === '[]' ? [] : (JSON.parse(r.attempt_log) as StoredAttempt[]),
  };
}

/** The order claimTasks hands tasks out in: lowest claim key first, then by id (the claim statement's order). */
export const byClaimKey = (a: ClaimedRaw, b: ClaimedRaw): number =>
  a.claim_key - b.claim_key || (a.task_id < b.task_id ? -1 : a.task_id > b.task_id ? 1 : 0);

/**
 * Runs `stmt` (which returns rows) and gives its rows as objects keyed by column name, built from better-sqlite3's
 * raw arrays by a converter compiled once per statement. better-sqlite3 builds each row object property by
 * property, which cost a claim of 500 tasks' 26 columns 5 µs a row more than arrays turned into object literals
 * (docs/benchmarks.md, "where SQLite's time goes", session 12). Column names come from our own schema, never from input.
 */
export function objectRows<T>(stmt: Database.Statement): (params: object) => T[] {
  stmt.raw(true);
  const fields = stmt.columns().map((c, i) => `${JSON.stringify(c.name)}: a[${i}]`);
  // A literal of our own column names: one fixed shape for every row.
  const toObject = new Function('a', `return { ${fields.join(', ')} };`) as (a: unknown[]) => T;
  return (params) => (stmt.all(params) as unknown[][]).map(toObject);
}
