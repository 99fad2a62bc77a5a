// Concurrent reading with an ordered commit. The bank sync's pass is a list of units — (document set, month window)
// pairs in cursor order — and its resume cursor says "every unit before this one is stored, and this one up to this
// offset". To keep that exact while reading several units at once, the units are read concurrently but handed to the
// consumer strictly in order: all pages of unit i, then unit i+1. Up to `concurrency` readers run at once, each on the
// next unit not started yet, up to `concurrency × UNITS_AHEAD_FACTOR` units ahead of the one being handed over — so a
// long unit at the head does not idle the others (head-of-line blocking). A unit keeps at most `maxBufferedPages`
// pages waiting (then its reader pauses, still counted as running), so memory stays bounded whatever the period.
// Reading never commits anything, so a crash loses only pages read ahead, which a resumed run reads again.

import { setMaxListeners } from 'node:events';

/** Units that may be started ahead of the one being handed over, per reader. */
const UNITS_AHEAD_FACTOR = 2;

/** Options of {@link readAhead}. */
export interface ReadAheadOptions {
  /** Units read at once (≥ 1); 1 reads one unit at a time, still a few pages ahead of the consumer. */
  concurrency: number;
  /** Pages a unit may have waiting for the consumer before its reader pauses (≥ 2 lets a one-page unit finish). */
  maxBufferedPages: number;
  /** The task's signal: aborts every reader. */
  signal: AbortSignal;
}

/** A page with the index of its unit. */
export interface UnitPage<P> {
  unitIndex: number;
  page: P;
}

/** Pages one unit has read and not handed over yet. */
class UnitBuffer<P> {
  readonly pages: P[] = [];
  done = false;
  failure: { error: unknown } | null = null;
  #consumer: (() => void) | null = null;
  #producer: (() => void) | null = null;

  /** Wakes the consumer (a page arrived or the unit ended). */
  wakeConsumer(): void {
    this.#consumer?.();
    this.#consumer = null;
  }

  /** Wakes the reader (a page was taken, or everything stops). */
  wakeProducer(): void {
    this.#producer?.();
    this.#producer = null;
  }

  untilData(): Promise<void> {
    return new Promise((resolve) => (this.#consumer = resolve));
  }

  untilSpace(): Promise<void> {
    return new Promise((resolve) => (this.#producer = resolve));
  }
}

/**
 * Reads `units` with up to `options.concurrency` of them at once (each with `read(unit, signal)`) and yields their
 * pages in unit order. A unit that failed throws when the consumer reaches it, so everything before it is handed over
 * first. When the consumer stops (return or throw), the readers still running are aborted and awaited.
 */
export async function* readAhead<U, P>(
  units: readonly U[],
  read: (unit: U, signal: AbortSignal) => AsyncIterable<P>,
  options: ReadAheadOptions,
): AsyncGenerator<UnitPage<P>, void, undefined> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const stop = new AbortController();
  const signal = AbortSignal.any([options.signal, stop.signal]);
  // Every reader's requests listen on it at once (each waiting for a 1C slot): no leak warning past 10.
  setMaxListeners(0, signal);
  const buffers: (UnitBuffer<P> | null)[] = units.map(() => new UnitBuffer<P>());
  const readers: Promise<void>[] = [];

  let started = 0;
  let running = 0;
  let handing = 0;
  // Pages waiting in units after the one being handed over.
  const pagesAhead = (): number => {
    let pages = 0;
    for (let i = handing + 1; i < started; i++) pages += buffers[i]?.pages.length ?? 0;
    return pages;
  };
  // Starts readers while fewer than `concurrency` run and the next unit is not too far ahead.
  const startReaders = (): void => {
    for (
      ;
      started < units.length && running < concurrency && started < handing + concurrency * UNITS_AHEAD_FACTOR && !signal.aborted;
      started++
    ) {
      running++;
      readers.push(runReader(started, buffers[started]!));
    }
  };
  const runReader = async (index: number, buffer: UnitBuffer<P>): Promise<void> => {
    try {
      for await (const page of read(units[index]!, signal)) {
        buffer.pages.push(page);
        buffer.wakeConsumer();
        // Asking for the next page is what tells a reader its window is done (a short page ends it without a request),
        // so with room for two pages a window of one page read ahead finishes and frees its reader's place. Memory: at
        // most maxBufferedPages + concurrency + 1 pages, whatever the windows hold.
        // Units further ahead also share one budget of `concurrency` pages, so big windows (many pages each) do not
        // fill every reader's buffer at once; the unit being handed over is never held by it (the consumer drains it).
        while (!signal.aborted && (buffer.pages.length >= options.maxBufferedPages || (index !== handing && pagesAhead() > concurrency)))
          await buffer.untilSpace();
        if (signal.aborted) return;
      }
    } catch (error) {
      buffer.failure = { error };
    } finally {
      buffer.done = true;
      running--;
      buffer.wakeConsumer();
      startReaders();
    }
  };

  // A unit handed over on, or pages taken: readers waiting for the shared budget look again.
  const wakeAhead = (): void => {
    for (let i = handing; i < started; i++) buffers[i]?.wakeProducer();
  };

  try {
    for (let index = 0; index < units.length; index++) {
      handing = index;
      wakeAhead();
      startReaders();
      const buffer = buffers[index]!;
      for (;;) {
        const page = buffer.pages.shift();
        if (page !== undefined) {
          buffer.wakeProducer();
          if (buffer.pages.length === 0) wakeAhead();
          yield { unitIndex: index, page };
          continue;
        }
        if (buffer.done) break;
        await buffer.untilData();
      }
      if (buffer.failure) throw buffer.failure.error;
      buffers[index] = null;
    }
  } finally {
    stop.abort();
    for (const buffer of buffers) buffer?.wakeProducer();
    await Promise.allSettled(readers);
  }
}
