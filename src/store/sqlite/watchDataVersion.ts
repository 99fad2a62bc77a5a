import type Database from 'better-sqlite3';

/**
 * Calls `onChange` when another connection has committed to the database since the last look, looking every
 * `intervalMs`; returns the stop. PRAGMA data_version changes when another connection (this process's or
 * another's) commits, not for this connection's own commits; reading it costs microseconds and touches no pages,
 * so a poll gives cross-process wake-ups without a notification channel. Each watcher keeps its own last value,
 * and its timer does not keep the process alive.
 */
export function watchDataVersion(db: Database.Database, intervalMs: number, onChange: () => void): () => void {
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let last = dataVersion.get() as number;
  const timer = setInterval(() => {
    const v = dataVersion.get() as number;
    if (v !== last) {
      last = v;
      onChange();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
