import { describe, expect, it } from 'vitest';
import { gate } from '../../test/support/wait.js';
import { readAhead } from './readAhead.js';

/** Units whose pages arrive when the test opens their gates, in any order; counts readers running at once. */
function gatedUnits(count: number, pagesPerUnit: number) {
  const gates = Array.from({ length: count }, () => Array.from({ length: pagesPerUnit }, () => gate()));
  let running = 0;
  let maxRunning = 0;
  const started: number[] = [];
  async function* read(unit: number, signal: AbortSignal): AsyncGenerator<string, void, undefined> {
    running++;
    maxRunning = Math.max(maxRunning, running);
    started.push(unit);
    // One listener per reader (one per page added 11 to the shared signal: Node's leak warning).
    const aborted = new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    aborted.catch(() => {});
    try {
      for (let p = 0; p < pagesPerUnit; p++) {
        await Promise.race([gates[unit]![p]!.promise, aborted]);
        yield `${unit}.${p}`;
      }
    } finally {
      running--;
    }
  }
  return { gates, read, started, maxRunning: () => maxRunning, running: () => running };
}

describe('readAhead', () => {
  it('hands pages over in unit order whatever order they arrive in, with at most `concurrency` readers', async () => {
    const units = gatedUnits(6, 2);
    const out: string[] = [];
    const consuming = (async () => {
      for await (const { unitIndex, page } of readAhead([0, 1, 2, 3, 4, 5], units.read, {
        concurrency: 3,
        maxBufferedPages: 4,
        signal: new AbortController().signal,
      }))
        out.push(`${unitIndex}:${page}`);
    })();
    // Open the later units first: nothing may be handed over before unit 0.
    for (const unit of [2, 1]) for (const g of units.gates[unit]!) g.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(out).toEqual([]);
    // Units 1 and 2 are read (4 pages ahead: over the shared budget of 3, so one of them waits with its last page):
    // the finished one's place goes to unit 3 (a slow unit 0 idles nobody), still 3 readers at once.
    expect(units.started).toEqual([0, 1, 2, 3]);
    expect(units.maxRunning()).toBe(3);
    for (const unit of [0, 5, 4, 3]) for (const g of units.gates[unit]!) g.open();
    await consuming;
    expect(out).toEqual([0, 1, 2, 3, 4, 5].flatMap((u) => [`${u}:${u}.0`, `${u}:${u}.1`]));
    expect(units.maxRunning()).toBeLessThanOrEqual(3);
  });

  it('a unit ahead that is done gives its reader’s place to the next unit, so a slow head idles nobody', async () => {
    const units = gatedUnits(5, 1);
    const out: number[] = [];
    const consuming = (async () => {
      for await (const { unitIndex } of readAhead([0, 1, 2, 3, 4], units.read, {
        concurrency: 2,
        maxBufferedPages: 2,
        signal: new AbortController().signal,
      }))
        out.push(unitIndex);
    })();
    for (const unit of [1, 2, 3]) units.gates[unit]![0]!.open();
    await new Promise((resolve) => setImmediate(resolve));
    // Unit 0 still waits for 1C; units 1, 2 and 3 were read meanwhile (up to 2 × concurrency units ahead).
    expect(units.started).toEqual([0, 1, 2, 3]);
    expect(out).toEqual([]);
    units.gates[0]![0]!.open();
    units.gates[4]![0]!.open();
    await consuming;
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(units.maxRunning()).toBeLessThanOrEqual(2);
  });

  it('a failed unit throws when its turn comes, after every page before it', async () => {
    async function* read(unit: number): AsyncGenerator<number, void, undefined> {
      if (unit === 2) throw new Error('1C said no');
      yield unit;
    }
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const { page } of readAhead([0, 1, 2, 3], read, {
          concurrency: 4,
          maxBufferedPages: 2,
          signal: new AbortController().signal,
        }))
          out.push(page);
      })(),
    ).rejects.toThrow('1C said no');
    expect(out).toEqual([0, 1]);
  });

  it('a consumer that stops early aborts the readers still running', async () => {
    const units = gatedUnits(3, 2);
    units.gates[0]![0]!.open();
    for await (const { page } of readAhead([0, 1, 2], units.read, {
      concurrency: 3,
      maxBufferedPages: 1,
      signal: new AbortController().signal,
    })) {
      expect(page).toBe('0.0');
      break;
    }
    // readAhead awaited its readers before returning: none is left running.
    expect(units.maxRunning()).toBe(3);
    expect(units.running()).toBe(0);
  });
});
