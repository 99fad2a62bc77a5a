import { shouldRunPostgres } from '../support/postgres.js';
import { describeCluster } from './describeCluster.js';
import { shouldRunRedis } from './redis.js';

// Nodes talk over Redis pub/sub (REDIS_URL as well as DATABASE_URL).
describeCluster('redis', (await shouldRunPostgres()) && (await shouldRunRedis()));
