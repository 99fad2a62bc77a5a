import { describeLoginAttemptStore } from '../../../test/store/conformance/describeLoginAttemptStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';

// Two connections to one temporary SQLite file.
describeLoginAttemptStore('SQLite', async () => {
  const harness = await sqliteHarness();
  const [a, b] = [await harness.open(), await harness.open()];
  return { a: a.loginAttempts, b: b.loginAttempts, close: () => harness.drop() };
});
