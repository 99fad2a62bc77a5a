/**
 * `npx tsx bench/claim/checkpoints.ts`: where the SQLite claim's p99 goes (issue 11). With synchronous=NORMAL in
 * WAL mode a commit does not wait for the disk; a checkpoint does (it syncs the WAL and the database file), and
 * SQLite runs one inside the commit that takes the WAL past wal_autocheckpoint pages (1000 by default). A claim of
 * ten tasks writes a dozen or more pages (the rows, tasks_claim_idx, tasks_running_idx), so about one claim in
 * sixty pays for a checkpoint. On 1,000,000 pending tasks (as the benchmark fills them) this times 2,000 claims of
 * limit 10, in turns: checkpoints in the commit (SQLite's default); none in the commit, a worker thread with its
 * own connection running PRAGMA wal_checkpoint(PASSIVE) every 200 ms instead; none at all (the floor). Also the
 * time of one checkpoint of the WAL sixty claims write.
 */
import { Worker } from 'node:worker_threads';
import { percentile } from '../engine/percentiles.js';
import { dropLocation, freshLocation } from '../engine/stores.js';
import { openSqlite } from '../../src/store/index.js';
import { fillBacklog } from './fill.js';
import { type ClaimLatency, timeClaims } from './measure.js';

const ROUNDS = 2;
const fmt = (r: ClaimLatency) => `p50 ${r.p50.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, max ${r.max.toFixed(1)} ms`;

/** A worker thread checkpointing the database every 200 ms on its own connection, until terminated. */
function checkpointer(file: string): Worker {
  const code = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('busy_timeout = 50');
    setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 200);`;
  return new Worker(code, { eval: true });
}

const location = await freshLocation('sqlite');
// Without the storage's own background checkpoints (checkpointIntervalMs, default 200 ms): this compares them.
const storage = openSqlite({ file: location.where, pollIntervalMs: 1, checkpointIntervalMs: 0 });
await storage.migrate();
try {
  await fillBacklog(storage, 1_000_000);
  storage.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let round = 1; round <= ROUNDS; round++) {
    storage.db.pragma('wal_autocheckpoint = 1000');
    console.log(`round ${round}, checkpoints in the commit (default): ${fmt(await timeClaims(storage, 10, 2_000))}`);
    storage.db.pragma('wal_autocheckpoint = 0');
    const worker = checkpointer(location.where);
    console.log(`round ${round}, checkpoints in a worker thread:     ${fmt(await timeClaims(storage, 10, 2_000))}`);
    await worker.terminate();
    console.log(`round ${round}, no checkpoints:                     ${fmt(await timeClaims(storage, 10, 2_000))}`);
    storage.db.pragma('wal_checkpoint(TRUNCATE)');
  }
  const checkpoints: number[] = [];
  for (let i = 0; i < 20; i++) {
    await timeClaims(storage, 10, 60);
    const start = performance.now();
    storage.db.pragma('wal_checkpoint(PASSIVE)');
    checkpoints.push(performance.now() - start);
  }
  console.log(
    `one checkpoint after 60 claims of limit 10: p50 ${percentile(checkpoints, 50).toFixed(1)} ms, max ${Math.max(...checkpoints).toFixed(1)} ms`,
  );
} finally {
  await storage.close();
  await dropLocation(location);
}
