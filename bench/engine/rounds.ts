/**
 * The round-robin scheduler of the throughput runs. Running one system's runs back to back lets a change in
 * the machine's load (another process starting, the CPU warming, a checkpoint) land on one system only and
 * read as a difference between systems; taking turns spreads it over all of them. Each round runs every
 * system once, in an order rotated by one place per round, so no system always goes first (with BENCH_RUNS
 * at least the number of systems, each goes first once); the cyclic order stays, so a system's predecessor
 * is the same in every round but the one it leads. The 1-minute load average is read and printed before
 * each run, so a run on a busy machine can be seen as such.
 */
import { loadavg } from 'node:os';

/** One system taking part in the rounds. */
export interface RoundSystem<R> {
  /** Shown in the log and the key of its runs. */
  name: string;
  /** One run; null when it failed, which leaves the system out of later rounds and out of the results. */
  run: () => Promise<R | null>;
  /** One line about a run's result for the log. */
  describe: (result: R) => string;
}

/** One run of a system: its round (1-based), the load average read just before it, and what it measured. */
export interface RoundRun<R> {
  round: number;
  loadAverage: number;
  result: R;
}

/** What the rounds produced. */
export interface RoundsOutcome<R> {
  /** The systems' names in the order each round ran them. */
  order: string[][];
  /** Each system's runs in round order; a system that failed a run is absent. */
  runs: Map<string, RoundRun<R>[]>;
}

/** The systems rotated left by `round` places (0-based round), so each leads in turn. */
export function roundOrder<T>(systems: readonly T[], round: number): T[] {
  if (systems.length === 0) return [];
  const shift = round % systems.length;
  return [...systems.slice(shift), ...systems.slice(0, shift)];
}

/** The 1-minute load average, to two decimals. */
export function loadAverageNow(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/** Runs `rounds` rounds of every system, one run at a time, logging the load average before each run. */
export async function runRounds<R>(
  systems: readonly RoundSystem<R>[],
  rounds: number,
  log: (line: string) => void,
): Promise<RoundsOutcome<R>> {
  const runs = new Map<string, RoundRun<R>[]>(systems.map((s) => [s.name, []]));
  const failed = new Set<string>();
  const order: string[][] = [];
  for (let round = 0; round < rounds; round++) {
    const turn = roundOrder(systems, round).filter((s) => !failed.has(s.name));
    order.push(turn.map((s) => s.name));
    for (const [i, system] of turn.entries()) {
      const loadAverage = loadAverageNow();
      log(`round ${round + 1}/${rounds}, run ${i + 1}/${turn.length}: ${system.name}, load average ${loadAverage.toFixed(2)}`);
      const result = await system.run();
      if (result === null) {
        log(`  ${system.name} failed: left out of later rounds and of the results`);
        failed.add(system.name);
        runs.delete(system.name);
        continue;
      }
      runs.get(system.name)!.push({ round: round + 1, loadAverage, result });
      log(`  ${system.describe(result)}`);
    }
  }
  return { order, runs };
}
