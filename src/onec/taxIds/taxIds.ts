// Russian taxpayer identifiers. INN check digits follow the FNS algorithm: a weighted sum of the preceding
// digits, mod 11, mod 10. KPP has no check digit; only its format can be checked.

const LEGAL_INN_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const PERSON_INN_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const PERSON_INN_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

function checkDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  return (sum % 11) % 10;
}

/** Appends the check digit to the first 9 digits of a legal entity's INN (10 digits in all). */
export function completeLegalInn(first9: string): string {
  if (!/^\d{9}$/.test(first9)) throw new RangeError(`expected 9 digits, got "${first9}"`);
  return first9 + String(checkDigit(first9, LEGAL_INN_WEIGHTS));
}

/** Appends both check digits to the first 10 digits of a person's (ИП) INN (12 digits in all). */
export function completePersonInn(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new RangeError(`expected 10 digits, got "${first10}"`);
  const eleven = first10 + String(checkDigit(first10, PERSON_INN_WEIGHTS_11));
  return eleven + String(checkDigit(eleven, PERSON_INN_WEIGHTS_12));
}

/** True for a 10-digit (legal entity) or 12-digit (person) INN whose check digits are right. */
export function isValidInn(inn: string): boolean {
  if (/^\d{10}$/.test(inn)) return completeLegalInn(inn.slice(0, 9)) === inn;
  if (/^\d{12}$/.test(inn)) return completePersonInn(inn.slice(0, 10)) === inn;
  return false;
}

/** True for a well-formed KPP: 4-digit tax office, 2-character reason (digits or A–Z), 3-digit number. */
export function isValidKpp(kpp: string): boolean {
  return /^\d{4}[0-9A-Z]{2}\d{3}$/.test(kpp);
}
