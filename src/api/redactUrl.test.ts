import { describe, expect, test } from 'vitest';
import { isSecretName, redactUrl } from './redactUrl.js';

describe('redactUrl', () => {
  test.each([
    ['/ws?token=abc', '/ws?token=[redacted]'],
    ['/ws?%74oken=abc', '/ws?%74oken=[redacted]'],
    ['/ws?TOKEN=abc&x=1', '/ws?TOKEN=[redacted]&x=1'],
    ['/a?x=1&access_token=abc&y=2', '/a?x=1&access_token=[redacted]&y=2'],
    ['/a?pass+word=abc', '/a?pass+word=[redacted]'],
    ['/a?api_key=abc&key=def#frag', '/a?api_key=[redacted]&key=[redacted]#frag'],
    ['/a?%E0%A4%A&secret=abc', '/a?%E0%A4%A&secret=[redacted]'],
    ['/a?%E0%A4%A%74oken=abc', '/a?%E0%A4%A%74oken=[redacted]'],
    ['/a?search=token&limit=5', '/a?search=token&limit=5'],
    ['/a/token=abc', '/a/token=abc'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  test('names that are not secrets stay readable', () => {
    for (const name of ['search', 'limit', 'date_from', 'category', 'task_type', 'monkey_business'])
      expect(isSecretName(name), name).toBe(false);
  });
});
