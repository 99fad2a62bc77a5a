import { describe } from 'vitest';
import { describeScheduleStore } from '../../../test/store/conformance/describeScheduleStore.js';
import { postgresHarness } from '../../../test/store/conformance/harnesses.js';
import { shouldRunPostgres } from '../../../test/support/postgres.js';

describe.runIf(await shouldRunPostgres())('PostgreSQL', () => {
  describeScheduleStore('PostgreSQL', postgresHarness);
});
