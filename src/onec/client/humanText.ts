// Small helpers that make error messages read naturally in Russian (the UI language).

/** Picks the Russian plural form for n: 1 попытка, 2 попытки, 5 попыток. */
export function russianPlural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

/** "5 попыток", "1 попытка". */
export function attemptsText(attempts: number): string {
  return `${attempts} ${russianPlural(attempts, 'попытка', 'попытки', 'попыток')}`;
}

/** A duration for people: "200 мс", "30 с", "1,5 с". */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} мс`;
  const seconds = Math.round(ms / 100) / 10;
  return `${String(seconds).replace('.', ',')} с`;
}

/** Collapses a response body into a short one-line excerpt, dropping HTML tags so a proxy page stays readable. */
export function bodySnippet(text: string, maxLength = 160): string {
  const withoutTags = /<[a-z!/][^>]*>/i.test(text) ? text.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ') : text;
  const oneLine = withoutTags.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}…` : oneLine;
}
