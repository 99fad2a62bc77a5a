import { describe } from 'vitest';
import { describeTaskStore } from '../conformance/describeTaskStore.js';
import { postgresHarness } from '../conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeTaskStore('PostgreSQL', postgresHarness);
});
