import { openSqlite } from '../../src/store/index.js';
import { TaskEngine } from '../../src/engine/index.js';
const s = openSqlite({ file: '/tmp/z' + Date.now() + '.db', pollIntervalMs: 1 }); await s.migrate();
const st: any = (s.tasks as any).s;
let ct = 0, cn = 0;
for (const k of ['claim', 'complete']) {
  const o = st[k]; const orig = o.all.bind(o); const origGet = o.get.bind(o);
  o.all = (...a: any[]) => { const t = process.hrtime.bigint(); const r = orig(...a); ct += Number(process.hrtime.bigint() - t); cn++; return r; };
  o.get = (...a: any[]) => { const t = process.hrtime.bigint(); const r = origGet(...a); ct += Number(process.hrtime.bigint() - t); cn++; return r; };
}
const engine = new TaskEngine({ storage: s, concurrency: 10 });
engine.defineTaskType({ type: 'noop', handler: () => null });
let done!: () => void; let c = 0; const fin = new Promise<void>((r) => (done = r));
engine.subscribeAll((t) => { if (t.status === 'completed' && ++c === 20000) done(); });
await engine.start();
const t0 = performance.now();
for (let i = 0; i < 4; i++) await engine.enqueueMany('noop', Array.from({ length: 5000 }, () => ({})));
const t1 = performance.now();
await fin;
console.log('enqueue ms', t1 - t0, 'total', performance.now() - t0, 'stmt ms', ct / 1e6, 'calls', cn);
console.log(s.db.pragma('wal_autocheckpoint'), s.db.pragma('page_size'));
process.exit(0);
