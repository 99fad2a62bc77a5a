/** The signed-in session as React state, following log-in, log-out and expiry. */
import { useEffect, useState } from 'react';
import { getSession, onSessionChange, type Session } from '@/api/client';

/** The current session (null when signed out); re-renders when it changes. */
export function useSession(): Session | null {
  const [session, setSession] = useState<Session | null>(() => getSession());
  useEffect(() => {
    setSession(getSession());
    return onSessionChange(setSession);
  }, []);
  return session;
}
