import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { attemptsText, bodySnippet, durationText } from './humanText.js';
import { CLIENT_DEFAULTS, resolveClientOptions } from './clientOptions.js';
import { isTransientODataError, ODataArgumentError, ODataError } from './errors.js';
import { classifyResponse } from './classifyResponse.js';

describe('backoff with full jitter', () => {
  it('draws in [0, base·2^(n-1)] capped by maxDelayMs', () => {
    expect(backoffDelay(1, 500, 8000, () => 0.999)).toBe(499);
    expect(backoffDelay(3, 500, 8000, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, 500, 8000, () => 0.999)).toBe(7992);
    expect(backoffDelay(4, 500, 8000, () => 0)).toBe(0);
  });

  it('keeps a persistent fault within about two minutes with the defaults', () => {
    // Worst case of a hang: every attempt runs to timeoutMs, every pause is as long as it can be — the overall
    // limit totalTimeoutMs cuts it, so the failure arrives after totalTimeoutMs plus at most one pause.
    const { timeoutMs, maxAttempts, baseDelayMs, maxDelayMs, totalTimeoutMs } = CLIENT_DEFAULTS;
    let elapsed = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      elapsed += Math.min(timeoutMs, Math.max(0, totalTimeoutMs - elapsed));
      if (attempt < maxAttempts) elapsed += backoffDelay(attempt, baseDelayMs, maxDelayMs, () => 0.999);
    }
    expect(elapsed).toBeLessThanOrEqual(totalTimeoutMs + maxDelayMs);
    expect(totalTimeoutMs).toBeLessThanOrEqual(120_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-03-05T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 05 Mar 2025 10:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('потом', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('human-readable texts', () => {
  it('uses Russian plural forms', () => {
    expect([1, 2, 5, 11, 21, 22, 25].map(attemptsText)).toEqual([
      '1 попытка',
      '2 попытки',
      '5 попыток',
      '11 попыток',
      '21 попытка',
      '22 попытки',
      '25 попыток',
    ]);
  });

  it('formats durations and snippets', () => {
    expect(durationText(200)).toBe('200 мс');
    expect(durationText(30_000)).toBe('30 с');
    expect(durationText(1500)).toBe('1,5 с');
    expect(bodySnippet('<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>')).toBe(
      '502 Bad Gateway 502 Bad Gateway',
    );
    expect(bodySnippet('x'.repeat(500))).toHaveLength(161);
  });
});

describe('client options', () => {
  it('fills in defaults and normalises the base URL', () => {
    const options = resolveClientOptions({ url: 'http://1c.local/bp/odata/standard.odata', user: 'u', password: '' });
    expect(options).toMatchObject({ ...CLIENT_DEFAULTS, url: 'http://1c.local/bp/odata/standard.odata/' });
  });

  it('rejects credentials in the URL, bad numbers and missing values', () => {
    expect(() => resolveClientOptions({ url: 'http://u:p@1c.local/o/', user: 'u', password: 'p' })).toThrow(ODataArgumentError);
    expect(() => resolveClientOptions({ url: 'ftp://1c.local/o/', user: 'u', password: 'p' })).toThrow(/http/);
    expect(() => resolveClientOptions({ url: 'http://1c.local/o/', user: 'u', password: 'p', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => resolveClientOptions({ url: 'http://1c.local/o/', user: 'u', password: 'p', pageSize: 1.5 })).toThrow(/pageSize/);
  });
});

describe('which odata.error answers are worth another request', () => {
  const answer = (status: number, code: string) => ({
    status,
    contentType: 'application/json',
    retryAfter: null,
    bytes: new TextEncoder().encode(JSON.stringify({ 'odata.error': { code, message: { lang: 'ru', value: 'текст' } } })),
  });
  const request = { user: 'u', what: 'Catalog_Контрагенты', queryBytes: 10 };

  it('retries 5xx and 429 unless 1C’s code says the request itself is wrong (a set not published, a bad query)', () => {
    const transient = (status: number, code: string) => {
      const result = classifyResponse(answer(status, code), 'json', request, Date.now());
      if (result.ok) throw new Error('expected a failure');
      const error = result.failure.makeError(1);
      expect(error).toBeInstanceOf(ODataError);
      expect(error.retryable).toBe(result.failure.transient);
      return result.failure.transient;
    };
    expect(transient(500, '-1')).toBe(true);
    expect(transient(503, '0')).toBe(true);
    expect(transient(429, '-1')).toBe(true);
    for (const code of ['8', '9', '10', '14', '20']) expect(transient(500, code)).toBe(false);
    expect(transient(404, '8')).toBe(false);
    expect(transient(400, '14')).toBe(false);
    expect(isTransientODataError(502, '-1')).toBe(true);
    expect(isTransientODataError(500, '6')).toBe(false);
  });
});
