/**
 * The colour scheme: the user's choice («как в системе», «светлая», «тёмная») kept in localStorage, and the scheme
 * it gives — the system's `prefers-color-scheme` for «как в системе», followed live when the system changes. The
 * scheme is set on <html> as data-theme (web/src/colors.css defines the colours of each) and color-scheme.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';

/** What the user picked. */
export type ThemeChoice = 'system' | 'light' | 'dark';
/** What the page shows. */
export type ColorScheme = 'light' | 'dark';

/** The localStorage key of the choice. */
export const THEME_KEY = 'taskcast.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';
const CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** The stored choice; «system» when none (or storage is unavailable). */
export function storedChoice(storage: Pick<Storage, 'getItem'> | null = safeStorage()): ThemeChoice {
  let value: string | null = null;
  try {
    value = storage?.getItem(THEME_KEY) ?? null;
  } catch {
    // storage refused (private mode): the system's scheme
  }
  return CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
}

/** Stores the choice («system» removes the key, so a later default applies). */
export function storeChoice(choice: ThemeChoice, storage: Pick<Storage, 'setItem' | 'removeItem'> | null = safeStorage()): void {
  try {
    if (choice === 'system') storage?.removeItem(THEME_KEY);
    else storage?.setItem(THEME_KEY, choice);
  } catch {
    // not kept across reloads; the page still switches
  }
}

/** The scheme a choice gives when the system prefers `systemDark`. */
export function schemeOf(choice: ThemeChoice, systemDark: boolean): ColorScheme {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}

/** True when the system asks for dark. */
export function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(DARK_QUERY).matches;
}

/** Marks <html> with the scheme (the colours of colors.css and the browser's own controls follow). */
export function applyScheme(scheme: ColorScheme): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = scheme;
  document.documentElement.style.colorScheme = scheme;
}

/** The choice, the scheme it gives, and a setter that stores it; follows the system's changes. */
export function useColorScheme(): { choice: ThemeChoice; scheme: ColorScheme; setChoice: (choice: ThemeChoice) => void } {
  const [choice, setChoiceState] = useState<ThemeChoice>(() => storedChoice());
  const [systemDark, setSystemDark] = useState(systemPrefersDark);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return;
    const query = window.matchMedia(DARK_QUERY);
    const onChange = () => setSystemDark(query.matches);
    onChange();
    query.addEventListener?.('change', onChange);
    return () => query.removeEventListener?.('change', onChange);
  }, []);

  // Another tab changed the choice: this one follows.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === THEME_KEY || e.key === null) setChoiceState(storedChoice());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const scheme = schemeOf(choice, systemDark);
  useEffect(() => applyScheme(scheme), [scheme]);

  const setChoice = useCallback((next: ThemeChoice) => {
    storeChoice(next);
    setChoiceState(next);
  }, []);
  return { choice, scheme, setChoice };
}

/** The choice and its setter, as the app's root provides them to the header's switch. */
export interface ColorSchemeControl {
  choice: ThemeChoice;
  setChoice: (choice: ThemeChoice) => void;
}

/** Provided by the app's root (web/src/App.tsx); null outside it (the switch then shows nothing). */
export const ColorSchemeContext = createContext<ColorSchemeControl | null>(null);

/** The choice and its setter from the app's root, or null outside it. */
export function useColorSchemeControl(): ColorSchemeControl | null {
  return useContext(ColorSchemeContext);
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
