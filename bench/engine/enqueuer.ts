/** Child process of the cross-process latency benchmark: enqueues one task per message from its parent. */
import { TaskEngine } from '../../src/engine/index.js';
import { wallMs } from './percentiles.js';
import { openLocation, type StoreLocation } from './stores.js';

const loc = JSON.parse(process.argv[2]!) as StoreLocation;
const storage = await openLocation(loc);
const engine = new TaskEngine({ storage, runTasks: false });
engine.defineTaskType({ type: 'noop', handler: () => null });
process.on('message', (msg) => {
  if (msg === 'enqueue') {
    void engine.enqueue('noop', { payload: { t0: wallMs() } });
  } else if (msg === 'exit') {
    void storage.close().then(() => process.exit(0));
  }
});
process.send!('ready');
