/**
 * The node of the schedules' idle-cost benchmark (bench/schedules/main.ts): a Taskcast node as `npm run worker`
 * builds it (createEngineNode: the storage of DATABASE_URL or of TASKCAST_DATA_DIR's SQLite file, the engine
 * running tasks, the scheduler of schedulesFeature), with a no-op task type for the schedules. It does nothing
 * else. From BENCH_MEASURE_FROM to BENCH_MEASURE_TO (epoch ms) it measures its own CPU time (process.cpuUsage:
 * user + system, every thread of the process) and counts the schedules' tasks it saw completed, then prints one
 * `BENCH_RESULT {json}` line and exits.
 */
import { configOrExit } from '../../src/config/index.js';
import type { Feature } from '../../src/api/index.js';
import { isFinalStatus } from '../../src/engine/index.js';
import { schedulesFeature } from '../../src/scheduler/index.js';
import { createEngineNode, createLogger, type ServerFeatureDeps } from '../../src/server/index.js';
import { BENCH_NOOP, type NodeFigures } from './figures.js';

const noopFeature: Feature<ServerFeatureDeps> = {
  name: 'bench-schedules',
  setup({ engine }) {
    engine.defineTaskType({ type: BENCH_NOOP, handler: () => null });
    return {};
  },
};

const at = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));

async function main(): Promise<void> {
  const config = configOrExit();
  const from = Number(process.env.BENCH_MEASURE_FROM);
  const to = Number(process.env.BENCH_MEASURE_TO);
  const node = await createEngineNode(config, createLogger(config.LOG_LEVEL), [noopFeature, schedulesFeature], true);
  await node.engine.start();
  const startedLate = Date.now() > from;

  const completed = new Set<string>();
  let measuring = false;
  node.engine.subscribeAll((task) => {
    if (measuring && isFinalStatus(task.status) && typeof task.metadata.schedule_id === 'string') completed.add(task.task_id);
  });

  await at(from);
  measuring = true;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await at(to);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  measuring = false;
  const figures: NodeFigures = {
    startedLate,
    wallMs,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    scheduledTasksCompleted: completed.size,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(figures)}\n`);
  await node.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench schedules node failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
