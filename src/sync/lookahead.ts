/**
 * Iterates `source` while already fetching its next item: the next page from 1C is on its way while the
 * current one is being written to the database, so the two waits overlap instead of adding up. Holds
 * at most one item beyond the current one.
 */
export async function* lookahead<T>(source: AsyncGenerator<T, void, undefined>): AsyncGenerator<T, void, undefined> {
  let next = source.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      // If the consumer stops early, this fetch's failure (e.g. its abort) must not go unhandled.
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    await source.return(undefined).catch(() => {});
  }
}
