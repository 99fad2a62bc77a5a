import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { uuidv7 } from '../../src/engine/index.js';
for (const variant of ['full', 'noidx']) {
const db = new Database('/tmp/y' + Date.now() + variant + '.db'); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL');
let sql = readFileSync('src/store/sqlite/migrations/001_init.sql', 'utf8');
if (variant === 'noidx') sql = sql.replace(/CREATE INDEX tasks_(owner|type|finished)_idx[^;]*;/g, '');
db.exec(sql);
const st = db.prepare(`INSERT INTO tasks (task_id, task_type, status, total, message, created_at, payload, metadata, user_id, priority, max_attempts, timeout_ms) VALUES (@task_id, @task_type, 'pending', @total, @message, @now, @payload, @metadata, @user_id, @priority, @max_attempts, @timeout_ms)`);
const rows = Array.from({ length: 20000 }, () => ({ task_id: uuidv7(), task_type: 'noop', total: null, payload: null, metadata: '{}', user_id: null, priority: 0, max_attempts: 1, message: null, timeout_ms: null, now: Date.now() }));
let t = performance.now();
db.transaction(() => { for (const r of rows) st.run(r); })();
console.log(variant, 'insert µs/row', (performance.now() - t) / 20);
const up = db.prepare(`UPDATE tasks SET status='completed', completed_at=1, seq=seq+1 WHERE task_id=? AND status='pending'`);
t = performance.now();
for (const r of rows.slice(0, 5000)) up.run(r.task_id);
console.log(variant, 'autocommit update µs/row', (performance.now() - t) / 5);
t = performance.now();
db.transaction(() => { for (const r of rows.slice(5000, 10000)) up.run(r.task_id); })();
console.log(variant, 'batched update µs/row', (performance.now() - t) / 5);
}
