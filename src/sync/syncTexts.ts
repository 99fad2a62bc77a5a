// Numbers and days in the texts a sync writes (progress messages, log lines), as the Russian interface shows
// them: «Загружено 1 000 из 4 899», «за 01.01.2025 — 31.12.2025». The log lines' `fields` keep the raw values.

// ru-RU groups digits with a no-break space (U+00A0), so «4 899» never wraps between its digits.
const integer = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** 4 899 */
export function num(n: number): string {
  return integer.format(n);
}

/** DD.MM.YYYY of a YYYY-MM-DD day. */
export function day(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** «01.01.2025 — 31.12.2025» */
export function period(from: string, to: string): string {
  return `${day(from)} — ${day(to)}`;
}
