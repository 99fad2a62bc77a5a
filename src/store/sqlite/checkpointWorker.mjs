/**
 * The thread of the SQLite background checkpointer (checkpointer.ts): its own connection to the database file runs
 * PRAGMA wal_checkpoint(PASSIVE) every `intervalMs`, so the commits of the main connection do not. PASSIVE copies
 * what it can and waits for no reader or writer; a tick that copied only part of the WAL (a reader still needed
 * older frames) tries again at the next one. A tick after which no connection committed (PRAGMA data_version
 * unchanged) and the WAL was fully copied does nothing.
 *
 * Plain JavaScript, loaded by Node as it is: the repository runs TypeScript through tsx and vitest, and neither
 * would compile a worker thread's entry file.
 *
 * Messages: in, 'stop' (close the connection and end the thread); out, { type: 'error', message } for a failed
 * tick (the same message once per streak, so a lasting failure does not flood the log). An error on opening ends
 * the thread (the main thread's 'error' event).
 */
import Database from 'better-sqlite3';
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData;
const db = openDatabase();
// Never wait for a lock: a tick that meets one gives up and the next tries again (PASSIVE itself never waits).
db.pragma('busy_timeout = 0');
const dataVersion = db.prepare('PRAGMA data_version').pluck();
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

/** data_version when the WAL was last seen fully copied; undefined: check at the next tick. */
let copiedAt;
let lastError;

/** The connection; failing, ends the thread with a plain Error (better-sqlite3's own loses its message on the way). */
function openDatabase() {
  try {
    return new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new Error(`cannot open ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function tick() {
  try {
    const version = dataVersion.get();
    if (version === copiedAt) return;
    // busy: 1 when another checkpoint was running; log: frames in the WAL; checkpointed: frames copied.
    const { busy, log, checkpointed } = checkpoint.get();
    copiedAt = busy === 0 && checkpointed >= log ? version : undefined;
    lastError = undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message !== lastError) parentPort.postMessage({ type: 'error', message });
    lastError = message;
  }
}

const timer = setInterval(tick, intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
