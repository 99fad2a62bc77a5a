/**
 * E-mail addresses as the channel accepts them: a recipient is one bare address (`ops@example.com`: no name, no
 * list — "a@x, b@y" would otherwise reach two people); MAIL_FROM may carry a name (`Taskcast <taskcast@example.com>`).
 */

/** local@domain, without spaces or the characters that separate, quote or bracket addresses. */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
/** `Name <address>` (the name may be quoted and hold commas). */
const NAMED = /^(.*?)\s*<([^<>]*)>$/;
/** The longest address (RFC 5321's path limit). */
export const EMAIL_ADDRESS_MAX = 254;

/** Null when `value` is one address (with a display name when `allowName`), else the reason in Russian. */
export function checkEmailAddress(value: string, options: { allowName?: boolean } = {}): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'пустой адрес';
  const named = NAMED.exec(trimmed);
  if (named && !options.allowName) return 'нужен только адрес, без имени: name@example.com';
  if (named && /[<>]/.test(named[1] ?? '')) return 'нужен один адрес';
  const address = named ? (named[2] ?? '').trim() : trimmed;
  if (!named && /[,;]/.test(address) && address.split(/[,;]/).filter((p) => p.trim() !== '').length > 1) return 'нужен один адрес';
  if (!ADDRESS.test(address) || address.length > EMAIL_ADDRESS_MAX) return `не адрес электронной почты: ${trimmed}`;
  return null;
}
