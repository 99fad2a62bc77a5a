import { run } from './graphileWorker.js';
try { console.log(await run({ jobs: 2000, concurrency: 10, latencyJobs: 0 })); } catch (e) { console.error('ERR', e); }
