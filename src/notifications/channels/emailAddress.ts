/**
 * E-mail addresses as the channel accepts them: a recipient is one bare address (`ops@example.com`: no name, no
 * list — "a@x, b@y" would otherwise reach two people); MAIL_FROM may carry a name (`Taskcast <taskcast@example.com>`).
 * Parsed with nodemailer's own address parser, so what passes here is what it will send to.
 */
import addressparser from 'nodemailer/lib/addressparser';

const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+$/;
/** The longest address (RFC 5321's path limit). */
export const EMAIL_ADDRESS_MAX = 254;

/** Null when `value` is one address (with a display name when `allowName`), else the reason in Russian. */
export function checkEmailAddress(value: string, options: { allowName?: boolean } = {}): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return 'пустой адрес';
  const parsed = addressparser(trimmed, { flatten: true });
  if (parsed.length !== 1) return 'нужен один адрес';
  const [entry] = parsed;
  const address = entry?.address ?? '';
  if (!ADDRESS.test(address) || address.length > EMAIL_ADDRESS_MAX) return `не адрес электронной почты: ${trimmed}`;
  if (!options.allowName && address !== trimmed) return 'нужен только адрес, без имени: name@example.com';
  return null;
}
