/** The fields of an account as the API accepts them: one rule each, shared by log-in, the profile and the users routes. */
import { z } from 'zod';
import { USER_ROLES } from '../../auth/index.js';

/**
 * The longest e-mail address accepted: 254 characters, the most an SMTP path can carry (RFC 5321 §4.5.3.1.3,
 * 256 with its angle brackets). A property of e-mail, not a tunable limit.
 */
export const EMAIL_MAX_LENGTH = 254;

// Plausible, not RFC 5322 in full: something without spaces, one @, and a domain with a dot and no empty label.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/**
 * An e-mail address, or null to clear it. Surrounding spaces are dropped and it is kept in lower case: addresses
 * are compared case-insensitively (their domain always is, and no mail system we send to tells local parts apart
 * by case).
 */
export const emailField = z
  .string({ error: 'must be a string (an e-mail address) or null' })
  .trim()
  .max(EMAIL_MAX_LENGTH, `is too long (at most ${EMAIL_MAX_LENGTH} characters)`)
  .regex(EMAIL_SHAPE, 'must be an e-mail address like name@example.com')
  .transform((s) => s.toLowerCase())
  .nullable();

/** A new password: 8 to 1000 characters. */
export const passwordField = z.string({ error: 'must be a string' }).min(8, 'must be at least 8 characters').max(1000, 'is too long');

/** One of the roles. */
export const roleField = z.enum(USER_ROLES, { error: `must be one of ${USER_ROLES.join(', ')}` });
