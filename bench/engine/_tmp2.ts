import { openSqlite } from '../../src/store/index.js';
import { uuidv7 } from '../../src/engine/index.js';
const s = openSqlite({ file: '/tmp/x' + Date.now() + '.db' }); await s.migrate();
const t0 = performance.now();
await s.tasks.insertTasks(Array.from({ length: 20000 }, () => ({ task_id: uuidv7(), task_type: 'noop', total: null, payload: null, metadata: {}, user_id: null, priority: 0, max_attempts: 1, message: null, timeout_ms: null })));
const t1 = performance.now();
let n = 0; let tc = 0, tf = 0;
while (true) { const a = performance.now(); const rows = await s.tasks.claimTasks({ types: ['noop'], limit: 10, leaseOwner: 'x', leaseMs: 30000 }); tc += performance.now() - a; if (!rows.length) break; const b = performance.now(); for (const r of rows) await s.tasks.completeTask(r.task_id, null, { processed: 0 }, r.attempt); tf += performance.now() - b; n += rows.length; }
console.log('insert ms', t1 - t0, 'claims ms', tc, 'completes ms', tf, n);
console.log(s.db.prepare(`EXPLAIN QUERY PLAN SELECT task_id FROM tasks WHERE status = 'pending' AND task_type IN (SELECT value FROM json_each(?)) ORDER BY priority DESC, task_id LIMIT 10`).all('["noop"]'));
