/**
 * What the claim plan tests of both backends share (issue 11): the table they fill — 20,000 pending tasks of four
 * types, priorities −10…10, 70% due within the last hour and 30% due within the next, beside running and finished
 * tasks, and a few tasks not yet due at the head of the claim order — and a walker over PostgreSQL's JSON plans.
 */
import { fileURLToPath } from 'node:url';

/** The pending tasks of the fill. */
export const PENDING = 20_000;
/** Running and finished tasks of the fill (outside the partial index). */
export const RUNNING = 1_000;
export const FINISHED = 3_000;
/** Tasks due in ten minutes whose claim key is put ahead of every other: the claim must pass over them. */
export const NOT_DUE_AHEAD = 5;
/** The task types of the fill; claims ask for all of them or for the first only. */
export const TYPES = ['claim_a', 'claim_b', 'claim_c', 'claim_d'];
/** The default aging interval (ENGINE_DEFAULTS.priorityAgingMs): claim_key = run_at − priority × 3 s. */
export const AGING_MS = 3_000;
export const OWNER = 'node-plan:1:x';
export const HOUR_MS = 3_600_000;

/** The priority of the fill's i-th pending task: −10…10 in turn. */
export const priorityOf = (i: number): number => (i % 21) - 10;
/** Whether the fill's i-th pending task is due (7 in 10). */
export const dueOf = (i: number): boolean => i % 10 < 7;

/** A path of the repository's SQL file of a store, e.g. sqlFile('postgres', 'claimTasks'). */
export function sqlFile(backend: 'postgres' | 'sqlite', name: string): string {
  return fileURLToPath(new URL(`../../src/store/${backend}/sql/tasks/${name}.sql`, import.meta.url));
}

/** One node of an EXPLAIN (FORMAT JSON) plan. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** A node with the node types above it, outermost first. */
export interface PlacedNode {
  node: PlanNode;
  ancestors: string[];
}

/** Every node of a plan (init plans and sub plans included), each with the types of the nodes above it. */
export function planNodes(root: PlanNode, ancestors: string[] = []): PlacedNode[] {
  const below = [...ancestors, root['Node Type']];
  return [{ node: root, ancestors }, ...(root.Plans ?? []).flatMap((p) => planNodes(p, below))];
}

/** A small seeded generator (mulberry32), so the SQLite fill is the same in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
