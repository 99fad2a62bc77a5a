import { describe, expect, it, onTestFinished } from 'vitest';
import { LazyAbort } from './LazyAbort.js';

describe('LazyAbort', () => {
  it('fires the signal of a handler that listens before the abort', () => {
    const a = new LazyAbort();
    let fired = 0;
    a.signal.addEventListener('abort', () => fired++);
    expect(a.signal.aborted).toBe(false);
    a.abort();
    a.abort();
    expect(fired).toBe(1);
    expect(a.aborted).toBe(true);
    expect(a.signal.aborted).toBe(true);
  });

  it('hands out an already aborted signal when read after the abort', () => {
    const a = new LazyAbort();
    a.abort();
    expect(a.aborted).toBe(true);
    expect(a.signal.aborted).toBe(true);
    expect(a.signal.reason).toBeInstanceOf(DOMException);
  });

  it('takes many listeners at once without a leak warning, and aborts them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    onTestFinished(() => void process.off('warning', onWarning));
    const a = new LazyAbort();
    let heard = 0;
    // A sync's requests waiting for a 1C slot each listen to the task's signal (Node warns past 10 by default).
    for (let i = 0; i < 50; i++) a.signal.addEventListener('abort', () => heard++, { once: true });
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    a.abort();
    expect(heard).toBe(50);
  });
});
