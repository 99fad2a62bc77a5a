/** Which channels «Сообщить мне по завершении» asks for: the app always, e-mail too when the user has an address. */
import type { UserChannel } from '../../api/notifications';

/** The user's e-mail, if the session knows one (older sessions were stored without it). */
export function emailOf(user: { email?: string | null } | null | undefined): string | null {
  const email = user?.email;
  return typeof email === 'string' && email ? email : null;
}

/** `['app']`, or `['app', 'email']` for a user with an e-mail. */
export function notifyChannels(user: { email?: string | null } | null | undefined): UserChannel[] {
  return emailOf(user) ? ['app', 'email'] : ['app'];
}
