/**
 * One throughput run of the tree this file sits in, for `npm run bench:ab`: prints the tasks per second of
 * `measureThroughput(kind, jobs, concurrency)` as the last line. Copied into the baseline's worktree, so it uses
 * only what every tree since November has: bench/engine/throughput.ts.
 */
import { measureThroughput } from '../engine/throughput.js';

const [kind, jobs, concurrency] = process.argv.slice(2);
if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`usage: once.ts sqlite|postgres jobs concurrency; got ${kind}`);
const perSecond = await measureThroughput(kind, Number(jobs), Number(concurrency));
console.log(Math.round(perSecond));
