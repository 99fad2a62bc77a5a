/** The current time, re-read every `intervalMs` while `active` (a countdown's clock). */
import { useEffect, useState } from 'react';

/** Epoch ms, updated every `intervalMs` while `active`; frozen otherwise. */
export function useNow(active: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
