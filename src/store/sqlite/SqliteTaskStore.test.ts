import { describeTaskStore } from '../../../test/store/conformance/describeTaskStore.js';
import { sqliteHarness } from '../../../test/store/conformance/harnesses.js';

describeTaskStore('SQLite', sqliteHarness);
