/**
 * Accuracy of automatic classification on the simulator's default data set (seed 1, 200 counterparties,
 * 5,000 documents of 2025): one bank sync with auto_classify into a fresh SQLite file, each stored
 * transaction's category compared with the one the simulator meant it to have (RunningSimulator.expectedCategories).
 * Target: ≥ 95 % and every category the data has used. Part of `npm run bench:sync`; alone:
 * `npx tsx bench/sync/classificationAccuracy.ts`.
 */
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { TaskEngine, isFinalStatus, type Task } from '../../src/engine/index.js';
import { startSimulator } from '../../src/onec/index.js';
import { syncFeature, BANK_SYNC_TYPE } from '../../src/sync/index.js';
import { scoreClassification, type ClassificationScore } from '../../src/sync/index.js';
import { dropLocation, freshLocation, openLocation } from '../engine/stores.js';

/** Syncs the default data set and scores its classification. */
export async function measureClassification(): Promise<ClassificationScore> {
  const sim = await startSimulator();
  const loc = await freshLocation('sqlite');
  const storage = await openLocation(loc);
  const engine = new TaskEngine({ storage, concurrency: 2 });
  const feature = await syncFeature.setup({
    config: loadConfig({ ONEC_URL: sim.url }),
    engine,
    storage,
    logger: pino({ level: 'silent' }),
  });
  try {
    await engine.start();
    const task = await engine.enqueue(BANK_SYNC_TYPE, { payload: { date_from: '2025-01-01', date_to: '2025-12-31', auto_classify: true } });
    const final = await new Promise<Task>((resolve) => {
      engine.subscribe(task.task_id, (t) => {
        if (isFinalStatus(t.status)) resolve(t);
      });
    });
    if (final.status !== 'completed') throw new Error(`sync ended ${final.status}: ${final.error}`);
    const { items } = await storage.sync.listBankTransactions({ limit: 1_000_000, offset: 0 });
    return scoreClassification(
      items.flatMap((t) => {
        const expected = sim.expectedCategories.get(t.ref);
        return expected === undefined ? [] : [{ expected, actual: t.category_name }];
      }),
    );
  } finally {
    await engine.stop(1000);
    await feature.close?.();
    await storage.close();
    await dropLocation(loc);
    await sim.close();
  }
}

/** The score as table rows, one per category. */
export function classificationRows(score: ClassificationScore): Record<string, string | number>[] {
  return score.categories.map((c) => ({
    category: c.category,
    expected: c.expected,
    assigned: c.assigned,
    correct: c.correct,
    precision: percent(c.precision),
    recall: percent(c.recall),
  }));
}

/** One line: accuracy and whether every category the data has was used. */
export function classificationSummary(score: ClassificationScore): string {
  const used = score.unused.length === 0 ? 'every category the data has is used' : `never used: ${score.unused.join(', ')}`;
  return `classification accuracy ${percent(score.accuracy)} (${score.correct} of ${score.total} documents); ${used}`;
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const score = await measureClassification();
  console.table(classificationRows(score));
  console.log(classificationSummary(score));
  process.exit(0);
}
