import { describe, expect, it } from 'vitest';
import { payloadAt } from '../schedules/index.js';
import { bankSyncParams, checkBankSyncPayload, checkContractorsPayload, MAX_SYNC_DAYS } from './syncPayloads.js';

const message = (f: () => void): string => {
  try {
    f();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
};

describe('the syncs’ stored payloads', () => {
  it('a bank sync takes real dates in order, within the longest period, auto_classify optional', () => {
    expect(() => checkBankSyncPayload({ date_from: '2026-01-01', date_to: '2026-01-31' })).not.toThrow();
    expect(() => checkBankSyncPayload({ date_from: '2026-01-01', date_to: '2026-01-31', auto_classify: false })).not.toThrow();
    expect(message(() => checkBankSyncPayload({ date_from: '2026-02-30', date_to: '2026-03-01' }))).toBe(
      'date_from: must be a real date YYYY-MM-DD',
    );
    expect(message(() => checkBankSyncPayload({ date_from: '2026-02-01', date_to: '2026-01-01' }))).toBe(
      'date_from: must not be after date_to',
    );
    expect(message(() => checkBankSyncPayload({ date_from: '2000-01-01', date_to: '2026-01-01' }))).toBe(
      `date_to: the period must not be longer than ${MAX_SYNC_DAYS} days`,
    );
    expect(message(() => checkBankSyncPayload({ date_from: '2026-01-01', date_to: '2026-01-02', colour: 'red' }))).toBe(
      'unknown field "colour"',
    );
  });

  it('a bank sync shows its period and auto_classify (true unless false) as its parameters; no period, none', () => {
    expect(bankSyncParams({ date_from: '2025-01-01', date_to: '2025-12-31' })).toEqual({
      date_from: '2025-01-01',
      date_to: '2025-12-31',
      auto_classify: true,
    });
    expect(bankSyncParams({ date_from: '2025-01-01', date_to: '2025-01-31', auto_classify: false }).auto_classify).toBe(false);
    expect(() => bankSyncParams({ auto_classify: true })).toThrow();
  });

  it('a relative period is checked as the dates it resolves to; an unknown one names the period', () => {
    const tick = new Date('2026-12-06T09:00:00Z');
    expect(() => checkBankSyncPayload(payloadAt({ period: 'current_month', auto_classify: true }, tick, 'Europe/Moscow'))).not.toThrow();
    expect(() => checkBankSyncPayload(payloadAt({ period: 'last_days', days: 30 }, tick, 'Europe/Moscow'))).not.toThrow();
    expect(message(() => checkBankSyncPayload(payloadAt({ period: 'yesterday' }, tick, 'UTC')))).toBe(
      'period: must be one of current_month, previous_month, last_days',
    );
  });

  it('a counterparties sync takes nothing', () => {
    expect(() => checkContractorsPayload(null)).not.toThrow();
    expect(() => checkContractorsPayload({})).not.toThrow();
    expect(message(() => checkContractorsPayload({ date_from: '2026-01-01' }))).toBe('unknown field "date_from"');
  });
});
