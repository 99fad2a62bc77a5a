import { describeTaskStore } from '../conformance/describeTaskStore.js';
import { sqliteHarness } from '../conformance/harnesses.js';

describeTaskStore('SQLite', sqliteHarness);
