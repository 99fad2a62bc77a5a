/** Which addresses the e-mail channel takes: one bare recipient; a sender with or without a name. */
import { describe, expect, it } from 'vitest';
import { checkEmailAddress } from './emailAddress.js';

describe('checkEmailAddress', () => {
  it('one bare address for a recipient', () => {
    expect(checkEmailAddress('ops@example.com')).toBeNull();
    expect(checkEmailAddress(' ops@example.com ')).toBeNull();
    expect(checkEmailAddress('ops@localhost')).toBeNull();
    expect(checkEmailAddress('')).toBe('пустой адрес');
    expect(checkEmailAddress('ops')).toMatch(/не адрес/);
    expect(checkEmailAddress('a@example.com, b@example.com')).toBe('нужен один адрес');
    expect(checkEmailAddress('a@example.com;b@example.com')).not.toBeNull();
    expect(checkEmailAddress('Ops <ops@example.com>')).toMatch(/без имени/);
    expect(checkEmailAddress(`${'a'.repeat(250)}@example.com`)).toMatch(/не адрес/);
  });

  it('a name allowed for MAIL_FROM', () => {
    expect(checkEmailAddress('Taskcast <taskcast@example.com>', { allowName: true })).toBeNull();
    expect(checkEmailAddress('"Taskcast, отчёты" <taskcast@example.com>', { allowName: true })).toBeNull();
    expect(checkEmailAddress('Taskcast', { allowName: true })).toMatch(/не адрес/);
  });
});
