import { describe, expect, it } from 'vitest';
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
});
