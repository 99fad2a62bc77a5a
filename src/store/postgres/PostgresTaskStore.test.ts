import { describe } from 'vitest';
import { describeTaskStore } from '../../../test/store/conformance/describeTaskStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeTaskStore('PostgreSQL', postgresHarness);
});
