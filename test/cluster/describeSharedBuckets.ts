/**
 * Issue 13: "1,000 keys limited to 10/s across 3 nodes never exceed 11 in any 1-second window", with real processes
 * (bucketHammer.ts) sharing one store: each takes tokens of the same buckets (10 per second, a burst of 1 — so any
 * second holds at most 10 + 1) as fast as the store lets it. Every grant is counted per key in every 1-s window.
 * Run for the HTTP limit's Redis buckets and the 1C request buckets (Redis, PostgreSQL).
 *
 * A grant happened somewhere between its request being sent and answered; on two busy cores an answer may be read
 * 100 ms or more late, so counting by the time of the answer could see 12 where the store granted 11. Grants are
 * therefore counted as surely within one second only when the last of them was answered less than 1 s after the first
 * was sent: a count no noise can inflate (the count by answer time is printed beside it).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { killAllChildren, NodeProcess } from './processes.js';

const RATE = 10;
const BURST = 1;
const DURATION_MS = 3_000;

/** What the hammers need of a backend, and its clean-up. */
export interface BucketBackend {
  name: 'api-redis' | 'onec-redis' | 'onec-postgres';
  env: Record<string, string>;
  close(): Promise<void>;
}

/** One grant: when its request was sent and when it was answered, ms. */
export interface Grant {
  sent: number;
  answered: number;
}

/** The most grants of one key that surely fell within one 1-s window (see the header), and the most by answer time. */
export function mostPerSecond(grants: Grant[]): { sure: number; byAnswer: number } {
  const bySent = [...grants].sort((a, b) => a.sent - b.sent);
  let sure = 0;
  for (let first = 0; first < bySent.length; first++) {
    // Grants first…last (by sending) all lie in [sent of first, latest answer among them].
    let latestAnswer = 0;
    for (let last = first; last < bySent.length; last++) {
      latestAnswer = Math.max(latestAnswer, bySent[last]!.answered);
      if (latestAnswer - bySent[first]!.sent >= 1_000) break;
      sure = Math.max(sure, last - first + 1);
    }
  }
  const answers = grants.map((g) => g.answered).sort((a, b) => a - b);
  let byAnswer = 0;
  for (let start = 0, end = 0; start < answers.length; start++) {
    while (end < answers.length && answers[end]! < answers[start]! + 1_000) end++;
    byAnswer = Math.max(byAnswer, end - start);
  }
  return { sure, byAnswer };
}

/**
 * The shared-bucket test: `keys` buckets of `rate` per second (default 10) on the backend `open` makes before the
 * processes start, when `run`.
 */
export function describeSharedBuckets(
  label: string,
  keys: number,
  run: boolean,
  open: () => Promise<BucketBackend>,
  rate: number = RATE,
): void {
  describe.runIf(run)(`${keys} keys at ${rate}/s across 3 processes, ${label}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskcast-buckets-'));
    afterAll(async () => {
      await killAllChildren();
      rmSync(dir, { recursive: true, force: true });
    });

    it(`never more than ${rate + BURST} grants of a key in any 1-s window`, async ({ onTestFailed }) => {
      const backend = await open();
      const go = join(dir, 'go');
      const procs = ['A', 'B', 'C'].map(
        (name) =>
          new NodeProcess(`hammer-${name}`, 'test/cluster/bucketHammer.ts', {
            ...backend.env,
            BACKEND: backend.name,
            KEYS: String(keys),
            RATE: String(rate),
            BURST: String(BURST),
            DURATION_MS: String(DURATION_MS),
            GO: go,
            OUT: join(dir, `grants-${name}`),
          }),
      );
      onTestFailed(() => console.error(procs.map((p) => p.output()).join('\n')));
      let refusals = 0;
      try {
        await Promise.all(procs.map((p) => p.waitForOutput(/hammer ready/)));
        writeFileSync(go, '');
        for (const p of procs) refusals += Number((await p.waitForOutput(/hammer done: \d+ grants, (\d+) refusals/, 60_000))[1]);
        expect((await Promise.all(procs.map((p) => p.exited))).map((e) => e.code)).toEqual([0, 0, 0]);
      } finally {
        await Promise.all(procs.map((p) => p.kill()));
        await backend.close();
      }

      const byKey = new Map<string, Grant[]>();
      let grants = 0;
      for (const name of ['A', 'B', 'C']) {
        for (const line of readFileSync(join(dir, `grants-${name}`), 'utf8').split('\n')) {
          if (!line) continue;
          const [key, sent, answered] = line.split(' ');
          grants++;
          let list = byKey.get(key!);
          if (!list) byKey.set(key!, (list = []));
          list.push({ sent: Number(sent), answered: Number(answered) });
        }
      }
      const most = [...byKey.values()].map(mostPerSecond);
      const sure = Math.max(...most.map((m) => m.sure));
      const byAnswer = Math.max(...most.map((m) => m.byAnswer));
      const atRate = most.filter((m) => m.sure >= rate).length;
      console.log(
        `${label}: ${grants} grants and ${refusals} refusals for ${byKey.size} keys in ${DURATION_MS} ms; most grants of one key ` +
          `surely within 1 s: ${sure} (by answer time: ${byAnswer}); keys surely at ${rate} in some second: ${atRate}`,
      );
      expect(sure).toBeLessThanOrEqual(rate + BURST);
      // The limit bound: every key got grants, and callers were turned away for a large share of their takes (more
      // often than served on a quiet run; on a loaded CI machine the three processes take more slowly and it came to
      // 2,260 refusals for 2,278 grants, so the bound is one refusal for every two grants). How many keys surely got
      // their full rate in a second depends on the load too — answers read late count as spread out — so it is
      // printed, not checked: 1,000 of 1,000 on a quiet run, none with other suites on the two cores.
      expect(byKey.size).toBe(keys);
      expect(refusals * 2).toBeGreaterThan(grants);
    }, 120_000);
  });
}
