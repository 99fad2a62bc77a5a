import { shouldRunPostgres } from '../support/postgres.js';
import { describeRemoteLogs } from './describeRemoteLogs.js';
import { shouldRunRedis } from './redis.js';

// Nodes talk over Redis pub/sub (REDIS_URL as well as DATABASE_URL).
describeRemoteLogs('redis', (await shouldRunPostgres()) && (await shouldRunRedis()));
