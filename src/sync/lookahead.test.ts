import { describe, expect, it } from 'vitest';
import { lookahead } from './lookahead.js';

describe('lookahead', () => {
  it('yields every item in order and asks for the next one before the current is consumed', async () => {
    const asked: number[] = [];
    async function* source() {
      for (let i = 0; i < 3; i++) {
        asked.push(i);
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const item of lookahead(source())) {
      seen.push(item);
      // While item i is being handled, item i + 1 has already been requested.
      expect(asked).toContain(Math.min(item + 1, 2));
    }
    expect(seen).toEqual([0, 1, 2]);
  });

  it('passes the source error on', async () => {
    async function* source() {
      yield 1;
      throw new Error('1С недоступна');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of lookahead(source())) seen.push(item);
      })(),
    ).rejects.toThrow('1С недоступна');
    expect(seen).toEqual([1]);
  });
});
