/**
 * A process that runs sync tasks from the SQLite database in TASKCAST_DATA_DIR against ONEC_URL, for the tests that
 * kill it with SIGKILL in the middle of a sync (a real kill -9: nothing is flushed) and resume in another one.
 * Prints `worker ready` once it claims tasks.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { createEngineNode } from '../../src/server/index.js';
import { syncFeature } from '../../src/sync/index.js';

const node = await createEngineNode(loadConfig(process.env), pino({ level: 'silent' }), [syncFeature], true);
await node.engine.start();
process.stdout.write(`worker ready ${process.pid}\n`);
