// Russian settlement account numbers (20 digits) with the control key the Bank of Russia defines: the key makes
// the weighted sum (weights 7,1,3 repeated) of the last three BIK digits and the account divisible by 10.

const WEIGHTS = [7, 1, 3] as const;

function weightedSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (Number(digits[i]) * (WEIGHTS[i % 3] ?? 0)) % 10;
  return sum;
}

/** Builds `balance(5) + currency(3) + key(1) + rest(11)` with the right key for `bik`. */
export function settlementAccountNumber(bik: string, balance: string, currency: string, rest: string): string {
  const withZeroKey = `${balance}${currency}0${rest}`;
  const sum = weightedSum(bik.slice(-3) + withZeroKey);
  const key = ((sum % 10) * 3) % 10;
  return `${balance}${currency}${key}${rest}`;
}

/** True when the 20-digit account's control key matches `bik`. */
export function isValidSettlementAccount(account: string, bik: string): boolean {
  return /^\d{20}$/.test(account) && /^\d{9}$/.test(bik) && weightedSum(bik.slice(-3) + account) % 10 === 0;
}
