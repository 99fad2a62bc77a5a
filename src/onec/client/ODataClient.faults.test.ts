import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../simulator/index.js';
import type { RunningSimulator } from '../simulator/index.js';
import { ONEC_SETS } from '../wire/index.js';
import { ODataClient } from './ODataClient.js';
import type { ODataClientOptions, ODataRetryEvent } from './clientOptions.js';
import {
  NotODataResponseError,
  ODataAbortError,
  ODataAuthError,
  ODataError,
  ODataMalformedJsonError,
  ODataNetworkError,
  ODataTimeoutError,
} from './errors.js';

const USER = 'Администратор';
const PASSWORD = 'пароль-Ёж';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function readAll(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const item of iterable) if (item) count++;
  return count;
}

describe('ODataClient faults, retries, timeouts and aborts', () => {
  let sim: RunningSimulator;
  const clientFor = (overrides: Partial<ODataClientOptions> = {}): ODataClient =>
    new ODataClient({
      url: sim.url,
      user: USER,
      password: PASSWORD,
      baseDelayMs: 5,
      maxDelayMs: 20,
      maxAttempts: 3,
      timeoutMs: 2000,
      ...overrides,
    });
  const odataRequestsSince = (before: number): number => sim.stats().odataRequests - before;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, contractors: 10, documents: 50, user: USER, password: PASSWORD });
  });
  beforeEach(() => {
    sim.clearFaults();
  });
  afterAll(() => sim.close());

  it('logs in with a Cyrillic user and password (UTF-8 Basic auth)', async () => {
    expect(await clientFor().count(ONEC_SETS.currencies)).toBe(4);
  });

  it('reports 401 as ODataAuthError and does not retry', async () => {
    const before = sim.stats().odataRequests;
    const error = await rejection(clientFor({ password: 'неверный' }).count(ONEC_SETS.currencies));
    expect(error).toBeInstanceOf(ODataAuthError);
    expect((error as ODataAuthError).code).toBe('ONEC_AUTH_FAILED');
    expect((error as Error).message).toContain(USER);
    expect((error as Error).message).not.toContain('неверный');
    expect(odataRequestsSince(before)).toBe(1);
  });

  it('retries a transient 500 at the k-th request and succeeds', async () => {
    const retries: ODataRetryEvent[] = [];
    sim.setFaults({ failAtRequests: [1] });
    const before = sim.stats().odataRequests;
    const count = await readAll(clientFor({ onRetry: (event) => retries.push(event) }).iterateEntities(ONEC_SETS.currencies));
    expect(count).toBe(4);
    expect(odataRequestsSince(before)).toBe(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(ODataError);
    expect(sim.stats().faultsInjected.fail500).toBeGreaterThanOrEqual(1);
  });

  it('gives up on a persistent 500 after maxAttempts with ODataError code -1', async () => {
    sim.setFaults({ fail500: 'always' });
    const before = sim.stats().odataRequests;
    const error = await rejection(clientFor({ maxAttempts: 4 }).count(ONEC_SETS.currencies));
    expect(error).toBeInstanceOf(ODataError);
    expect(error).toMatchObject({ status: 500, odataCode: '-1', attempts: 4, retryable: true, code: 'ONEC_ODATA_ERROR' });
    expect(odataRequestsSince(before)).toBe(4);
  });

  it('parses a BOM-prefixed odata.error (400 code 14) and does not retry it', async () => {
    const before = sim.stats().odataRequests;
    const error = await rejection(readAll(clientFor().iterateEntities(ONEC_SETS.counterparties, { filter: 'Description eq' })));
    expect(error).toBeInstanceOf(ODataError);
    expect(error).toMatchObject({ status: 400, odataCode: '14', retryable: false });
    expect((error as Error).message).toMatch(/^Ошибка разбора параметров запроса/);
    expect(odataRequestsSince(before)).toBe(1);
  });

  it('trips the timeout on a hung request on time', async () => {
    sim.setFaults({ hang: 'always' });
    const started = performance.now();
    const error = await rejection(clientFor({ timeoutMs: 200, maxAttempts: 1 }).count(ONEC_SETS.currencies));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ODataTimeoutError);
    expect(error).toMatchObject({ code: 'ONEC_TIMEOUT', timeoutMs: 200, attempts: 1 });
    expect((error as Error).message).toContain('1С не ответила за 200 мс');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1500);
  });

  it('retries timeouts and names the attempts in the message', async () => {
    sim.setFaults({ hang: 'always' });
    const started = performance.now();
    const error = await rejection(clientFor({ timeoutMs: 150, maxAttempts: 3 }).count(ONEC_SETS.currencies));
    expect(error).toMatchObject({ attempts: 3 });
    expect((error as Error).message).toContain('(3 попытки)');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('bounds all attempts together by totalTimeoutMs', async () => {
    sim.setFaults({ hang: 'always' });
    const started = performance.now();
    const error = await rejection(clientFor({ timeoutMs: 200, maxAttempts: 5, totalTimeoutMs: 300 }).count(ONEC_SETS.currencies));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ODataTimeoutError);
    expect((error as ODataTimeoutError).attempts).toBeLessThanOrEqual(2);
    expect(elapsed).toBeLessThan(1000);
  });

  it('recovers when only the first request hangs', async () => {
    sim.setFaults({ hang: 1 });
    expect(await clientFor({ timeoutMs: 150 }).count(ONEC_SETS.currencies)).toBe(4);
  });

  it('aborts a hung in-flight request at once when the caller aborts, as an abort, not a timeout', async () => {
    sim.setFaults({ hang: 'always' });
    const controller = new AbortController();
    const arrived = sim.waitForRequest((entry) => entry.odata);
    const pending = rejection(clientFor({ timeoutMs: 10_000 }).count(ONEC_SETS.currencies, undefined, { signal: controller.signal }));
    await arrived;
    const abortedAt = performance.now();
    controller.abort(new Error('задача отменена'));
    const error = await pending;
    expect(performance.now() - abortedAt).toBeLessThan(500);
    expect(error).toBeInstanceOf(ODataAbortError);
    expect(error).not.toBeInstanceOf(ODataTimeoutError);
    expect(error).toMatchObject({ code: 'ONEC_ABORTED', retryable: false });
  });

  it('aborts during the pause between retries without waiting it out', async () => {
    sim.setFaults({ fail500: 'always' });
    const controller = new AbortController();
    const client = clientFor({ baseDelayMs: 60_000, maxDelayMs: 60_000, onRetry: () => controller.abort() });
    const started = performance.now();
    const error = await rejection(client.count(ONEC_SETS.currencies, undefined, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ODataAbortError);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops paging when aborted between pages', async () => {
    const controller = new AbortController();
    const pages = clientFor({ pageSize: 1 }).iteratePages(ONEC_SETS.currencies, { signal: controller.signal });
    await pages.next();
    controller.abort();
    expect(await rejection(pages.next())).toBeInstanceOf(ODataAbortError);
  });

  it('reports an HTML 502 from a proxy as NotODataResponseError without secrets', async () => {
    sim.setFaults({ badGateway: 'always' });
    const before = sim.stats().odataRequests;
    const error = await rejection(clientFor({ maxAttempts: 2 }).count(ONEC_SETS.currencies));
    expect(error).toBeInstanceOf(NotODataResponseError);
    expect(error).toMatchObject({ status: 502, code: 'ONEC_NOT_ODATA', attempts: 2 });
    expect((error as NotODataResponseError).snippet).toContain('502 Bad Gateway');
    expect((error as Error).message).toContain('не как OData 1С');
    expect((error as Error).message).not.toContain(PASSWORD);
    expect(odataRequestsSince(before)).toBe(2);
  });

  it('reports a proxy 404 page as not OData rather than "entity not found"', async () => {
    const wrong = new ODataClient({ url: `${sim.origin}/wrong/odata/standard.odata/`, user: USER, password: PASSWORD });
    const error = await rejection(wrong.getEntity(ONEC_SETS.currencies, '00000000-0000-0000-0000-000000000001'));
    expect(error).toBeInstanceOf(NotODataResponseError);
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it('reports malformed JSON with a named error after retrying it', async () => {
    sim.setFaults({ malformedJson: 'always' });
    const error = await rejection(readAll(clientFor({ maxAttempts: 2 }).iterateEntities(ONEC_SETS.currencies)));
    expect(error).toBeInstanceOf(ODataMalformedJsonError);
    expect(error).toMatchObject({ status: 200, code: 'ONEC_MALFORMED_JSON', attempts: 2 });
  });

  it('recovers from one truncated answer', async () => {
    sim.setFaults({ malformedJson: 1 });
    expect(await readAll(clientFor().iterateEntities(ONEC_SETS.currencies))).toBe(4);
  });

  it('waits for a 429 Retry-After capped at maxDelayMs, then succeeds', async () => {
    sim.setFaults({ rateLimit: 1 });
    const delays: number[] = [];
    expect(await clientFor({ maxDelayMs: 30, onRetry: (event) => delays.push(event.delayMs) }).count(ONEC_SETS.currencies)).toBe(4);
    expect(delays).toEqual([30]);
  });

  it('gives up on a 503 with Retry-After it may not wait for, keeping when 1C may be asked again (retryAt)', async () => {
    sim.setFaults({ unavailable: 'always', retryAfterSeconds: 40 });
    const answered = sim.waitForRequest((entry) => entry.odata);
    const error = await rejection(clientFor({ maxAttempts: 1 }).count(ONEC_SETS.currencies));
    expect(error).toBeInstanceOf(NotODataResponseError);
    expect(error).toMatchObject({ status: 503, retryable: true });
    const entry = await answered;
    const at = (error as NotODataResponseError).retryAt!;
    expect(at - entry.receivedAt).toBeGreaterThanOrEqual(40_000);
    expect(at - Date.now()).toBeLessThanOrEqual(40_000);
    expect(sim.stats().faultsInjected.unavailable).toBeGreaterThanOrEqual(1);
  });

  it('retries a 503 with a short Retry-After and succeeds; the error of a fault without one has no retryAt', async () => {
    sim.setFaults({ unavailable: 1, retryAfterSeconds: 0 });
    expect(await clientFor().count(ONEC_SETS.currencies)).toBe(4);
    sim.setFaults({ fail500: 'always' });
    expect(((await rejection(clientFor({ maxAttempts: 2 }).count(ONEC_SETS.currencies))) as ODataError).retryAt).toBeUndefined();
  });

  it('reports a refused connection as ODataNetworkError after retries', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address() as { port: number };
        probe.close(() => resolve(address.port));
      });
    });
    const client = new ODataClient({
      url: `http://127.0.0.1:${port}/demo/odata/standard.odata/`,
      user: USER,
      password: PASSWORD,
      baseDelayMs: 1,
      maxAttempts: 2,
    });
    const error = await rejection(client.count(ONEC_SETS.currencies));
    expect(error).toBeInstanceOf(ODataNetworkError);
    expect(error).toMatchObject({ systemCode: 'ECONNREFUSED', attempts: 2, code: 'ONEC_UNREACHABLE' });
  });
});
