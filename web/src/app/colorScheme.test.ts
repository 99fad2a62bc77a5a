import { describe, expect, it } from 'vitest';
import { schemeOf, storeChoice, storedChoice, THEME_KEY } from './colorScheme';

/** A Storage of a Map (the browser's own is exercised by test/e2e/darkMode.test.ts). */
function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, String(v)),
    removeItem: (k) => void data.delete(k),
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    get length() {
      return data.size;
    },
  };
}

describe('colorScheme', () => {
  it('«как в системе» gives the system scheme; a picked one wins over it', () => {
    expect(schemeOf('system', true)).toBe('dark');
    expect(schemeOf('system', false)).toBe('light');
    expect(schemeOf('light', true)).toBe('light');
    expect(schemeOf('dark', false)).toBe('dark');
  });

  it('keeps a picked scheme, forgets «как в системе», and ignores a stored value it does not know', () => {
    const storage = memoryStorage();
    expect(storedChoice(storage)).toBe('system');
    storeChoice('dark', storage);
    expect(storage.getItem(THEME_KEY)).toBe('dark');
    expect(storedChoice(storage)).toBe('dark');
    storeChoice('system', storage);
    expect(storage.getItem(THEME_KEY)).toBeNull();
    storage.setItem(THEME_KEY, 'sepia');
    expect(storedChoice(storage)).toBe('system');
  });

  it('a storage that throws (private mode) leaves the system scheme and no error', () => {
    const refusing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(storedChoice(refusing)).toBe('system');
    expect(() => storeChoice('dark', refusing)).not.toThrow();
  });
});
