import { describe, expect, it } from 'vitest';
import * as onec from '../index.js';
import { ONEC_ERROR_CODES } from './oneCErrorCodes.js';
import { OneCError } from './OneCError.js';

describe('error registry', () => {
  it('documents every code with a sentence', () => {
    for (const [code, meaning] of Object.entries(ONEC_ERROR_CODES)) {
      expect(code).toMatch(/^ONEC_[A-Z_]+$/);
      expect(meaning.length).toBeGreaterThan(10);
    }
  });

  it('exports every error class as a named OneCError subclass', () => {
    const classes = Object.entries(onec).filter(
      ([name, value]) => typeof value === 'function' && value.prototype instanceof OneCError && name.endsWith('Error'),
    );
    expect(classes.map(([name]) => name).sort()).toEqual([
      'NotODataResponseError',
      'ODataAbortError',
      'ODataAccessDeniedError',
      'ODataArgumentError',
      'ODataAuthError',
      'ODataError',
      'ODataMalformedJsonError',
      'ODataNetworkError',
      'ODataRecordError',
      'ODataTimeoutError',
      'ODataUrlTooLongError',
      'SimulatorConfigError',
      'SimulatorRecordError',
      'SimulatorRecordNotFoundError',
    ]);
    const samples: OneCError[] = [
      new onec.ODataError(500, '-1', 'x'),
      new onec.ODataAuthError(401, 'u'),
      new onec.ODataAccessDeniedError(401, 'u', 'S', 'x'),
      new onec.ODataUrlTooLongError(2100, 2048, 'S', true),
      new onec.ODataTimeoutError(1, 1, 'x'),
      new onec.ODataAbortError('x'),
      new onec.ODataNetworkError('http://h', null, 1, null),
      new onec.NotODataResponseError(502, 'text/html', 'x'),
      new onec.ODataMalformedJsonError(200, 'x', 1, null),
      new onec.ODataRecordError('S', null, 'F', 'r'),
      new onec.ODataArgumentError('x'),
      new onec.SimulatorConfigError('S', 'x'),
      new onec.SimulatorRecordError('x'),
      new onec.SimulatorRecordNotFoundError('S', 'r'),
    ];
    for (const error of samples) {
      expect(Object.keys(ONEC_ERROR_CODES)).toContain(error.code);
      expect(error.name).toBe(error.constructor.name);
    }
    expect(new Set(samples.map((e) => e.code)).size).toBe(Object.keys(ONEC_ERROR_CODES).length);
  });
});
