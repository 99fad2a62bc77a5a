/**
 * `npm run bench:ab -- <rev>`: engine throughput of this tree against another revision (default HEAD, i.e. the
 * last commit, when the working tree has changes; pass e.g. f47cda1 for "before issue 11"), in the same run:
 * BENCH_RUNS rounds (default 5), each running every store on both trees in turn (the order alternating), one
 * process per run. Prints medians (min–max), the ratio of medians and the median of the per-round ratios, which
 * cancels most of a shared machine's drift. BENCH_STORES=sqlite,postgres; BENCH_JOBS=20000; BENCH_CONCURRENCY=10.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadAverageNow, roundOrder } from '../engine/rounds.js';
import { formatSpread, spreadOf } from '../engine/spread.js';
import { median } from '../engine/percentiles.js';
import { checkoutBaseline } from './worktree.js';

const ROOT = join(import.meta.dirname, '..', '..');
const rev = process.argv[2] ?? 'HEAD';
const rounds = Number(process.env.BENCH_RUNS ?? 5);
const stores = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
const jobs = process.env.BENCH_JOBS ?? '20000';
const concurrency = process.env.BENCH_CONCURRENCY ?? '10';

function runOnce(tree: string, kind: string): number {
  const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
  const out = execFileSync(tsx, [join(tree, 'bench', 'ab', 'once.ts'), kind, jobs, concurrency], { cwd: tree, encoding: 'utf8' });
  return Number(out.trim().split('\n').at(-1));
}

const baseline = checkoutBaseline(ROOT, rev);
console.log(
  `A/B: this tree against ${rev} (${baseline.commit.slice(0, 10)}), ${rounds} rounds, ${jobs} no-op tasks at concurrency ${concurrency}`,
);
const trees = [
  { name: 'baseline', dir: baseline.dir },
  { name: 'current', dir: ROOT },
];
const runs: Record<string, Record<string, number[]>> = {};
try {
  for (let round = 0; round < rounds; round++) {
    for (const kind of stores) {
      for (const tree of roundOrder(trees, round)) {
        const load = loadAverageNow();
        const perSecond = runOnce(tree.dir, kind);
        ((runs[kind] ??= {})[tree.name] ??= []).push(perSecond);
        console.log(`round ${round + 1} ${kind} ${tree.name}: ${perSecond} tasks/s (load ${load})`);
      }
    }
  }
} finally {
  baseline.remove();
}
const summary = stores.map((kind) => {
  const base = runs[kind]!.baseline!;
  const cur = runs[kind]!.current!;
  const paired = median(cur.map((c, i) => c / base[i]!));
  return {
    store: kind,
    baseline: formatSpread(spreadOf(base), 0),
    current: formatSpread(spreadOf(cur), 0),
    'ratio of medians': (median(cur) / median(base)).toFixed(3),
    'paired ratio (median)': paired.toFixed(3),
  };
});
console.table(summary);
console.log(JSON.stringify({ rev, commit: baseline.commit, summary }));
